// Money in the PWA (issue 16 §3): amounts arrive as integer minor units with a currency and
// are only ever turned into text here, never into floats for arithmetic. `formatMoney`
// writes them per language with Intl.NumberFormat ("¥12.50" in English, "12.50 元" in
// Chinese); `parseAmount` reads what a shopper types ("12.5", "12,50") into minor units.

/** Minor-unit digits per currency (server/services/pay/money.py CURRENCIES). */
export const DIGITS = { CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0 };

const digitsOf = (currency) => DIGITS[currency] ?? 2;

/** The exact decimal text of an integer amount of minor units ("-1234.50"). */
export function decimalText(minor, currency) {
  const d = digitsOf(currency);
  const n = BigInt(minor);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const unit = 10n ** BigInt(d);
  const whole = (abs / unit).toString();
  const part = d ? `.${(abs % unit).toString().padStart(d, '0')}` : '';
  return `${neg ? '-' : ''}${whole}${part}`;
}

/** An amount for people: "¥12.50" (en), "12.50 元" (zh-CN); other currencies by symbol. */
export function formatMoney(minor, currency = 'CNY', locale = 'en') {
  if (minor === null || minor === undefined) return '';
  const d = digitsOf(currency);
  const exact = decimalText(minor, currency); // Intl takes the decimal string: no float
  if (locale === 'zh-CN' && currency === 'CNY') {
    const nf = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
    return `${nf.format(exact)} 元`;
  }
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: d, maximumFractionDigits: d });
  return nf.format(exact);
}

/** Minor units from typed text ("12", "12.5", "12,50"), or null when it is not an amount. */
export function parseAmount(text, currency = 'CNY') {
  const d = digitsOf(currency);
  const m = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(String(text ?? ''));
  if (!m) return null;
  const frac = m[2] || '';
  if (frac.length > d) return null;
  const minor = Number(m[1]) * 10 ** d + Number(frac.padEnd(d, '0') || '0');
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

/** Sum of integer amounts (exact while under 2^53). */
export const sumMinor = (amounts) => amounts.reduce((a, b) => a + b, 0);
