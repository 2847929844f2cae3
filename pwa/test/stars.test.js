// Pure helpers of the service-star screens.
import { describe, expect, it } from 'vitest';
import { byPeriod, periodLabel, trendArrow } from '../src/people/starsLogic.js';

describe('stars logic', () => {
  it('labels months in the language and quarters plainly', () => {
    expect(periodLabel('2026-11', 'en')).toBe('November 2026');
    expect(periodLabel('2026-11', 'zh-CN')).toBe('2026年11月');
    expect(periodLabel('2026-Q4', 'en')).toBe('2026 Q4');
  });

  it('draws trend arrows', () => {
    expect([trendArrow('up'), trendArrow('down'), trendArrow('same'), trendArrow(null)]).toEqual(['▲', '▼', '=', '']);
  });

  it('groups team stars by period in order', () => {
    const s = [
      { period: '2026-11', employee: { id: 1 } },
      { period: '2026-11', employee: { id: 2 } },
      { period: '2026-06', employee: { id: 1 } },
    ];
    expect(byPeriod(s).map((g) => [g.period, g.stars.length])).toEqual([
      ['2026-11', 2],
      ['2026-06', 1],
    ]);
  });
});
