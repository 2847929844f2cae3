import { describe, expect, it } from 'vitest';
import { countUnread, hashFor, readCache, writeCache } from '../src/app/inbox.js';
import { parseDays } from '../src/hr/screens/CampaignReminders.jsx';

function memory() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) };
}

describe('inbox', () => {
  it('links become hash routes, anything else opens the inbox', () => {
    expect(hashFor('/form/42')).toBe('#/form/42');
    expect(hashFor('')).toBe('#/inbox');
    expect(hashFor('//evil.example')).toBe('#/inbox');
    expect(hashFor('https://evil.example')).toBe('#/inbox');
  });
  it('the cache is per user', () => {
    const s = memory();
    writeCache(1, { items: [{ id: 1 }], unread: 1 }, s);
    expect(readCache(1, s).items).toEqual([{ id: 1 }]);
    expect(readCache(2, s)).toBeNull();
  });
  it('counts unread items', () => {
    expect(countUnread([{ read_at: null }, { read_at: '2026-12-05T00:00:00Z' }, {}])).toBe(2);
  });
  it('reads reminder days', () => {
    expect(parseDays('3, 0')).toEqual([3, 0]);
    expect(parseDays('0 7 3 3')).toEqual([7, 3, 0]);
    expect(parseDays('')).toEqual([]);
    expect(parseDays('1.5')).toBeNull();
    expect(parseDays('-1')).toBeNull();
    expect(parseDays('61')).toBeNull();
  });
});
