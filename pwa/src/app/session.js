// Who is signed in: start-up (online or offline), sign-in and sign-out, the language
// setting, and the triggers that send the outbox (online again, a timer, the app shown).
import * as db from '../db.js';
import { HttpError, api, setCsrf } from '../api.js';
import { loadCachedAssignments, refreshAssignments } from './assignments.js';
import { store, uid } from './store.js';
import { flush, refreshLocal, runner } from './sync.js';

const FLUSH_INTERVAL_MS = 30_000;

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
