// Session, cached data and outbox wiring for the field app. Components read
// `store` and call these functions; nothing here renders.
import { useEffect, useState } from 'preact/hooks';
import * as db from '../db.js';
import { HttpError, api, refreshCsrf, setCsrf, setLocaleSource } from '../api.js';
import { OutboxRunner, createItem, manualRetry, nextWake } from '../outbox.js';
import { defaultLocale, setLanguage } from './i18n.js';
import { cleanAnswers, photoHashes } from '../form/model.js';
import { newUuid } from '../uuid.js';

const FLUSH_INTERVAL_MS = 30_000;

function createStore(initial) {
  let state = initial;
  const subs = new Set();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      subs.forEach((f) => f(state));
    },
    subscribe(f) {
      subs.add(f);
      return () => subs.delete(f);
    },
  };
}

export const store = createStore({
  booting: true,
  user: null,
  expiredUser: null, // cached user whose session ended; their items wait
  authNeeded: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  locale: defaultLocale(),
  assignments: null,
  assignmentsFetchedAt: null,
  outbox: [],
  drafts: [],
  receipts: [],
  unsent: 0,
  syncing: false,
  sw: { offlineReady: false, update: null },
});

// `t()` follows the store's language; this subscriber runs before any component's.
setLanguage(store.get().locale);
store.subscribe((s) => setLanguage(s.locale));

// Every request asks for error messages in the language on screen.
setLocaleSource(() => store.get().locale);

/** Subscribe a component to the store. */
export function useStore() {
  const [s, setS] = useState(store.get());
  useEffect(() => store.subscribe(setS), []);
  return s;
}

const uid = () => store.get().user?.id;

export const runner = new OutboxRunner({
  store: {
    list: db.listOutbox,
    put: db.putOutboxItem,
    putMany: db.putOutboxItems,
    ack: db.acknowledge,
    ackMany: db.acknowledgeMany,
    getPhoto: db.getPhoto,
  },
  transport: { putAttachment: api.putAttachment, sync: api.sync },
  hooks: {
    onChange: () => refreshLocal(),
    onAuthRequired: () => store.set({ authNeeded: true }),
  },
});

/** Re-read drafts, outbox and receipts of the current user into the store. */
export async function refreshLocal() {
  const id = uid();
  if (id == null) return;
  const [outbox, drafts, receipts] = await Promise.all([db.listOutbox(id), db.listDrafts(id), db.listReceipts(id)]);
  store.set({ outbox, drafts, receipts, unsent: outbox.length });
  scheduleWake(outbox);
}

let wakeTimer = null;
function scheduleWake(items) {
  clearTimeout(wakeTimer);
  const at = nextWake(items);
  if (at == null) return;
  wakeTimer = setTimeout(() => flush(), Math.max(1000, at - Date.now() + 50));
}

/** Send what is due (or everything waiting with `force`). */
export async function flush(force = false) {
  const id = uid();
  if (id == null || store.get().authNeeded) return;
  // navigator.onLine === false is reliable (true may not be): no point trying.
  if (!force && navigator.onLine === false) return;
  store.set({ syncing: true });
  try {
    await runner.flush(id, { force });
  } finally {
    store.set({ syncing: false });
    await refreshLocal();
  }
}

async function loadCachedAssignments(userId) {
  const cached = await db.getCachedAssignments(userId);
  if (cached) store.set({ assignments: cached.value, assignmentsFetchedAt: cached.fetchedAt });
}

let refreshing = null;

/** Fetch open assignments and any form version not stored yet (one request at a time). */
export function refreshAssignments() {
  if (!refreshing) refreshing = doRefreshAssignments().finally(() => (refreshing = null));
  return refreshing;
}

async function doRefreshAssignments() {
  const id = uid();
  if (id == null) return;
  if (navigator.onLine === false) {
    await loadCachedAssignments(id);
    if (store.get().assignments === null) store.set({ assignments: [] });
    return;
  }
  try {
    const { assignments } = await api.assignments();
    const now = Date.now();
    await db.cacheAssignments(id, assignments, now);
    if (uid() !== id) return;
    store.set({ assignments, assignmentsFetchedAt: now });
    const versions = [...new Set(assignments.map((a) => a.form_version_id))];
    for (const v of versions) {
      if (!(await db.hasForm(v))) await db.putForm(await api.formVersion(v));
    }
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) store.set({ authNeeded: true });
    await loadCachedAssignments(id);
    if (store.get().assignments === null) store.set({ assignments: [] });
  }
}

async function signedIn(user, csrf) {
  setCsrf(csrf);
  const previous = store.get().user || store.get().expiredUser;
  await db.setMeta('user', user);
  const savedLocale = await db.getMeta('locale');
  store.set({
    user,
    expiredUser: null,
    authNeeded: false,
    locale: savedLocale || user.locale || store.get().locale,
    ...(previous && previous.id !== user.id ? { assignments: null, outbox: [], drafts: [], receipts: [] } : {}),
  });
  await loadCachedAssignments(user.id);
  await refreshLocal();
  requestPersistence();
  refreshAssignments();
  runner.resume(user.id).then(refreshLocal);
}

/** Start: who is signed in (online), or the last user (offline). */
export async function boot() {
  const cached = await db.getMeta('user');
  const locale = await db.getMeta('locale');
  if (locale) store.set({ locale });
  if (!cached) {
    // Nobody signed in on this phone yet: show the sign-in form without a request.
    store.set({ booting: false });
    startTriggers();
    return;
  }
  try {
    const me = await api.me();
    await signedIn(me.user, me.csrf_token);
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) {
      const unsent = cached ? await db.countUnsent(cached.id) : 0;
      store.set({ user: null, expiredUser: cached || null, unsent });
    } else if (cached) {
      // Offline start: keep working with the last session; requests will tell if it expired.
      store.set({ user: cached, locale: locale || cached.locale || store.get().locale });
      await loadCachedAssignments(cached.id);
      await refreshLocal();
      flush();
    }
  }
  store.set({ booting: false });
  startTriggers();
}

let triggersStarted = false;
function startTriggers() {
  if (triggersStarted) return;
  triggersStarted = true;
  window.addEventListener('online', () => {
    store.set({ online: true });
    if (!store.get().user) return;
    refreshAssignments();
    // The backoff was waiting for the network; it is back, so try at once.
    flush(true);
  });
  window.addEventListener('offline', () => store.set({ online: false }));
  setInterval(() => {
    if (store.get().user) flush();
  }, FLUSH_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && store.get().user) flush();
  });
}

/** Sign in; on success the outbox of that user continues. */
export async function login(email, password) {
  const res = await api.login(email, password);
  await signedIn(res.user, res.csrf_token);
  return res.user;
}

/** Log out; unsent items stay unless `discard` is true. */
export async function logout({ discard = false } = {}) {
  const id = uid();
  try {
    await api.logout();
  } catch {
    // offline or already expired: the local sign-out still happens
  }
  if (discard && id != null) await db.discardUserData(id);
  await db.deleteMeta('user');
  setCsrf(null);
  store.set({ user: null, expiredUser: null, authNeeded: false, assignments: null, outbox: [], drafts: [], receipts: [], unsent: 0 });
}

export async function setLocale(locale) {
  await db.setMeta('locale', locale);
  store.set({ locale });
  document.documentElement.lang = locale;
}

/** Ask the browser not to evict our storage (iOS still needs installing). */
export async function requestPersistence() {
  try {
    if (navigator.storage?.persisted && !(await navigator.storage.persisted())) await navigator.storage.persist();
  } catch {
    // not supported: nothing to do
  }
}

/**
 * Turn a draft into an outbox item. The UUID is made here, once; the item
 * keeps it for every retry. device_time here is only a placeholder: the
 * outbox runner replaces it with the clock at each send (see forSend).
 */
export async function submitDraft(draft, assignment, version, title) {
  const { answers, na } = cleanAnswers(version.definition, draft.answers, draft.na);
  const now = new Date();
  const submission = {
    id: newUuid(),
    assignment_id: assignment.id,
    form_version_id: version.id,
    answers,
    na,
    started_at: draft.visit?.start || draft.startedAt,
    completed_at: draft.visit?.end || now.toISOString(),
    device_time: now.toISOString(),
  };
  if (draft.visit?.geo) submission.geo = draft.visit.geo;
  if (assignment.relationship === 'mystery_shopper') submission.staff_id = draft.visit?.staffId ?? null;
  // A visit HR rejected comes back with the report it replaces.
  const replaces = draft.replaces || assignment.rejected?.submission_id;
  if (replaces) submission.replaces = replaces;
  const item = createItem({
    userId: uid(),
    submission,
    photos: photoHashes(version.definition, answers),
    title,
    assignmentId: assignment.id,
    now: Date.now(),
  });
  await db.enqueue(item);
  await refreshLocal();
  flush();
  return item;
}

export async function retryItem(item) {
  await db.putOutboxItem(manualRetry(item, Date.now()));
  await flush();
}

export async function discardItem(item) {
  await db.discardOutboxItem(item);
  await refreshLocal();
}

export { refreshCsrf };
