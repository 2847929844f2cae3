import { describe, expect, it } from 'vitest';
import { MAX_TABS, navItems, splitNav } from '../src/app/BottomNav.jsx';

const hrefs = (items) => items.map((i) => i.href);

describe('bottom navigation: at most four places, the rest under More', () => {
  it('a manager (employee who owns actions) gets Today, Reviews, Actions and More', () => {
    const { bar, more } = splitNav(navItems({ role: 'employee' }, true));
    expect(hrefs(bar)).toEqual(['#/', '#/reviews', '#/actions']);
    expect(hrefs(more)).toEqual(['#/peers', '#/outbox', '#/settings']);
    expect(bar.length + (more.length ? 1 : 0)).toBeLessThanOrEqual(MAX_TABS);
  });
  it('a shopper: Today, Visits, Jobs on the bar; earnings, certification, outbox, settings under More', () => {
    const { bar, more } = splitNav(navItems({ role: 'shopper' }, false));
    expect(hrefs(bar)).toEqual(['#/', '#/visits', '#/jobs']);
    expect(hrefs(more)).toEqual(['#/earnings', '#/certification', '#/outbox', '#/settings']);
  });
  it('every role fits four tabs', () => {
    for (const role of ['employee', 'shopper', 'hr', 'admin'])
      for (const owns of [false, true]) {
        const { bar, more } = splitNav(navItems({ role }, owns));
        expect(bar.length + (more.length ? 1 : 0)).toBeLessThanOrEqual(MAX_TABS);
        expect(bar.length + more.length).toBe(navItems({ role }, owns).length);
      }
  });
});
