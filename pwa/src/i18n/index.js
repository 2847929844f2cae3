// The PWA's one lookup for user-facing text: `t(key, params)` in the current language.
//
// Layout (the choice): one catalogue per language, i18n/<lang>/, split into one file per
// namespace: common (every page), form (the form renderer: field app and customer page),
// field (the rest of the field app), customer (the customer page), hr (the HR console),
// people (My reviews, Peer nominations). Each page carries only the namespaces it shows,
// so the customer page has no field-app or HR words and the app shell no HR words: this
// module registers common; the module that first needs a namespace registers it with
// `register(import.meta.glob('../i18n/*/<ns>.js', { eager: true }))`, which bundles that
// namespace of every language into the same chunk: form/Renderer.jsx (form),
// app/i18n.js (field), customer/main.jsx (customer), the lazily loaded hr/Console.jsx (hr)
// and people/People.jsx (people).
//
// A language is a folder: the language tag is the folder name, found through the glob, so
// a third language is one more folder with the same five files and no code change
// (test/i18n.test.js proves it with a pseudo-locale, and fails when a key or a `{name}`
// placeholder exists in one language and not the other). Keys are namespaced
// ("hr.campaigns.new_campaign"); text is always found by key, never by its English words.
// A missing string falls back to English, then to the key itself, so it shows instead of
// crashing.

/** The product's first language (listed first in language pickers). */
export const PRIMARY = 'zh-CN';
const FALLBACK = 'en';

const catalogues = {}; // language -> {key: text}
let current = FALLBACK;

/** Add catalogue files, as `import.meta.glob` returns them: {'.../<lang>/<ns>.js': module}. */
export function register(modules) {
  for (const [path, mod] of Object.entries(modules)) {
    const lang = path.split('/').at(-2);
    catalogues[lang] = { ...catalogues[lang], ...(mod.default ?? mod) };
  }
}

register(import.meta.glob('./*/common.js', { eager: true }));

/** The languages that have a catalogue, the product's first language first. */
export function languages() {
  const others = Object.keys(catalogues).filter((l) => l !== PRIMARY).sort();
  return catalogues[PRIMARY] ? [PRIMARY, ...others] : others;
}

/** The language after `lang` (the header's switch button goes there). */
export function nextLanguage(lang) {
  const all = languages();
  return all[(all.indexOf(lang) + 1) % all.length];
}

/** Set the language `t` uses (the app's store and the customer page call this). */
export function setLanguage(lang) {
  current = lang;
}

export const language = () => current;

/** Text of `key` in `lang`, its `{name}` placeholders filled from `params`. */
export function tIn(lang, key, params) {
  let s = catalogues[lang]?.[key] ?? catalogues[FALLBACK]?.[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

/** Text of `key` in the current language. */
export const t = (key, params) => tIn(current, key, params);

/** Whether `key` has a text (used to fall back to a server's text for unknown codes). */
export function hasKey(key) {
  return key in (catalogues[FALLBACK] || {});
}

/** Pick the text of a bilingual object `{en, zh-CN}` (or pass a plain string through). */
export function tx(value, locale) {
  if (value == null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return value[locale] ?? value.en ?? value['zh-CN'] ?? Object.values(value)[0] ?? '';
}

/** Guess the first locale from the browser: Chinese browsers get zh-CN. */
export function defaultLocale() {
  const langs = (typeof navigator !== 'undefined' && navigator.languages) || [];
  return langs.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** Format an ISO time for display in the user's locale. */
export function fmtDate(iso, locale, withTime = true) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  // Without a time it is a calendar date (a period end, a due date): read in UTC, where the
  // server writes it, so 2027-06-30 stays 30 June in every time zone.
  const opts = withTime
    ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
  return d.toLocaleString(locale, opts);
}
