// Issue 15 (shopper and customer page): the pure rules behind the screens.
import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtNumber, fmtQuantity, intlUnit, unitLabel } from '../src/form/units.js';
import { countChange, countWords, percentDone, requiredTotals } from '../src/form/counting.js';
import { answerText } from '../src/form/answerText.js';
import { sectionProgress } from '../src/form/model.js';
import { coveredIds, formPages, pageOfSection, withVisitAnswers } from '../src/app/visitMerge.js';
import { defaultVisitStart, returnedPhotos, seedFromReturn, shouldReseed } from '../src/app/returned.js';
import { afterLoginHash, loginHashFor } from '../src/app/routes.js';
import { deviceToken, pickLocale, repeatBlocked } from '../src/customer/policy.js';

describe('units and numbers follow the language', () => {
  it('says 秒 in Chinese and sec in English, never "s"', () => {
    expect(unitLabel('s', 'zh-CN')).toBe('秒');
    expect(unitLabel('s', 'en')).toBe('sec');
    expect(fmtQuantity(30, 's', 'zh-CN')).toBe('30秒');
    expect(fmtQuantity(30, 's', 'en')).toBe('30 sec');
    expect(fmtQuantity(20, 'm', 'zh-CN')).toBe('20米');
  });
  it('groups digits the reader’s way and passes unknown units through', () => {
    expect(fmtNumber(3600, 'en')).toBe('3,600');
    expect(fmtNumber(3600, 'zh-CN')).toBe('3,600');
    expect(fmtNumber(1.5, 'de')).toBe('1,5');
    expect(intlUnit('S')).toBe('second');
    expect(unitLabel('rings', 'en')).toBe('rings');
    expect(unitLabel({ en: 'cups', 'zh-CN': '杯' }, 'zh-CN')).toBe('杯');
    expect(fmtQuantity(2, 'rings', 'en')).toBe('2 rings');
  });
  it('writes storage sizes with the language’s units', () => {
    expect(fmtBytes(1.5e6, 'en')).toBe('1.5 MB');
    expect(fmtBytes(2.25e9, 'en')).toBe('2.3 GB');
    expect(fmtBytes(320e3, 'zh-CN')).toMatch(/^320\s?kB$/);
  });
});

const def = {
  scale: { min: 1, max: 5, labels: { 4: { en: 'Good', 'zh-CN': '良好' } } },
  sections: [
    { id: 'visit', questions: [
      { id: 'visit_started_at', type: 'datetime', required: true },
      { id: 'staff_identified', type: 'text' },
      { id: 'receipt', type: 'photo', min_count: 1 },
    ] },
    { id: 'greeting', questions: [
      { id: 'scenario', type: 'choice', options: [{ value: 'yes', label: { en: 'Yes', 'zh-CN': '是' } }, { value: 'no', label: { en: 'No', 'zh-CN': '否' } }] },
      { id: 'calm', type: 'rating', show_if: { '==': [{ var: 'scenario' }, 'yes'] } },
      { id: 'solved', type: 'yes_no', show_if: { '==': [{ var: 'scenario' }, 'yes'] } },
      { id: 'wait', type: 'number', unit: 's' },
    ] },
  ],
};

describe('the required count is calm', () => {
  it('counts what is required now and says so', () => {
    const before = requiredTotals(sectionProgress(def, { wait: 10 }, []));
    expect(before).toEqual({ required: 3, answered: 1 });
    expect(countWords(before)).toEqual({ key: 'shopper.count.some', params: { a: 1, r: 3 } });
    const after = requiredTotals(sectionProgress(def, { wait: 10, scenario: 'yes' }, []));
    expect(after).toEqual({ required: 5, answered: 2 });
    expect(countChange(before.required, after.required)).toEqual({ key: 'shopper.count.added', params: { n: 2, r: 5 } });
    expect(countChange(6, 4)).toEqual({ key: 'shopper.count.removed', params: { n: 2, r: 4 } });
    expect(countChange(4, 4)).toBeNull();
    expect(countWords({ required: 6, answered: 6 }).key).toBe('shopper.count.all');
    expect(countWords({ required: 0, answered: 0 }).key).toBe('shopper.count.none_required');
    expect(percentDone({ required: 4, answered: 1 })).toBe(25);
    expect(percentDone({ required: 0, answered: 0 })).toBe(100);
  });
});

describe('one visit-details page', () => {
  it('merges the visit section into the visit page and asks arrival and staff once', () => {
    const pages = formPages(def, true);
    expect(pages.map((p) => p.kind)).toEqual(['visit', 'section', 'review']);
    expect(pages[0].si).toBe(0);
    expect(pageOfSection(pages, 1)).toBe(1);
    expect(pageOfSection(pages, 0)).toBe(0);
    expect(formPages(def, false).map((p) => p.si)).toEqual([0, 1, -1]);
    expect([...coveredIds(def, { staffId: null })]).toEqual(['visit_started_at']);
    expect([...coveredIds(def, { staffId: 7 })].sort()).toEqual(['staff_identified', 'visit_started_at']);
    const answers = withVisitAnswers({ staff_identified: 'Li' }, { start: '2026-12-05T02:00:00Z', staffId: 7 }, def);
    expect(answers).toEqual({ visit_started_at: '2026-12-05T02:00:00Z' });
  });
});

describe('a returned visit reopens as it was', () => {
  const sha = 'a'.repeat(64);
  const rejected = {
    submission_id: 'old-id', reason: 'Receipt unreadable', reviewed_at: '2026-12-05T01:00:00Z', flagged: ['receipt'],
    answers: { receipt: [sha], wait: 20, scenario: 'no' }, na: ['calm'], started_at: '2026-12-04T10:00:00Z',
    completed_at: '2026-12-04T10:30:00Z', staff_id: 5, geo: { lat: 1, lon: 2, accuracy: 10 },
  };
  it('seeds answers, N/A, photos, times, staff, flags and replaces', () => {
    const base = { answers: {}, na: [], visit: { start: 'x', end: null, geo: null, staffId: null } };
    const d = seedFromReturn(base, rejected, def);
    expect(d.answers).toEqual({ receipt: [sha], wait: 20, scenario: 'no', visit_started_at: '2026-12-04T10:00:00Z' });
    expect(d.na).toEqual(['calm']);
    expect(d.visit).toEqual({ start: '2026-12-04T10:00:00Z', end: '2026-12-04T10:30:00Z', geo: rejected.geo, staffId: 5 });
    expect(d.replaces).toBe('old-id');
    expect(d.flagged).toEqual(['receipt']);
    expect(returnedPhotos(rejected)).toEqual([sha]);
  });
  it('replaces a draft older than the return, keeps one made after it', () => {
    expect(shouldReseed(null, rejected)).toBe(true);
    expect(shouldReseed({ updatedAt: Date.parse('2026-12-04T12:00:00Z'), answers: { wait: 1 } }, rejected)).toBe(true);
    expect(shouldReseed({ updatedAt: Date.parse('2026-12-05T02:00:00Z'), answers: {} }, rejected)).toBe(false);
    expect(shouldReseed({ returnedFrom: 'old-id', updatedAt: 0 }, rejected)).toBe(false);
    expect(shouldReseed(null, null)).toBe(false);
  });
  it('starts a visit at the window, not now', () => {
    expect(defaultVisitStart({ visit: { window_start: '2026-12-05T01:00:00Z' } }, 'NOW')).toBe('2026-12-05T01:00:00Z');
    expect(defaultVisitStart({ rejected, visit: { window_start: 'W' } }, 'NOW')).toBe('2026-12-04T10:00:00Z');
    expect(defaultVisitStart({}, 'NOW')).toBe('NOW');
  });
});

describe('the summary words', () => {
  const words = { yes: 'Yes', no: 'No', na: 'N/A', none: '—' };
  it('uses scale labels, option labels, units and N/A', () => {
    const [, greeting] = def.sections;
    expect(answerText(greeting.questions[1], 4, { def, locale: 'zh-CN', words })).toBe('4 · 良好');
    expect(answerText(greeting.questions[0], 'yes', { def, locale: 'zh-CN', words })).toBe('是');
    expect(answerText(greeting.questions[3], 12, { def, locale: 'zh-CN', words })).toBe('12秒');
    expect(answerText(greeting.questions[2], false, { def, locale: 'en', words })).toBe('No');
    expect(answerText(greeting.questions[2], true, { na: true, def, locale: 'en', words })).toBe('N/A');
    expect(answerText(greeting.questions[2], undefined, { def, locale: 'en', words })).toBe('—');
  });
});

describe('after signing in', () => {
  it('goes to the page asked for, else Today, never back', () => {
    expect(afterLoginHash('#/login')).toBe('#/');
    expect(afterLoginHash('#/login?next=%2Foutbox')).toBe('#/outbox');
    expect(afterLoginHash('#/login?next=/form/12')).toBe('#/form/12');
    for (const bad of ['//evil.example', 'https://evil.example', '/login', 'javascript:alert(1)', '/a?b', '']) {
      expect(afterLoginHash(`#/login?next=${encodeURIComponent(bad)}`)).toBe('#/');
    }
    expect(loginHashFor(['outbox'])).toBe('#/login?next=%2Foutbox');
    expect(loginHashFor([])).toBe('#/login');
  });
});

describe('the customer page', () => {
  const have = ['zh-CN', 'en'];
  it('opens in the browser language, else the link language', () => {
    expect(pickLocale(null, ['zh-TW', 'en'], have, 'en')).toBe('zh-CN');
    expect(pickLocale(null, ['en-GB', 'zh-CN'], have, 'zh-CN')).toBe('en');
    expect(pickLocale(null, ['ja', 'fr'], have, 'zh-CN')).toBe('zh-CN');
    expect(pickLocale('en', ['zh-CN'], have, 'zh-CN')).toBe('en');
  });
  it('follows the repeat policy', () => {
    const now = new Date(2026, 11, 5, 20, 0);
    const morning = new Date(2026, 11, 5, 8, 0).toISOString();
    const yesterday = new Date(2026, 11, 4, 23, 0).toISOString();
    expect(repeatBlocked('daily', morning, now)).toBe('daily');
    expect(repeatBlocked('daily', yesterday, now)).toBeNull();
    expect(repeatBlocked('once', yesterday, now)).toBe('once');
    expect(repeatBlocked('unlimited', morning, now)).toBeNull();
    expect(repeatBlocked('daily', null, now)).toBeNull();
  });
  it('keeps one device token', () => {
    const m = new Map();
    const storage = { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v) };
    const a = deviceToken(storage, () => 'abcdefghijklmnop-1234');
    expect(deviceToken(storage, () => 'other-token-000000000')).toBe(a);
    expect(deviceToken({ getItem: () => { throw new Error('blocked'); } }, () => 'x')).toBeNull();
  });
});
