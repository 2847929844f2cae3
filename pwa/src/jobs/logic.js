// Pure rules of the job board screens (unit-tested in test/jobs.test.js): money from integer
// minor units (never floats), distances, map links, the cancel cut-off, requirement lines.

const SYMBOL = { CNY: '¥' };

/** 8050 minor units of CNY -> "¥80.50" (integer arithmetic only). */
export function money(minor, currency = 'CNY') {
  const n = Math.trunc(Number(minor) || 0);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const whole = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${SYMBOL[currency] ?? `${currency} `}${whole}.${cents}`;
}

/** Metres -> kilometres with one decimal ("1.2"), or null when unknown. */
export function km(metres) {
  if (metres == null) return null;
  return (Math.round(Number(metres) / 100) / 10).toFixed(1);
}

/** Links to the unit's map location: a web map with directions and a geo: URI. */
export function mapLinks(unit) {
  if (!unit || unit.latitude == null || unit.longitude == null) return null;
  const at = `${unit.latitude},${unit.longitude}`;
  return {
    web: `https://www.openstreetmap.org/directions?to=${encodeURIComponent(at)}`,
    geo: `geo:${at}?q=${at}`,
  };
}

/** True while the shopper may still cancel `job` at `now` (ms): before its cut-off. */
export function canCancel(job, now = Date.now()) {
  if (!job || job.status !== 'scheduled') return false;
  if (!job.cancel_until) return true;
  return now < new Date(job.cancel_until).getTime();
}

/** The job's requirements as lines {key, params, met, quiz} (unit_limit only when unmet).
 * A certification is named by its quiz's title in `locale` (the scenario key when no quiz
 * certifies it yet); `quiz` is that quiz's form key, for a link to take it when unmet. */
export function requirementLines(job, locale = 'en') {
  const unmet = new Set(job.unmet || []);
  const lines = [];
  const req = job.requirements || {};
  if (req.min_rating != null) lines.push({ key: 'jobs.req.min_rating', params: { r: req.min_rating }, met: !unmet.has('min_rating') });
  if (req.certification) {
    const quiz = req.certification_quiz;
    const name = quiz ? quiz.title[locale] || quiz.title.en : req.certification;
    lines.push({ key: 'jobs.req.certification', params: { c: name }, met: !unmet.has('certification'), quiz: quiz?.form_key || null });
  }
  if (unmet.has('unit_limit')) lines.push({ key: 'jobs.req.unit_limit', params: {}, met: false });
  return lines;
}

/** A datetime-local input value ("2026-03-05T14:30") -> ISO UTC string. */
export function localToIso(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An ISO time -> a datetime-local value in this device's time zone. */
export function isoToLocal(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Yuan typed by HR ("80", "80.5") -> integer minor units, or null when not a money amount. */
export function toMinor(text) {
  const m = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(String(text ?? ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

/**
 * A campaign whose visits can be jobs: it has a mystery-shop form (a mixed campaign such as
 * the daily self-check has none, and publishing there is refused).
 */
export const isShopCampaign = (c) => Boolean(c?.forms?.mystery_shopper) || (c?.kind === 'mystery_shop' && !c?.forms);

/**
 * HR's job board opens on a campaign rather than on an empty picker: the open shop campaign
 * (isShopCampaign) whose period started last (ties: the newest id); none open → ''.
 */
export function defaultShopCampaign(campaigns) {
  const open = (campaigns || []).filter((c) => c.status === 'open' && isShopCampaign(c));
  const later = (a, b) => (a.period_start === b.period_start ? a.id > b.id : String(a.period_start) > String(b.period_start));
  const best = open.reduce((pick, c) => (pick === null || later(c, pick) ? c : pick), null);
  return best ? String(best.id) : '';
}
