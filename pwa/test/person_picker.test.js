// The console's one person picker (pwa/src/hr/components/PersonPicker.jsx): its options
// (role filter, labels with unit and title, search), and no screen keeps a copy of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pickerOptions } from '../src/hr/views.js';

const read = (path) => readFileSync(new URL(`../src/hr/${path}`, import.meta.url), 'utf8');
const people = [
  { id: 1, name: 'Wang Fang', role: 'shopper', email: 'wf@x.example' },
  { id: 2, name: 'Li Lei', role: 'employee', job_title: 'Cashier / 收银员' },
  { id: 3, name: 'Wang Fang', role: 'shopper', email: 'wf2@x.example' },
  { id: 4, name: 'Zhao Min', role: 'hr' },
];
const unitOf = (p) => ({ 1: 'Pudong', 2: 'Pudong', 3: 'Xuhui' })[p.id] || '';

describe('person picker options', () => {
  it('keeps only the roles asked for, and everyone without a filter', () => {
    expect(pickerOptions(people, 'en', unitOf, '', ['shopper']).map((e) => e.id)).toEqual([1, 3]);
    expect(pickerOptions(people, 'en', unitOf, '', null).map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(pickerOptions(people, 'en', unitOf, '', []).map((e) => e.id)).toEqual([1, 2, 3, 4]);
  });
  it('labels with unit and title, tells namesakes apart, searches every word', () => {
    const all = pickerOptions(people, 'en', unitOf, '', null);
    expect(all[0].label).toBe('Wang Fang — Pudong · wf@x.example');
    expect(all[1].label).toBe('Li Lei — Pudong · Cashier');
    expect(pickerOptions(people, 'zh-CN', unitOf, '收银', null).map((e) => e.id)).toEqual([2]);
    expect(pickerOptions(people, 'en', unitOf, 'wang xuhui', ['shopper']).map((e) => e.id)).toEqual([3]);
    expect(pickerOptions(people, 'en', unitOf, 'li', ['shopper'])).toEqual([]);
  });
  it('is the one picker: Privacy, Downloads and the conflict list use the shared component', () => {
    for (const screen of ['screens/Privacy.jsx', 'screens/Downloads.jsx', 'screens/JobsPeople.jsx']) {
      const src = read(screen);
      expect(src).toContain("from '../components/PersonPicker.jsx'");
      expect(src).not.toMatch(/function (PersonPicker|EmployeePicker)\b/);
      expect(src).not.toContain('searchEntries(');
    }
    expect(read('screens/JobsPeople.jsx')).toContain("roles={['shopper']}");
    expect(read('screens/JobsPeople.jsx')).not.toMatch(/type="number"/);
  });
});
