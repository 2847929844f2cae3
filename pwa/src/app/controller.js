// Session, cached data and outbox wiring for the field app. Components read
// `store` and call these functions; nothing here renders. Each part lives in its own module:
// store.js (state), sync.js (outbox), assignments.js (cached assignments), session.js
// (sign-in, start-up, triggers).
export { refreshCsrf } from '../api.js';
export { refreshAssignments } from './assignments.js';
export { boot, login, logout, requestPersistence, setLocale } from './session.js';
export { store, useStore } from './store.js';
export { discardItem, flush, recordExpense, refreshLocal, retryItem, runner, submitDraft } from './sync.js';
