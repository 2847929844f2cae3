// Pure helpers of the scorecard screens (issue 18): My reviews' block, the manager's team
// table and the HR dashboard's units × indicators heat map. The figures come from
// GET /api/v1/me/scorecard, /me/team-scorecard and /scorecard (server/services/scorecard).

export const PERIODS = ['month', 'quarter', 'half'];
const V = '/api/v1';

export const EP = {
  mine: (period) => `${V}/me/scorecard?period=${period}`,
  team: (period) => `${V}/me/team-scorecard?period=${period}`,
  units: (period) => `${V}/scorecard?period=${period}&by=unit`,
};

/** A 0–100 figure as shown (one decimal, like the PDF), or null. */
export function fmt(v) {
  return v == null ? null : v.toFixed(1);
}

/** A signed change ("+2.5", "−1.0", "0.0"), or null. */
export function fmtTrend(v) {
  if (v == null) return null;
  const text = Math.abs(v).toFixed(1);
  if (text === '0.0') return '0.0';
  return (v > 0 ? '+' : '\u2212') + text;
}

/** "up" | "down" | "same" | null of a change (compared after rounding to one decimal). */
export function trendWay(v) {
  if (v == null) return null;
  const s = fmtTrend(v);
  return s === '0.0' ? 'same' : v > 0 ? 'up' : 'down';
}

/** The indicators in the scorecard's order, each with its dimension: [{key, title, weight, dimension}]. */
export function indicatorsOf(defs) {
  return (defs?.dimensions || []).flatMap((d) => d.indicators.map((i) => ({ ...i, dimension: d })));
}

/** An indicator's sources as [{key, title, n, value}], the scorecard's source order. */
export function sourcesOf(figure, defs) {
  const order = Object.keys(defs?.sources || {});
  return Object.entries(figure?.sources || {})
    .map(([key, s]) => ({ key, title: defs?.sources?.[key]?.title, n: s.n, value: s.value }))
    .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

/** The value a column sorts by: "name", "score", "trend" or an indicator key. */
export function sortValue(row, column) {
  if (column === 'name') return row.nameText ?? '';
  if (column === 'score' || column === 'trend') return row[column];
  return row.indicators?.[column]?.value ?? null;
}

/**
 * Rows sorted by `column` ("ascending" | "descending"); a row without a figure ("not
 * enough data") always comes last, ties keep the server's order (best first).
 */
export function sortRows(rows, column, direction) {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((r, i) => [r, i])
    .sort(([a, i], [b, j]) => {
      const x = sortValue(a, column);
      const y = sortValue(b, column);
      if (x == null || y == null) return x == null && y == null ? i - j : x == null ? 1 : -1;
      const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return c ? sign * c : i - j;
    })
    .map(([r]) => r);
}

/** The next sort state after a click on `column` (a new column starts descending, names ascending). */
export function nextSort(sort, column) {
  if (sort.column === column) return { column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: column === 'name' ? 'ascending' : 'descending' };
}

/** The heat of a cell: a band 0–4 (0–20, … 80–100), or null ("not enough data"). */
export function heatBand(v) {
  if (v == null) return null;
  return Math.min(4, Math.max(0, Math.floor(v / 20)));
}
