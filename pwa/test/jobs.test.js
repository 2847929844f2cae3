import { describe, expect, it } from 'vitest';
import { canCancel, defaultShopCampaign, isShopCampaign, km, mapLinks, money, requirementLines, toMinor } from '../src/jobs/logic.js';

describe('job board logic', () => {
  it('formats money from integer minor units', () => {
    expect(money(8050)).toBe('¥80.50');
    expect(money(5)).toBe('¥0.05');
    expect(money(-120)).toBe('-¥1.20');
    expect(money(100, 'USD')).toBe('USD 1.00');
  });
  it('parses yuan into minor units without floats', () => {
    expect(toMinor('80')).toBe(8000);
    expect(toMinor('80.5')).toBe(8050);
    expect(toMinor('0.07')).toBe(7);
    expect(toMinor('1.234')).toBe(null);
    expect(toMinor('abc')).toBe(null);
  });
  it('gives kilometres and map links', () => {
    expect(km(1234)).toBe('1.2');
    expect(km(null)).toBe(null);
    expect(mapLinks({ latitude: 31.2, longitude: 121.4 }).geo).toBe('geo:31.2,121.4?q=31.2,121.4');
    expect(mapLinks({ latitude: null, longitude: 1 })).toBe(null);
  });
  it('allows cancel only before the cut-off of a visit not yet sent', () => {
    const job = { status: 'scheduled', cancel_until: '2026-03-05T09:00:00Z' };
    expect(canCancel(job, Date.parse('2026-03-05T08:59:00Z'))).toBe(true);
    expect(canCancel(job, Date.parse('2026-03-05T09:01:00Z'))).toBe(false);
    expect(canCancel({ ...job, status: 'awaiting_review' }, 0)).toBe(false);
  });
  it('lists requirements met and unmet', () => {
    const lines = requirementLines({ requirements: { min_rating: 4, certification: 'coffee' }, unmet: ['certification', 'unit_limit'] });
    expect(lines.map((l) => [l.key, l.met])).toEqual([
      ['jobs.req.min_rating', true],
      ['jobs.req.certification', false],
      ['jobs.req.unit_limit', false],
    ]);
  });
  it('names a required certification by its quiz, in the reader\'s language, with a link while unmet', () => {
    const quiz = { form_key: 'quiz-coffee', title: { en: 'Certification: coffee', 'zh-CN': '认证：咖啡' } };
    const job = { requirements: { min_rating: null, certification: 'coffee', certification_quiz: quiz }, unmet: ['certification'] };
    expect(requirementLines(job, 'zh-CN')[0]).toEqual({ key: 'jobs.req.certification', params: { c: '认证：咖啡' }, met: false, quiz: 'quiz-coffee' });
    expect(requirementLines(job, 'en')[0].params.c).toBe('Certification: coffee');
    const noQuiz = { requirements: { certification: 'coffee', certification_quiz: null }, unmet: [] };
    expect(requirementLines(noQuiz, 'en')[0]).toMatchObject({ params: { c: 'coffee' }, met: true, quiz: null });
  });
});

describe('defaultShopCampaign', () => {
  const SHOP = { mystery_shopper: 3 };
  const c = (id, kind, status, period_start, forms = kind === '360' ? { self: 5 } : SHOP) => ({ id, kind, status, period_start, forms });
  it('opens on the open shop campaign that started last', () => {
    const list = [c(1, 'mystery_shop', 'open', '2026-01-01'), c(2, 'mixed', 'open', '2026-03-01'), c(3, 'mystery_shop', 'open', '2026-02-01')];
    expect(defaultShopCampaign(list)).toBe('2');
  });
  it('skips drafts, closed campaigns and other kinds', () => {
    const list = [c(1, 'mystery_shop', 'draft', '2026-09-01'), c(2, '360', 'open', '2026-09-01'), c(3, 'mystery_shop', 'closed', '2026-08-01'), c(4, 'mystery_shop', 'open', '2026-01-01')];
    expect(defaultShopCampaign(list)).toBe('4');
  });
  it('breaks a tie on the start date by the newest id', () => {
    expect(defaultShopCampaign([c(7, 'mystery_shop', 'open', '2026-05-01'), c(9, 'mystery_shop', 'open', '2026-05-01')])).toBe('9');
  });
  it('offers nothing when no shop campaign is open', () => {
    expect(defaultShopCampaign([])).toBe('');
    expect(defaultShopCampaign(undefined)).toBe('');
    expect(defaultShopCampaign([c(1, '360', 'open', '2026-01-01')])).toBe('');
  });
});

describe('isShopCampaign', () => {
  it('takes a campaign with a mystery-shop form, of either kind', () => {
    expect(isShopCampaign({ kind: 'mystery_shop', forms: { mystery_shopper: 3 } })).toBe(true);
    expect(isShopCampaign({ kind: 'mixed', forms: { self: 5, mystery_shopper: 3 } })).toBe(true);
  });
  it('leaves out a mixed campaign without one (the daily self-check) and other kinds', () => {
    expect(isShopCampaign({ kind: 'mixed', forms: { self: 2 } })).toBe(false);
    expect(isShopCampaign({ kind: '360', forms: { peer: 5 } })).toBe(false);
    expect(isShopCampaign({ kind: 'customer', forms: { customer: 1 } })).toBe(false);
  });
  it('the demo: the board opens on the latest open store-visit campaign, not the self-check', () => {
    const demo = [
      { id: 8, kind: 'mixed', status: 'open', period_start: '2026-12-01', forms: { self: 2 } },
      { id: 6, kind: 'mystery_shop', status: 'open', period_start: '2026-11-25', forms: { mystery_shopper: 3 } },
      { id: 4, kind: 'mystery_shop', status: 'open', period_start: '2026-11-01', forms: { mystery_shopper: 3 } },
    ];
    expect(defaultShopCampaign(demo)).toBe('6');
  });
});
