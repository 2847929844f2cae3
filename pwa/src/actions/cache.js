// The action-item list kept on the phone for offline reading (issue 14 §2): one record per
// user in the app's cache store (db.js), written after each successful load. Read-only:
// moves need a connection and are never queued.
import { STORE_CACHE, db } from '../db.js';

const key = (userId) => `actions:${userId}`;

/** Keep the user's list and when it was fetched. */
export async function cacheActions(userId, items, fetchedAt) {
  return (await db()).put(STORE_CACHE, { key: key(userId), userId, value: items, fetchedAt });
}

/** The cached list ({value, fetchedAt}) or undefined. */
export async function cachedActions(userId) {
  return (await db()).get(STORE_CACHE, key(userId));
}
