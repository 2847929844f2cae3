// The daily self-check on the Today screen (recurring cycles): its badge and where its card
// leads. Registers the small "daily" namespace of every language with the app shell.
import { register } from '../i18n/index.js';
import { dailyState } from '../cycles/logic.js';

register(import.meta.glob('../i18n/*/daily.js', { eager: true }));

const BADGES = { done: ['sent', 'daily.done'], waiting: ['waiting', 'daily.waiting'], due: ['due', 'daily.due'] };

/** [badge class, text key] of a per-day assignment, or null for any other assignment. */
export function dailyBadge(a, s) {
  if (s.outbox.some((i) => i.assignmentId === a.id && i.state === 'attention')) return ['attention', 'field.badge.attention'];
  const state = dailyState(a, s.outbox, s.receipts);
  return state ? BADGES[state] : null;
}

/** Where a per-day assignment's card leads: the month grid once done, else the form. */
export function dailyHref(a, badge) {
  if (!a.daily) return null;
  return badge?.[1] === 'daily.due' ? `#/form/${a.id}` : '#/self-checks';
}
