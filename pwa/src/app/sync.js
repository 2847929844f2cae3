// The outbox wiring: the runner over IndexedDB and the API, the wake-up timer, sending
// (flush), turning a draft into an outbox item, retry and discard.
import * as db from '../db.js';
import { api } from '../api.js';
import { OutboxRunner, createExpenseItem, createItem, manualRetry, nextWake } from '../outbox.js';
import { cleanAnswers, photoHashes } from '../form/model.js';
import { newUuid } from '../uuid.js';
import { store, uid } from './store.js';

export const runner = new OutboxRunner({
  store: {
    list: db.listOutbox,
    put: db.putOutboxItem,
    putMany: db.putOutboxItems,
    ack: db.acknowledge,
    ackMany: db.acknowledgeMany,
    getPhoto: db.getPhoto,
  },
  transport: { putAttachment: api.putAttachment, sync: api.sync, postExpense: api.postExpense },
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

/**
 * Record a visit expense through the outbox (online too): the receipt photo (already
 * processed: {sha256, blob, type, ...}) is kept on the phone, the item gets its client UUID
 * here, once, and is sent before the visit's report (states.js `isHeld`).
 */
export async function recordExpense({ visitId, body, photo, title }) {
  const userId = uid();
  if (photo) await db.putPhoto(userId, photo);
  const item = createExpenseItem({ userId, visitId, body: { id: newUuid(), ...body }, title, now: Date.now() });
  await db.enqueue(item);
  await refreshLocal();
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
