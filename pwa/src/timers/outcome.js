// What the review timers did or will do, as text (pure: tested in test/timers.test.js).
import { fmtDate, t } from './i18n.js';

/** Hours without a needless ".0" (72, 1.5). */
export const hoursText = (h) => (Number.isInteger(Number(h)) ? String(Number(h)) : String(Number(h).toFixed(2)).replace(/0+$/, ''));

/** The shopper's line for a visit's outcome, the rule's hours filled in. */
export function outcomeText(visit) {
  const h = hoursText(visit.timer?.auto_decision?.hours ?? 0);
  return t(`timers.outcome.${visit.outcome}`, { h });
}

/** The shopper's line for the timer still running on a report, or ''. */
export function pendingText(timer, L) {
  const p = timer?.pending;
  return p ? t(`timers.pending.${p.action}`, { t: fmtDate(p.fires_at, L) }) : '';
}

/** HR's badge for a report's timer: [css class, text] or null. */
export function hrBadge(timer, L) {
  if (!timer) return null;
  const auto = timer.auto_decision;
  if (auto) {
    const outcome = auto.rule === 'auto_accept_after_hours' ? 'auto_accepted' : 'auto_rejected';
    return ['ev-ok timer-auto', t(`timers.outcome.${outcome}`, { h: hoursText(auto.hours) })];
  }
  if (timer.escalated_at) {
    const hours = timer.events?.find((e) => e.rule === 'escalate_after_hours')?.hours ?? 0;
    return ['ev-bad', t('timers.hr.escalated', { h: hoursText(hours) })];
  }
  const p = timer.pending;
  return p ? ['ev-warn', t(`timers.hr.${p.action}_at`, { t: fmtDate(p.fires_at, L) })] : null;
}
