// One answer as words for the summary before submitting: the scale label of a rating, the
// option label of a choice, a number with its unit in the reader's language, a date in
// the reader's format. Photos are shown as thumbnails, not as words.
import { scaleOf } from './model.js';
import { fmtNumber, fmtQuantity } from './units.js';

const pick = (v, locale) => (v && typeof v === 'object' ? v[locale] ?? v.en ?? '' : v == null ? '' : String(v));

function optionText(q, value, locale) {
  const o = (q.options || []).find((x) => x.value === value);
  return o ? pick(o.label, locale) : String(value);
}

function dateText(q, value, locale) {
  if (q.type === 'time') return String(value);
  const d = new Date(q.type === 'date' ? `${value}T00:00:00` : value);
  if (Number.isNaN(d.getTime())) return String(value);
  const opts = q.type === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, opts).format(d);
}

const FORMATS = {
  rating: (q, v, locale, words, def) => {
    const label = pick(scaleOf(q, def).labels[String(v)], locale);
    return label ? `${fmtNumber(v, locale)} · ${label}` : fmtNumber(v, locale);
  },
  yes_no: (q, v, locale, words) => (v ? words.yes : words.no),
  choice: (q, v, locale) => optionText(q, v, locale),
  multi_choice: (q, v, locale) => (Array.isArray(v) ? v.map((x) => optionText(q, x, locale)).join(', ') : ''),
  number: (q, v, locale) => (q.unit ? fmtQuantity(v, q.unit, locale) : fmtNumber(v, locale)),
  date: dateText,
  time: dateText,
  datetime: dateText,
};

/** The words of one answer; `words` holds {yes, no, na, none} in the reader's language. */
export function answerText(q, value, { na = false, def = null, locale = 'en', words }) {
  if (na) return words.na;
  if (value === undefined || value === null || value === '') return words.none;
  if (q.type === 'photo') return '';
  const f = FORMATS[q.type];
  return f ? f(q, value, locale, words, def) : String(value);
}
