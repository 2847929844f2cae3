// Recurring cycles: the month grid's days and the daily self-check's state on Today.
import { describe, expect, it } from 'vitest';
import { cellText, cellsByDay, dailyState, leadingBlanks, localDay, monthDays, shiftMonth } from '../src/cycles/logic.js';

describe('month grid', () => {
  it('lists every day of the month, leap years included', () => {
    expect(monthDays('2028-02-01', '2028-02-29')).toHaveLength(29);
    expect(monthDays('2026-12-01', '2026-12-31').at(-1)).toBe('2026-12-31');
  });
  it('moves across years', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
  });
  it('puts the 1st under its weekday, weeks from Monday', () => {
    expect(leadingBlanks('2026-12-01')).toBe(1); // a Tuesday
    expect(leadingBlanks('2026-02-01')).toBe(6); // a Sunday
  });
  it('shows a rounded score or a tick', () => {
    const row = { days: [{ day: '2026-12-03', score: 79.6 }, { day: '2026-12-04', score: null }] };
    const cells = cellsByDay(row);
    expect(cellText(cells['2026-12-03'])).toBe('80');
    expect(cellText(cells['2026-12-04'])).toBe('✓');
    expect(cellText(cells['2026-12-05'])).toBe('');
  });
});

describe('daily self-check on Today', () => {
  const today = localDay(new Date(2026, 11, 5, 10));
  const a = { id: 7, daily: { day: today, done: false } };
  it('is due, waiting once sent today, done once synced today or the server says so', () => {
    expect(dailyState({ id: 7 }, [], [])).toBeNull();
    expect(dailyState(a, [], [], today)).toBe('due');
    const sent = { assignmentId: 7, createdAt: new Date(2026, 11, 5, 9).getTime() };
    expect(dailyState(a, [sent], [], today)).toBe('waiting');
    const synced = { assignmentId: 7, syncedAt: new Date(2026, 11, 5, 9).getTime() };
    expect(dailyState(a, [], [synced], today)).toBe('done');
    expect(dailyState({ ...a, daily: { day: today, done: true } }, [], [], today)).toBe('done');
  });
  it('is due again the next day whatever was sent yesterday', () => {
    const yesterday = { assignmentId: 7, syncedAt: new Date(2026, 11, 4, 20).getTime() };
    expect(dailyState(a, [yesterday], [yesterday], today)).toBe('due');
  });
});
