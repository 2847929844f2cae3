// The scorecard screens' pure rules (src/scorecard/logic.js): formatting as the PDF does,
// sorting by any column with "not enough data" last, the heat bands, the source order.
import { describe, expect, it } from 'vitest';
import { fmt, fmtTrend, heatBand, indicatorsOf, nextSort, sortRows, sourcesOf, trendWay } from '../src/scorecard/logic.js';
import en from '../src/i18n/en/scorecard.js';
import zh from '../src/i18n/zh-CN/scorecard.js';

const row = (id, score, greeting, name = `P${id}`) => ({ id, nameText: name, score, trend: score == null ? null : score - 80, indicators: { greeting_rate: { value: greeting, n: 10, sources: {} } } });

describe('scorecard logic', () => {
  it('formats like the PDF: one decimal, a true minus, 0.0 for a rounded zero', () => {
    expect(fmt(87.5)).toBe('87.5');
    expect(fmt(100 * 26 / 30)).toBe('86.7');
    expect(fmt(null)).toBe(null);
    expect(fmtTrend(2.54)).toBe('+2.5');
    expect(fmtTrend(-1)).toBe('\u22121.0');
    expect(fmtTrend(0.01)).toBe('0.0');
    expect(trendWay(0.01)).toBe('same');
    expect(trendWay(-3)).toBe('down');
    expect(trendWay(null)).toBe(null);
  });

  it('sorts by any column, not enough data last in both directions, ties stable', () => {
    const rows = [row(1, 90, null), row(2, null, 70), row(3, 70, 95), row(4, 90, 60)];
    expect(sortRows(rows, 'score', 'descending').map((r) => r.id)).toEqual([1, 4, 3, 2]);
    expect(sortRows(rows, 'score', 'ascending').map((r) => r.id)).toEqual([3, 1, 4, 2]);
    expect(sortRows(rows, 'greeting_rate', 'descending').map((r) => r.id)).toEqual([3, 2, 4, 1]);
    expect(sortRows(rows, 'greeting_rate', 'ascending').map((r) => r.id)).toEqual([4, 2, 3, 1]);
    expect(sortRows(rows, 'name', 'descending').map((r) => r.id)).toEqual([4, 3, 2, 1]);
  });

  it('a click sorts a new column descending (names ascending), the same column flips', () => {
    expect(nextSort({ column: 'score', direction: 'descending' }, 'score')).toEqual({ column: 'score', direction: 'ascending' });
    expect(nextSort({ column: 'score', direction: 'ascending' }, 'greeting_rate')).toEqual({ column: 'greeting_rate', direction: 'descending' });
    expect(nextSort({ column: 'score', direction: 'descending' }, 'name')).toEqual({ column: 'name', direction: 'ascending' });
  });

  it('heat bands of 20 points; not enough data has no band', () => {
    expect([0, 19.9, 20, 59.9, 80, 100].map(heatBand)).toEqual([0, 0, 1, 2, 4, 4]);
    expect(heatBand(null)).toBe(null);
  });

  it('indicators in the scorecard order; sources in the definitions order', () => {
    const defs = {
      dimensions: [{ key: 'a', indicators: [{ key: 'x' }, { key: 'y' }] }, { key: 'b', indicators: [{ key: 'z' }] }],
      sources: { mystery_shop: { title: { en: 'M' } }, observation: { title: { en: 'O' } } },
    };
    expect(indicatorsOf(defs).map((i) => [i.key, i.dimension.key])).toEqual([['x', 'a'], ['y', 'a'], ['z', 'b']]);
    const figure = { sources: { observation: { n: 20, value: 85 }, mystery_shop: { n: 10, value: 90 } } };
    expect(sourcesOf(figure, defs).map((s) => [s.key, s.n, s.value])).toEqual([['mystery_shop', 10, 90], ['observation', 20, 85]]);
  });

  it('both languages have the same keys and placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const holes = (s) => (s.match(/\{\w+\}/g) || []).sort();
    for (const k of Object.keys(en)) expect(holes(zh[k])).toEqual(holes(en[k]));
  });
});

describe('supervisor observations on Today', async () => {
  const { repeatBadge, todayCounts } = await import('../src/scorecard/observe.js');
  const now = Date.now();
  const a = { id: 7, repeatable: true };
  const waiting = { assignmentId: 7, state: 'waiting', createdAt: now, submission: { completed_at: new Date(now).toISOString() } };
  const sent = { assignmentId: 7, syncedAt: now };
  const other = { assignmentId: 8, syncedAt: now };
  const old = { assignmentId: 7, syncedAt: now - 3 * 86_400_000 };

  it("counts today's observations of this assignment only", () => {
    expect(todayCounts(a, [waiting], [sent, other, old])).toEqual({ waiting: 1, sent: 1 });
  });

  it('badges: none today, waiting, sent, attention; not for other assignments', () => {
    expect(repeatBadge(a, { outbox: [], receipts: [] })).toEqual(['due', 'scorecard.observe.none_today']);
    expect(repeatBadge(a, { outbox: [waiting], receipts: [sent] })).toEqual(['waiting', 'scorecard.observe.today', { n: 2, w: 1 }]);
    expect(repeatBadge(a, { outbox: [], receipts: [sent, sent] })).toEqual(['sent', 'scorecard.observe.today', { n: 2, w: 0 }]);
    expect(repeatBadge(a, { outbox: [{ ...waiting, state: 'attention' }], receipts: [] })[0]).toBe('attention');
    expect(repeatBadge({ id: 9 }, { outbox: [], receipts: [] })).toBe(null);
  });
});
