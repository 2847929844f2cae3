// Pure rules of the recurring-cycles screens (tested in test/cycles.test.js): the month
// grid's days, the daily self-check's state on the Today screen, month navigation.

/** 'YYYY-MM-DD' of a Date in the device's local time. */
export function localDay(date = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

/** Every day of a month as 'YYYY-MM-DD', from the grid's `first` and `last`. */
export function monthDays(first, last) {
  const days = [];
  const [y, m] = first.split('-').map(Number);
  const end = Number(last.slice(8, 10));
  for (let d = 1; d <= end; d++) days.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  return days;
}

/** {day: cell} of one grid row. */
export function cellsByDay(row) {
  return Object.fromEntries((row?.days || []).map((c) => [c.day, c]));
}

/** 'YYYY-MM' of the month `delta` months from `month` ('YYYY-MM'). */
export function shiftMonth(month, delta) {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Leading empty cells so the 1st falls under its weekday (weeks start on Monday). */
export function leadingBlanks(first) {
  const [y, m, d] = first.split('-').map(Number);
  return (new Date(y, m - 1, d).getDay() + 6) % 7;
}

/**
 * The daily self-check on the Today screen: 'done' (checked in today, as the server or this
 * phone knows), 'waiting' (sent from this phone today, not yet synced) or 'due'.
 * null for an assignment that is not per day. `items` are outbox items, `receipts` synced ones.
 */
export function dailyState(a, outbox, receipts, today = localDay()) {
  if (!a?.daily) return null;
  const day = a.daily.day || today;
  if (a.daily.done) return 'done';
  const mine = (x) => x.assignmentId === a.id;
  // `when`: an ISO text or epoch milliseconds
  const onDay = (when) => when != null && localDay(new Date(when)) === day;
  if ((receipts || []).some((r) => mine(r) && onDay(r.syncedAt))) return 'done';
  if ((outbox || []).some((i) => mine(i) && onDay(i.submission?.completed_at ?? i.createdAt))) return 'waiting';
  return 'due';
}

/** Score cell text: a rounded score, or a tick when there is none. */
export function cellText(cell) {
  if (!cell) return '';
  return cell.score == null ? '✓' : String(Math.round(cell.score));
}
