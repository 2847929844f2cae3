// The field app's state: one store components subscribe to; the language on screen
// follows it. Nothing here talks to the server.
import { useEffect, useState } from 'preact/hooks';
import { setLocaleSource } from '../api.js';
import { defaultLocale, setLanguage } from './i18n.js';

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

export const uid = () => store.get().user?.id;
