// The PWA's catalogues (src/i18n/<lang>/<namespace>.js) and the lookup (src/i18n/index.js):
// every language has the same keys with the same {placeholders}, every key the code names
// exists, and a new language is one more catalogue, with no code change.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasKey, language, languages, nextLanguage, register, setLanguage, t, tIn } from '../src/i18n/index.js';
import { fieldProblems, itemMessage } from '../src/app/problems.js';

const SRC = resolve(import.meta.dirname, '../src');
const files = import.meta.glob('../src/i18n/*/*.js', { eager: true });

// {lang: {namespace: {key: text}}}
const catalogues = {};
for (const [path, mod] of Object.entries(files)) {
  const [lang, file] = path.split('/').slice(-2);
  (catalogues[lang] ||= {})[file.replace(/\.js$/, '')] = mod.default;
}
register(files);

const LANGS = Object.keys(catalogues);
const placeholders = (text) => [...new Set(text.match(/\{\w+\}/g) || [])].sort();
const flat = (lang) => Object.assign({}, ...Object.values(catalogues[lang]));

/** Which keys of `a` are missing in `b` and which placeholders differ, as readable lines. */
function mismatches(a, b) {
  const out = [];
  for (const [ns, strings] of Object.entries(catalogues[a])) {
    const other = catalogues[b][ns];
    if (!other) {
      out.push(`${b} has no ${ns}.js`);
      continue;
    }
    for (const [key, text] of Object.entries(strings)) {
      if (!(key in other)) out.push(`${key} is in ${a} but not in ${b}`);
      else if (placeholders(text).join() !== placeholders(other[key]).join())
        out.push(`${key}: ${a} has ${placeholders(text)} but ${b} has ${placeholders(other[key])}`);
    }
  }
  return out;
}

/** Every source file outside the catalogues, as [relative path, text]. */
function sources(dir = SRC) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return p === join(SRC, 'i18n') ? [] : sources(p);
    return /\.jsx?$/.test(e.name) ? [[relative(SRC, p), readFileSync(p, 'utf8')]] : [];
  });
}

afterEach(() => setLanguage('en'));

describe('catalogues', () => {
  it('ship English and Chinese, each as one folder with the same namespaces', () => {
    expect(LANGS.sort()).toEqual(['en', 'zh-CN']);
    expect(languages()).toEqual(['zh-CN', 'en']);
    expect(Object.keys(catalogues['zh-CN']).sort()).toEqual(Object.keys(catalogues.en).sort());
  });

  it('have every key in every language, with the same placeholders', () => {
    for (const a of LANGS) for (const b of LANGS) if (a !== b) expect(mismatches(a, b)).toEqual([]);
  });

  it('name each key after its namespace file and leave no text empty', () => {
    for (const lang of LANGS)
      for (const [ns, strings] of Object.entries(catalogues[lang]))
        for (const [key, text] of Object.entries(strings)) {
          expect(key.startsWith(`${ns}.`), `${lang}/${ns}.js: ${key}`).toBe(true);
          expect(typeof text === 'string' && text.trim().length > 0, `${lang}: ${key}`).toBe(true);
        }
  });

  it('has every key the code looks up, and a key for every family the code builds', () => {
    const known = flat('en');
    const missing = [];
    for (const [file, text] of sources()) {
      // t('a.b.c'), tIn(x, 'a.b.c') and key constants such as 'field.badge.sent'
      for (const [, key] of text.matchAll(/'((?:common|form|field|customer|hr|people)\.[\w.-]+)'/g))
        if (!(key in known) && !/\.(html|js|css)$/.test(key)) missing.push(`${file}: ${key}`);
      // t(`hr.kind.${k}`): at least one key under the prefix
      for (const [, prefix] of text.matchAll(/`((?:common|form|field|customer|hr|people)\.[\w.-]*)\$\{/g))
        if (!Object.keys(known).some((k) => k.startsWith(prefix))) missing.push(`${file}: ${prefix}*`);
    }
    expect(missing).toEqual([]);
  });

  it('is the only place for user-facing text: no other string catalogue in src', () => {
    const others = sources().filter(([, text]) => /\ben:\s*\{/.test(text) && /'zh-CN':\s*\{/.test(text));
    expect(others.map(([f]) => f)).toEqual([]);
  });
});

describe('the mismatch check', () => {
  it('reports a key that exists in one language only, and a placeholder that differs', () => {
    catalogues.xx = { common: { 'common.loading': 'Loading…' }, field: { 'field.today.due': 'Due {date}' } };
    catalogues.yy = { common: {}, field: { 'field.today.due': 'Due {d}' } };
    try {
      expect(mismatches('xx', 'yy')).toEqual(['common.loading is in xx but not in yy', 'field.today.due: xx has {date} but yy has {d}']);
    } finally {
      delete catalogues.xx;
      delete catalogues.yy;
    }
  });
});

describe('lookup', () => {
  it('translates in the current language and fills placeholders', () => {
    setLanguage('zh-CN');
    expect(language()).toBe('zh-CN');
    expect(t('field.shell.outbox_count', { n: 3 })).toBe('发件箱：3 项未发送');
    setLanguage('en');
    expect(t('field.shell.outbox_count', { n: 3 })).toBe('Outbox: 3 unsent');
    expect(tIn('zh-CN', 'common.loading')).toBe('加载中…');
    expect(t('hr.campaigns.form_for', { rel: 'peer' })).toBe('Form for peer');
  });

  it('falls back to English, then to the key, and keeps unknown placeholders', () => {
    expect(tIn('fr', 'common.loading')).toBe('Loading…');
    expect(t('no.such.key')).toBe('no.such.key');
    expect(t('field.today.due', {})).toBe('Due {d}');
    expect(hasKey('field.reason.required')).toBe(true);
    expect(hasKey('field.reason.nope')).toBe(false);
  });

  it('switches to the next language and back', () => {
    expect(nextLanguage('en')).toBe('zh-CN');
    expect(nextLanguage('zh-CN')).toBe('en');
  });
});

describe('a third language is one more catalogue', () => {
  // A pseudo-locale built here, not shipped: every text of English in brackets, its
  // placeholders kept, registered the way a page registers a folder of catalogue files.
  const PSEUDO = 'en-XA';
  const pseudo = {};
  for (const [ns, strings] of Object.entries(catalogues.en))
    pseudo[`../src/i18n/${PSEUDO}/${ns}.js`] = { default: Object.fromEntries(Object.entries(strings).map(([k, v]) => [k, `[${v}]`])) };

  it('is accepted and rendered by the lookup and the code that uses it, unchanged', () => {
    register(pseudo);
    expect(languages()).toEqual(['zh-CN', 'en', PSEUDO]);
    expect(nextLanguage('en')).toBe(PSEUDO);
    expect(nextLanguage(PSEUDO)).toBe('zh-CN');
    setLanguage(PSEUDO);
    expect(t('common.loading')).toBe('[Loading…]');
    expect(t('hr.downloads.zip.progress', { d: 2, t: 5 })).toBe('[Building reviews: 2 of 5]');
    expect(itemMessage({ code: 'already_submitted', message: 'x' }, PSEUDO)).toBe('[This assignment was already submitted, perhaps from another device.]');
    expect(fieldProblems({ staff_id: 'not_unit_staff' }, {}, PSEUDO)).toEqual([
      { field: 'staff_id', label: '[Staff member who served you]', text: '[the staff member does not work at this store]' },
    ]);
    // the pseudo-locale passes the same key and placeholder check as the shipped ones
    catalogues[PSEUDO] = Object.fromEntries(Object.entries(pseudo).map(([p, m]) => [p.split('/').at(-1).replace('.js', ''), m.default]));
    try {
      expect(mismatches(PSEUDO, 'zh-CN')).toEqual([]);
      expect(mismatches('zh-CN', PSEUDO)).toEqual([]);
    } finally {
      delete catalogues[PSEUDO];
    }
  });
});
