// The supervisor's observations on the Today screen and the form (issue 18 §2): an
// assignment of a repeatable form (`repeatable: true`, server/services/sync/repeatable.py)
// takes observation after observation, each its own submission, offline like any form.
// Its card always leads to a fresh form and counts today's observations on this phone.
import { register } from '../i18n/index.js';
import { localDay } from '../cycles/logic.js';

register(import.meta.glob('../i18n/*/scorecard.js', { eager: true }));

/** Today's observations of this assignment on this phone: {waiting, sent}. */
export function todayCounts(a, outbox, receipts, today = localDay()) {
  const mine = (x) => x.assignmentId === a.id;
  const onDay = (when) => when != null && localDay(new Date(when)) === today;
  return {
    waiting: (outbox || []).filter((i) => mine(i) && onDay(i.submission?.completed_at ?? i.createdAt)).length,
    sent: (receipts || []).filter((r) => mine(r) && onDay(r.syncedAt)).length,
  };
}

/** [badge class, text key, params] of a repeatable assignment's card, or null for others. */
export function repeatBadge(a, s) {
  if (!a.repeatable) return null;
  if (s.outbox.some((i) => i.assignmentId === a.id && i.state === 'attention')) return ['attention', 'field.badge.attention'];
  const c = todayCounts(a, s.outbox, s.receipts);
  if (!c.waiting && !c.sent) return ['due', 'scorecard.observe.none_today'];
  return [c.waiting ? 'waiting' : 'sent', 'scorecard.observe.today', { n: c.waiting + c.sent, w: c.waiting }];
}
