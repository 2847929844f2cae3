// The inbox's data: the list from GET /me/notifications, kept per user in localStorage
// (the last page, so the list shows offline), and a tiny store of {items, unread, ...}
// that the header's bell and the inbox screen share. Marking read needs a connection
// (the choice: a read mark is not worth an offline queue; the buttons say so offline).
import { request } from '../api.js';

const PAGE = 50;
const cacheKey = (userId) => `inbox:v1:${userId}`;

let state = { items: [], unread: 0, total: 0, savedAt: null, fromCache: false, error: null };
const subs = new Set();

export const inboxState = () => state;

export function subscribe(fn) {
  subs.add(fn);
  return () => subs.delete(fn);
}

function set(patch) {
  state = { ...state, ...patch };
  subs.forEach((f) => f(state));
}

/** The cached list of a user, or null. */
export function readCache(userId, storage = globalThis.localStorage) {
  try {
    const raw = storage?.getItem(cacheKey(userId));
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function writeCache(userId, data, storage = globalThis.localStorage) {
  try {
    storage?.setItem(cacheKey(userId), JSON.stringify(data));
  } catch {
    /* storage full or blocked: the list still shows online */
  }
}

/** Unread count of a list (the server's figure when it has one). */
export const countUnread = (items) => items.filter((n) => !n.read_at).length;

/** A notification's PWA hash for its link ("/form/42" -> "#/form/42"; none -> "#/inbox"). */
export function hashFor(link) {
  if (!link || typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//')) return '#/inbox';
  return `#${link}`;
}

/**
 * The list after a fresh first page (`head`): the head, then the older items already shown
 * (pages loaded with "show more" stay while the first page refreshes), no id twice.
 */
export function mergeHead(shown, head) {
  const ids = new Set(head.map((n) => n.id));
  const last = head.at(-1);
  const older = last ? shown.filter((n) => !ids.has(n.id) && n.created_at <= last.created_at) : [];
  return [...head, ...older];
}

/** The list with the next page appended (offset paging: items that moved down are not repeated). */
export function appendPage(shown, page) {
  const ids = new Set(shown.map((n) => n.id));
  return [...shown, ...page.filter((n) => !ids.has(n.id))];
}

/** Whether the server holds more items than the list shows. */
export const hasMore = (s) => s.items.length < (s.total || 0);

/** Load the list (first page); offline or on a network error show the cached one. */
export async function loadInbox(userId) {
  try {
    const body = await request('GET', `/api/v1/me/notifications?limit=${PAGE}`);
    const mine = state.userId === userId && !state.fromCache; // never keep another person's items
    const items = mine ? mergeHead(state.items, body.notifications) : body.notifications;
    const data = { items, unread: body.unread, total: body.total, savedAt: new Date().toISOString() };
    writeCache(userId, data);
    set({ ...data, userId, fromCache: false, error: null });
  } catch (e) {
    const cached = readCache(userId);
    if (cached) set({ ...cached, userId, fromCache: true, error: e.code === 'network' ? null : e });
    else set({ items: [], unread: 0, total: 0, userId, fromCache: true, error: e });
  }
  return state;
}

/** Load the next page (offset = what the list shows) and append it. */
export async function loadMore(userId) {
  const body = await request('GET', `/api/v1/me/notifications?limit=${PAGE}&offset=${state.items.length}`);
  const data = { items: appendPage(state.items, body.notifications), unread: body.unread, total: body.total, savedAt: new Date().toISOString() };
  writeCache(userId, data);
  set({ ...data, userId, fromCache: false, error: null });
  return state;
}

/** Apply a read mark locally (after the server accepted it) and keep the cache in step. */
function markLocal(userId, ids, at) {
  const items = state.items.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, read_at: n.read_at || at } : n));
  const unread = ids === 'all' ? 0 : Math.max(0, state.unread - state.items.filter((n) => ids.includes(n.id) && !n.read_at).length);
  set({ items, unread });
  writeCache(userId, { items, unread, total: state.total, savedAt: state.savedAt });
}

export async function markRead(userId, id) {
  const item = await request('POST', `/api/v1/me/notifications/${id}/read`);
  markLocal(userId, [id], item.read_at);
}

export async function markAllRead(userId) {
  await request('POST', '/api/v1/me/notifications/read-all');
  markLocal(userId, 'all', new Date().toISOString());
}

export const notificationSettings = {
  get: () => request('GET', '/api/v1/me/notification-settings'),
  set: (reminderEmails) => request('PATCH', '/api/v1/me/notification-settings', { json: { reminder_emails: reminderEmails } }),
};
