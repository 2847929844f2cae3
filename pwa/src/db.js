// The only module that touches IndexedDB. Every record that belongs to a user
// carries `userId` and is looked up by it, so a second person signing in on
// the same phone neither sees nor sends the first person's items.
//
// Rule (idb README): no network call is awaited inside a transaction; every
// function here opens its transaction, does only IndexedDB work and resolves
// `tx.done` before returning.
import { openDB } from 'idb';

export const DB_NAME = 'service-eval';
export const DB_VERSION = 2;

export const STORE_META = 'meta'; // key -> value (current user, ui prefs)
export const STORE_CACHE = 'cache'; // `assignments:<uid>` -> {value, fetchedAt}; `visitpay:<uid>` -> {value: {visitId: detail}}
export const STORE_FORMS = 'forms'; // form version id -> immutable version
export const STORE_DRAFTS = 'drafts'; // `<uid>:<assignmentId>` -> draft
export const STORE_OUTBOX = 'outbox'; // submission uuid -> outbox item
export const STORE_PHOTOS = 'photos'; // `<uid>:<sha256>` -> {blob, thumb}
export const STORE_RECEIPTS = 'receipts'; // submission uuid -> small "synced" record

const BY_USER = 'byUser';

let dbPromise = null;

/** Open (and create/upgrade) the database once per page. */
export function db() {
  if (!dbPromise) {
    dbPromise = openDB(DB_NAME, DB_VERSION, {
      upgrade(database, oldVersion) {
        // Ladder: each step runs once, in order, for every version the
        // browser skipped. Never edit a released step; add a new one.
        if (oldVersion < 1) {
          database.createObjectStore(STORE_META);
          database.createObjectStore(STORE_CACHE, { keyPath: 'key' });
          database.createObjectStore(STORE_FORMS, { keyPath: 'id' });
          database.createObjectStore(STORE_DRAFTS, { keyPath: 'key' }).createIndex(BY_USER, 'userId');
          database.createObjectStore(STORE_OUTBOX, { keyPath: 'id' }).createIndex(BY_USER, 'userId');
          database.createObjectStore(STORE_PHOTOS, { keyPath: 'key' }).createIndex(BY_USER, 'userId');
        }
        if (oldVersion < 2) {
          database.createObjectStore(STORE_RECEIPTS, { keyPath: 'id' }).createIndex(BY_USER, 'userId');
        }
      },
      blocking() {
        // A newer tab wants to upgrade: let it.
        dbPromise?.then((d) => d.close());
        dbPromise = null;
      },
    });
  }
  return dbPromise;
}

/** Close the connection (tests, logout of the last tab). */
export async function closeDb() {
  if (dbPromise) (await dbPromise).close();
  dbPromise = null;
}

// ---- meta -------------------------------------------------------------

export async function getMeta(key) {
  return (await db()).get(STORE_META, key);
}

export async function setMeta(key, value) {
  return (await db()).put(STORE_META, value, key);
}

export async function deleteMeta(key) {
  return (await db()).delete(STORE_META, key);
}

// ---- cached assignments and forms -------------------------------------

export async function cacheAssignments(userId, assignments, fetchedAt) {
  return (await db()).put(STORE_CACHE, { key: `assignments:${userId}`, userId, value: assignments, fetchedAt });
}

export async function getCachedAssignments(userId) {
  return (await db()).get(STORE_CACHE, `assignments:${userId}`);
}

/** The last GET /me/visits/{id}/pay answers of the user's visits (pay terms, expenses), for offline use. */
export async function getCachedVisitPay(userId) {
  return (await (await db()).get(STORE_CACHE, `visitpay:${userId}`))?.value || {};
}

/** Keep `details` ({visitId: detail with fetchedAt}); `keep` (visit ids) drops the others when given. */
export async function cacheVisitPay(userId, details, keep = null) {
  const d = await db();
  const tx = d.transaction(STORE_CACHE, 'readwrite');
  const key = `visitpay:${userId}`;
  const old = (await tx.store.get(key))?.value || {};
  const value = { ...old, ...details };
  if (keep) for (const id of Object.keys(value)) if (!keep.includes(Number(id))) delete value[id];
  await tx.store.put({ key, userId, value });
  await tx.done;
}

export async function putForm(version) {
  return (await db()).put(STORE_FORMS, version);
}

export async function getForm(id) {
  return (await db()).get(STORE_FORMS, Number(id));
}

export async function hasForm(id) {
  return (await (await db()).getKey(STORE_FORMS, Number(id))) !== undefined;
}

// ---- drafts -----------------------------------------------------------

export const draftKey = (userId, assignmentId) => `${userId}:${assignmentId}`;

export async function getDraft(userId, assignmentId) {
  return (await db()).get(STORE_DRAFTS, draftKey(userId, assignmentId));
}

export async function saveDraft(draft) {
  return (await db()).put(STORE_DRAFTS, { ...draft, key: draftKey(draft.userId, draft.assignmentId) });
}

export async function deleteDraft(userId, assignmentId) {
  const d = await db();
  const tx = d.transaction([STORE_DRAFTS, STORE_PHOTOS, STORE_OUTBOX], 'readwrite');
  const draft = await tx.objectStore(STORE_DRAFTS).get(draftKey(userId, assignmentId));
  await tx.objectStore(STORE_DRAFTS).delete(draftKey(userId, assignmentId));
  if (draft) await dropUnreferencedPhotos(tx, userId, draftPhotoHashes(draft));
  await tx.done;
}

export async function listDrafts(userId) {
  return (await db()).getAllFromIndex(STORE_DRAFTS, BY_USER, userId);
}

/** Hashes of every photo answer in a draft or submission `answers` object. */
export function draftPhotoHashes(draft) {
  const out = [];
  for (const v of Object.values(draft.answers || {})) {
    if (Array.isArray(v)) for (const h of v) if (typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)) out.push(h);
  }
  return out;
}

// ---- photos -----------------------------------------------------------

export async function putPhoto(userId, photo) {
  return (await db()).put(STORE_PHOTOS, { ...photo, userId, key: `${userId}:${photo.sha256}` });
}

export async function getPhoto(userId, sha256) {
  return (await db()).get(STORE_PHOTOS, `${userId}:${sha256}`);
}

async function dropUnreferencedPhotos(tx, userId, hashes) {
  if (!hashes.length) return;
  const used = new Set();
  for (const d of await tx.objectStore(STORE_DRAFTS).index(BY_USER).getAll(userId)) {
    draftPhotoHashes(d).forEach((h) => used.add(h));
  }
  for (const item of await tx.objectStore(STORE_OUTBOX).index(BY_USER).getAll(userId)) {
    (item.photos || []).forEach((h) => used.add(h));
  }
  for (const h of hashes) if (!used.has(h)) await tx.objectStore(STORE_PHOTOS).delete(`${userId}:${h}`);
}

// ---- outbox -----------------------------------------------------------

/** Move a draft into the outbox in one transaction (the draft disappears only if the item is stored). */
export async function enqueue(item) {
  const d = await db();
  const tx = d.transaction([STORE_OUTBOX, STORE_DRAFTS], 'readwrite');
  await tx.objectStore(STORE_OUTBOX).add(item);
  if (item.assignmentId != null) await tx.objectStore(STORE_DRAFTS).delete(draftKey(item.userId, item.assignmentId));
  await tx.done;
}

export async function listOutbox(userId) {
  const items = await (await db()).getAllFromIndex(STORE_OUTBOX, BY_USER, userId);
  return items.sort((a, b) => a.createdAt - b.createdAt);
}

export async function getOutboxItem(id) {
  return (await db()).get(STORE_OUTBOX, id);
}

export async function putOutboxItem(item) {
  return (await db()).put(STORE_OUTBOX, item);
}

/** Store several outbox items in one transaction. */
export async function putOutboxItems(items) {
  const d = await db();
  const tx = d.transaction(STORE_OUTBOX, 'readwrite');
  for (const item of items) tx.store.put(item);
  await tx.done;
}

/** Acknowledge several items in one transaction (see `acknowledge`). */
export async function acknowledgeMany(pairs) {
  const d = await db();
  const tx = d.transaction([STORE_OUTBOX, STORE_DRAFTS, STORE_PHOTOS, STORE_RECEIPTS], 'readwrite');
  const photosByUser = new Map();
  for (const [item, receipt] of pairs) {
    tx.objectStore(STORE_OUTBOX).delete(item.id);
    tx.objectStore(STORE_RECEIPTS).put({ ...receipt, id: item.id, userId: item.userId });
    if (item.photos?.length) photosByUser.set(item.userId, [...(photosByUser.get(item.userId) || []), ...item.photos]);
  }
  for (const [userId, hashes] of photosByUser) await dropUnreferencedPhotos(tx, userId, hashes);
  await tx.done;
}

/** The server acknowledged `item`: drop its data and photos, keep a small receipt. */
export async function acknowledge(item, receipt) {
  const d = await db();
  const tx = d.transaction([STORE_OUTBOX, STORE_DRAFTS, STORE_PHOTOS, STORE_RECEIPTS], 'readwrite');
  await tx.objectStore(STORE_OUTBOX).delete(item.id);
  await tx.objectStore(STORE_RECEIPTS).put({ ...receipt, id: item.id, userId: item.userId });
  await dropUnreferencedPhotos(tx, item.userId, item.photos || []);
  await tx.done;
}

/** Remove an outbox item the user chose to discard. */
export async function discardOutboxItem(item) {
  const d = await db();
  const tx = d.transaction([STORE_OUTBOX, STORE_DRAFTS, STORE_PHOTOS], 'readwrite');
  await tx.objectStore(STORE_OUTBOX).delete(item.id);
  await dropUnreferencedPhotos(tx, item.userId, item.photos || []);
  await tx.done;
}

export async function listReceipts(userId, limit = 20) {
  const all = await (await db()).getAllFromIndex(STORE_RECEIPTS, BY_USER, userId);
  return all.sort((a, b) => b.syncedAt - a.syncedAt).slice(0, limit);
}

/** Count outbox items not yet acknowledged; `userId` undefined = every user (the service worker asks this). */
export async function countUnsent(userId) {
  const d = await db();
  if (userId === undefined) return d.count(STORE_OUTBOX);
  return d.countFromIndex(STORE_OUTBOX, BY_USER, userId);
}

/** Everything unsent of a user (drafts, outbox items and their photos as data URLs), for the export file. */
export async function collectUnsent(userId) {
  const d = await db();
  const tx = d.transaction([STORE_DRAFTS, STORE_OUTBOX, STORE_PHOTOS], 'readonly');
  const drafts = await tx.objectStore(STORE_DRAFTS).index(BY_USER).getAll(userId);
  const outbox = await tx.objectStore(STORE_OUTBOX).index(BY_USER).getAll(userId);
  const photos = await tx.objectStore(STORE_PHOTOS).index(BY_USER).getAll(userId);
  await tx.done;
  return { drafts, outbox, photos };
}

/** Delete every draft, outbox item and photo of `userId` (explicit discard at logout). */
export async function discardUserData(userId) {
  const d = await db();
  const stores = [STORE_DRAFTS, STORE_OUTBOX, STORE_PHOTOS, STORE_RECEIPTS, STORE_CACHE];
  const tx = d.transaction(stores, 'readwrite');
  for (const name of stores.slice(0, 4)) {
    const keys = await tx.objectStore(name).index(BY_USER).getAllKeys(userId);
    for (const k of keys) await tx.objectStore(name).delete(k);
  }
  await tx.objectStore(STORE_CACHE).delete(`assignments:${userId}`);
  await tx.objectStore(STORE_CACHE).delete(`visitpay:${userId}`);
  await tx.done;
}
