// Pure helpers of the service-star screens (people/Stars.jsx, hr/screens/League.jsx).
import { tx } from '../i18n/index.js';

/** "2026-11" → "Nov 2026" / "2026年11月"; "2026-Q4" → "2026 Q4". */
export function periodLabel(key, locale) {
  const m = /^(\d{4})-(\d{2})$/.exec(key || '');
  if (!m) return (key || '').replace('-', ' ');
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return d.toLocaleString(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
}

/** The arrow of a league trend ("up" | "down" | "same" | null). */
export function trendArrow(trend) {
  return { up: '▲', down: '▼', same: '=' }[trend] || '';
}

/** Team stars grouped by period, newest first: [{period, stars: [...]}]. */
export function byPeriod(stars) {
  const out = [];
  for (const s of stars || []) {
    const last = out.at(-1);
    if (last && last.period === s.period) last.stars.push(s);
    else out.push({ period: s.period, stars: [s] });
  }
  return out;
}

/** "Shanghai Nanjing Road · Sales Floor": a unit with its parent (names repeat across stores). */
export function unitName(unit, locale) {
  const own = tx(unit.name, locale);
  return unit.parent_name ? `${tx(unit.parent_name, locale)} · ${own}` : own;
}
