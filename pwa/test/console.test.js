// The console's pure helpers (src/hr/views.js): action-item filters and groups,
// answers by section, the employee picker, titles in the viewer's language.
import { describe, expect, it } from 'vitest';
import { answersBySection, filterItems, groupItems, hoursSince, nextDue, pickerEntries, scaleText, searchEntries, titleIn } from '../src/hr/views.js';

const item = (id, over = {}) => ({
  id,
  kind: 'customer_low_rating',
  question_id: 'q1',
  unit: { id: 1 },
  status: 'open',
  overdue: false,
  due: { ack: `2026-12-0${id}T01:00:00Z`, response: '2026-12-09T00:00:00Z' },
  ...over,
});

describe('action items', () => {
  it('the next due time follows the stage', () => {
    expect(nextDue(item(1))).toBe('2026-12-01T01:00:00Z');
    expect(nextDue(item(1, { status: 'acknowledged' }))).toBe('2026-12-09T00:00:00Z');
    expect(nextDue(item(1, { status: 'closed' }))).toBe(null);
  });
  it('filters by unit, stage, overdue and trigger', () => {
    const rows = [item(1), item(2, { unit: { id: 2 } }), item(3, { overdue: true, kind: 'critical_failure' })];
    expect(filterItems(rows, { unit: '2' }).map((i) => i.id)).toEqual([2]);
    expect(filterItems(rows, { overdue: 'yes' }).map((i) => i.id)).toEqual([3]);
    expect(filterItems(rows, { overdue: 'no', kind: 'customer_low_rating' }).map((i) => i.id)).toEqual([1, 2]);
    expect(filterItems(rows, { stage: 'planned' })).toEqual([]);
  });
  it('groups near-identical items, earliest due first', () => {
    const rows = [item(5), item(3), item(4, { unit: { id: 2 } }), item(2, { overdue: true })];
    const groups = groupItems(rows);
    expect(groups.map((g) => g.items.map((i) => i.id))).toEqual([[2, 3, 5], [4]]);
    expect(groups[0].overdue).toBe(1);
    expect(groups[0].due).toBe('2026-12-02T01:00:00Z');
  });
});

describe('visit review', () => {
  const definition = {
    scale: { min: 1, max: 5, labels: { 1: { en: 'Poor' }, 5: { en: 'Excellent' } } },
    sections: [
      { id: 'a', title: { en: 'A' }, questions: [{ id: 'x', type: 'rating' }, { id: 'p', type: 'photo' }] },
      { id: 'b', title: { en: 'B' }, questions: [{ id: 'y', type: 'yes_no' }] },
      { id: 'c', title: { en: 'C' }, questions: [{ id: 'z', type: 'rating' }] },
    ],
  };
  it('answers by section with photos beside their question; empty sections dropped', () => {
    const sub = { answers: { x: 5, p: ['h1'] }, na: ['y'], photos: [{ sha256: 'h1', question_id: 'p' }], section_scores: { a: 100 } };
    const secs = answersBySection(definition, sub);
    expect(secs.map((s) => s.id)).toEqual(['a', 'b']);
    expect(secs[0].score).toBe(100);
    expect(secs[0].rows[1].photos).toHaveLength(1);
    expect(secs[1].rows[0].na).toBe(true);
  });
  it('a rating shows its scale and label', () => {
    expect(scaleText({ type: 'rating' }, 5, definition.scale, (l) => l?.en)).toBe('5 / 5 · Excellent');
    expect(scaleText({ type: 'rating' }, 3, definition.scale, (l) => l?.en)).toBe('3 / 5');
  });
  it('waiting hours never negative', () => {
    expect(hoursSince('2026-12-01T00:00:00Z', Date.parse('2026-12-02T05:30:00Z'))).toBe(29);
    expect(hoursSince('2026-12-03T00:00:00Z', Date.parse('2026-12-02T00:00:00Z'))).toBe(0);
  });
});

describe('employee picker', () => {
  const people = [
    { id: 1, name: '刘艳', job_title: 'Sales Associate / 销售顾问', employee_number: 'E1' },
    { id: 2, name: '刘艳', job_title: 'Cashier / 收银员', employee_number: 'E2' },
    { id: 3, name: '王强', job_title: null },
  ];
  const unit = (p) => (p.id === 3 ? '' : 'Sales Floor');
  it('labels carry unit and title; namesakes are told apart by number', () => {
    const e = pickerEntries(people, 'zh-CN', unit);
    expect(e[0].label).toBe('刘艳 — Sales Floor · 销售顾问 · E1');
    expect(e[1].label).toBe('刘艳 — Sales Floor · 收银员 · E2');
    expect(e[2].label).toBe('王强');
    expect(pickerEntries(people, 'en', unit)[1].label).toContain('Cashier');
  });
  it('search matches every word anywhere in the label', () => {
    const e = pickerEntries(people, 'zh-CN', unit);
    expect(searchEntries(e, '刘艳 收银').map((x) => x.id)).toEqual([2]);
    expect(searchEntries(e, 'sales').map((x) => x.id)).toEqual([1, 2]);
    expect(searchEntries(e, '')).toHaveLength(3);
  });
  it('a bilingual title shows the viewer language', () => {
    expect(titleIn('Team Lead / 组长', 'en')).toBe('Team Lead');
    expect(titleIn('Team Lead / 组长', 'zh-CN')).toBe('组长');
    expect(titleIn('店长', 'en')).toBe('店长');
  });
});
