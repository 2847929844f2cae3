// HR's badge for a visit report's review timer: "auto-accepted by rule: 72 h without
// review", "escalated", or when the running timer fires.
import { hrBadge } from './outcome.js';

export function TimerBadge({ timer, L }) {
  const badge = hrBadge(timer, L);
  if (!badge) return null;
  return <span class={`badge ${badge[0]}`}>{badge[1]}</span>;
}
