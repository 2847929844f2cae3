import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendPage, countUnread, hashFor, hasMore, inboxState, loadInbox, loadMore, mergeHead, readCache, writeCache } from '../src/app/inbox.js';
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

const note = (id) => ({ id, title: `n${id}`, read_at: null, created_at: `2026-12-01T00:00:${String(99 - id).padStart(2, '0')}Z` });

/** A fake GET /me/notifications over `all` (newest first): offset and limit as the server reads them. */
function server(all) {
  const calls = [];
  globalThis.fetch = vi.fn(async (url) => {
    const q = new URL(url, 'http://x').searchParams;
    const offset = Number(q.get('offset') || 0);
    const limit = Number(q.get('limit'));
    calls.push({ offset, limit });
    const body = { notifications: all.slice(offset, offset + limit), total: all.length, unread: all.length };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  return calls;
}

describe('inbox paging (more than the first 50 items)', () => {
  afterEach(() => vi.restoreAllMocks());
  it('"show more" loads the next page by offset until every item shows', async () => {
    const all = Array.from({ length: 120 }, (_, i) => note(i + 1));
    const calls = server(all);
    await loadInbox(7);
    expect(inboxState().items).toHaveLength(50);
    expect(hasMore(inboxState())).toBe(true);
    await loadMore(7);
    await loadMore(7);
    expect(calls.slice(1)).toEqual([{ offset: 50, limit: 50 }, { offset: 100, limit: 50 }]);
    expect(inboxState().items.map((n) => n.id)).toEqual(all.map((n) => n.id));
    expect(hasMore(inboxState())).toBe(false);
  });
  it('a refresh of the first page keeps the older pages already shown', async () => {
    const all = Array.from({ length: 80 }, (_, i) => note(i + 2));
    server(all);
    await loadInbox(8);
    await loadMore(8);
    expect(inboxState().items).toHaveLength(80);
    server([note(1), ...all]); // a new item arrives; the bell refreshes the first page
    await loadInbox(8);
    expect(inboxState().items.map((n) => n.id)).toEqual([1, ...all.map((n) => n.id)]);
  });
  it("another person's items are never kept", async () => {
    server([note(1), note(2)]);
    await loadInbox(9);
    server([note(5)]);
    await loadInbox(10);
    expect(inboxState().items.map((n) => n.id)).toEqual([5]);
  });
  it('pages merge without repeating an item that moved down', () => {
    expect(appendPage([note(1), note(2)], [note(2), note(3)]).map((n) => n.id)).toEqual([1, 2, 3]);
    expect(mergeHead([note(2), note(3), note(4)], [note(1), note(2)]).map((n) => n.id)).toEqual([1, 2, 3, 4]);
    expect(mergeHead([note(1)], [])).toEqual([]);
  });
});
