import { describe, expect, it } from 'vitest';
import { setLanguage } from '../src/i18n/index.js';
import { linkBody, serverErrors } from '../src/hr/screens/CustomerLinks.jsx';

describe('customer link settings (issue 15: repeat policy and public title)', () => {
  it('both titles or neither; empty means the default (null)', () => {
    expect(linkBody({ policy: 'once', zh: ' 欢迎评价 ', en: 'Rate us' })).toEqual({ body: { repeat_policy: 'once', public_title: { 'zh-CN': '欢迎评价', en: 'Rate us' } } });
    expect(linkBody({ policy: 'daily', zh: '', en: ' ' })).toEqual({ body: { repeat_policy: 'daily', public_title: null } });
  });
  it('one title alone is a field error beside the missing one, in the user language', () => {
    setLanguage('en');
    expect(Object.keys(linkBody({ policy: 'daily', zh: '欢迎', en: '' }).errors)).toEqual(['en']);
    expect(Object.keys(linkBody({ policy: 'daily', zh: '', en: 'Hi' }).errors)).toEqual(['zh']);
    expect(linkBody({ policy: 'daily', zh: '', en: 'Hi' }).errors.zh).toMatch(/both languages/);
  });
  it("the server's field errors go under their fields", () => {
    const e = { details: { fields: { json: { public_title: ['Give both en and zh-CN (1-200 characters).'], repeat_policy: ['Must be one of: unlimited, daily, once.'] } } } };
    const out = serverErrors(e);
    expect(out.zh).toBe(out.en);
    expect(out.zh).toMatch(/Give both/);
    expect(out.policy).toMatch(/one of/);
  });
});
