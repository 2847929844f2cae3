// Numbers and units in the reader's language: a form's `unit: s` reads "sec" in English and
// "秒" in Chinese, 3600 reads "3,600"; the Intl formatters do the work, never string tables.

const INTL_UNITS = {
  s: 'second',
  sec: 'second',
  second: 'second',
  seconds: 'second',
  min: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
  m: 'meter',
  km: 'kilometer',
  cm: 'centimeter',
  kg: 'kilogram',
  g: 'gram',
  l: 'liter',
  '%': 'percent',
  percent: 'percent',
};

/** The Intl unit identifier of a form's unit code, or null when it has none. */
export function intlUnit(code) {
  if (typeof code !== 'string') return null;
  return INTL_UNITS[code.trim().toLowerCase()] || null;
}

function unitFormat(locale, unit) {
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' });
  } catch {
    return null;
  }
}

/** The unit's short name in `locale` ("sec" / "秒"); a bilingual object or unknown code as given. */
export function unitLabel(code, locale) {
  if (code && typeof code === 'object') return code[locale] ?? code.en ?? '';
  const unit = intlUnit(code);
  const fmt = unit && unitFormat(locale, unit);
  if (!fmt) return code == null ? '' : String(code);
  return fmt
    .formatToParts(2)
    .filter((p) => p.type === 'unit')
    .map((p) => p.value)
    .join('')
    .trim();
}

/** A number in `locale` (grouping, decimal sign); non-numbers pass through as text. */
export function fmtNumber(n, locale) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return n == null ? '' : String(n);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/** A number with its unit in `locale`: "30 sec", "30秒", "±20 m", "20米". */
export function fmtQuantity(n, code, locale) {
  const unit = intlUnit(code);
  const fmt = unit && typeof n === 'number' && Number.isFinite(n) && unitFormat(locale, unit);
  if (fmt) return fmt.format(n);
  const label = unitLabel(code, locale);
  return label ? `${fmtNumber(n, locale)} ${label}` : fmtNumber(n, locale);
}

/** A storage size in `locale`: "1.5 MB", "320 kB" (Intl byte units). */
export function fmtBytes(n, locale) {
  const [unit, div] = n >= 1e9 ? ['gigabyte', 1e9] : n >= 1e6 ? ['megabyte', 1e6] : ['kilobyte', 1e3];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(n / div);
}
