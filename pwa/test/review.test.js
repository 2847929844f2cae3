// The review on the phone: pure rules (titles, one peers row, plan goals) and calendar dates
// that never shift with the phone's time zone.
import { describe, expect, it } from 'vitest';
import { checkGoals, focusOptions, peerOnly, titleIn } from '../src/people/reviewLogic.js';
import { reviewRows } from '../src/people/logic.js';
import { fmtDate } from '../src/i18n/index.js';

describe('job titles', () => {
  it('shows the viewer language only', () => {
    expect(titleIn('Team Lead / 组长', 'en')).toBe('Team Lead');
    expect(titleIn('Team Lead / 组长', 'zh-CN')).toBe('组长');
    expect(titleIn('店长', 'en')).toBe('店长');
    expect(titleIn(null, 'en')).toBe('');
  });
});

describe('one peers row', () => {
  const rows = [
    { key: 'peer', n: 4, visible: true, form_score: 70 },
    { key: 'subordinate', n: 0, visible: false, form_score: null },
    { key: 'colleagues', n: 4, visible: true, form_score: 70 },
  ];
  it('drops colleagues when no direct report answered', () => {
    expect(peerOnly(rows)).toBe(true);
    expect(reviewRows({ rows, index_rows: ['colleagues'] }).map((r) => [r.key, r.inIndex])).toEqual([['peer', true]]);
  });
  it('keeps both when reports answered', () => {
    const withReports = rows.map((r) => (r.key === 'subordinate' ? { ...r, n: 3, visible: true } : r));
    expect(peerOnly(withReports)).toBe(false);
  });
});

describe('plan goals', () => {
  const review = { bottom_items: [{ id: 'q1', label: { en: 'Greets' }, mean_100: 50 }], gaps: { items: [{ id: 'q2', label: { en: 'Listens' }, flag: 'blind_spot', gap: 20, others: 60 }] } };
  it('offers the lowest items and blind spots', () => {
    expect(focusOptions(review).map((o) => o.id)).toEqual(['q1', 'q2']);
  });
  it('needs every field and 1 to 3 goals', () => {
    const g = { focus: 'q1', goal: 'g', actions: 'a', due: '2027-06-30', measure: 'm' };
    expect(checkGoals([g]).goals).toHaveLength(1);
    expect(checkGoals([{ ...g, measure: ' ' }]).error).toBe('review.plan.incomplete');
    expect(checkGoals([g, g, g, g]).error).toBe('review.plan.count');
  });
});

describe('calendar dates', () => {
  const zones = ['Pacific/Kiritimati', 'Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Pago_Pago'];
  it.each(zones)('2027-06-30 stays 30 June in %s', (zone) => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    try {
      expect(fmtDate('2027-06-30', 'zh-CN', false)).toBe('2027年6月30日');
      expect(fmtDate('2027-06-30T23:59:59+00:00', 'zh-CN', false)).toBe('2027年6月30日');
      expect(fmtDate('2027-06-30', 'en-US', false)).toBe('Jun 30, 2027');
    } finally {
      process.env.TZ = before;
    }
  });
});
