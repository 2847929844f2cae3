// The outbox state machine: pure functions (item, event) -> item, tested alone.
//
// Item states: waiting -> sending -> (deleted after ack) | waiting (backoff)
//              | attention (server refused: conflict/invalid/forbidden)
//              | auth (session gone: kept until the user signs in again).
// The submission UUID is fixed when the item is created and never changes,
// so a retry after a lost response is stored exactly once by the server.
//
// Kinds: an item is a form submission (`kind` absent or 'submission', sent in batches
// with POST /sync) or a visit expense (`kind: 'expense'`, sent one by one with
// POST /me/visits/{visitId}/expenses, its client UUID fixed at creation too).
// Ordering (see `isHeld`): a visit's report locks its expenses on the server, so a
// submission waits while any expense of the same user and assignment is in the outbox.

export const WAITING = 'waiting';
export const SENDING = 'sending';
export const ATTENTION = 'attention';
export const AUTH = 'auth';
export const SYNCED = 'synced';

export const ACKED = new Set(['created', 'duplicate', 'late']);
export const REFUSED = new Set(['conflict', 'invalid', 'forbidden']);

export const BATCH_SIZE = 50;
export const BASE_DELAY_MS = 5_000;
export const MAX_DELAY_MS = 30 * 60_000;
/** After this many missing_attachments answers in a row the item backs off instead of retrying at once. */
export const MAX_IMMEDIATE_UPLOAD_ROUNDS = 2;

/** Create an outbox item for a finished submission; `photos` are its sha256 hashes. */
export function createItem({ userId, submission, photos = [], title = null, assignmentId = null, now }) {
  return {
    id: submission.id,
    userId,
    assignmentId,
    title,
    submission,
    photos: [...new Set(photos)],
    pendingUploads: [...new Set(photos)],
    state: WAITING,
    attempts: 0,
    uploadRounds: 0,
    createdAt: now,
    lastAttemptAt: null,
    nextAttemptAt: now,
    error: null,
  };
}

export const KIND_SUBMISSION = 'submission';
export const KIND_EXPENSE = 'expense';

/** An item's kind: items stored before kinds existed are submissions. */
export const kindOf = (item) => item?.kind || KIND_SUBMISSION;
export const isExpense = (item) => kindOf(item) === KIND_EXPENSE;

/**
 * Create an outbox item for a visit expense. `body` is what POST /me/visits/{visitId}/expenses
 * takes: {id (client UUID, fixed here for every retry), amount_minor, currency, note,
 * receipt_sha256}; the receipt photo is stored on the phone and uploaded first.
 */
export function createExpenseItem({ userId, visitId, body, title = null, now }) {
  const photos = body.receipt_sha256 ? [body.receipt_sha256] : [];
  return {
    id: body.id,
    kind: KIND_EXPENSE,
    userId,
    visitId,
    title,
    body: { ...body },
    photos,
    pendingUploads: [...photos],
    state: WAITING,
    attempts: 0,
    uploadRounds: 0,
    createdAt: now,
    lastAttemptAt: null,
    nextAttemptAt: now,
    error: null,
  };
}

/** The assignment (visit) an item belongs to, or null. */
export function assignmentOf(item) {
  if (isExpense(item)) return item.visitId ?? null;
  return item.assignmentId ?? item.submission?.assignment_id ?? null;
}

/**
 * Ordering rule: a submission is held (not sent) while any expense item of the same user
 * and assignment is still in the outbox, whatever its state (waiting, sending, attention,
 * auth): the report locks the visit's expenses on the server, so they must arrive first.
 * `items` is the user's outbox (acknowledged items are gone from it; SYNCED never blocks).
 */
export function isHeld(item, items) {
  if (isExpense(item)) return false;
  const a = assignmentOf(item);
  if (a == null) return false;
  return items.some((o) => isExpense(o) && o.userId === item.userId && o.visitId === a && o.state !== SYNCED);
}

/**
 * What to send now, in order: the due expense items first (one request each, oldest
 * first), then the due submissions that are not held.
 */
export function sendPlan(items, now) {
  const due = items.filter((i) => isDue(i, now));
  return {
    expenses: due.filter(isExpense),
    submissions: due.filter((i) => !isExpense(i) && !isHeld(i, items)),
  };
}

/**
 * The answer to one expense POST: 200/201 (`status` 'created') acknowledges (drop the
 * local copy); a refusal (403/404/409/422 and other 4xx) needs the user's attention with
 * the server's message. Same shape as `applyResult`.
 */
export function applyExpenseResult(item, result, now) {
  if (result.status === 'created') {
    return { item: { ...item, state: SYNCED, serverStatus: 'created', error: null, syncedAt: now }, effect: 'delete' };
  }
  const error = result.error || { code: 'refused', message: 'refused' };
  return { item: { ...item, state: ATTENTION, serverStatus: error.code, error }, effect: 'keep' };
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempts, random = Math.random) {
  const exp = BASE_DELAY_MS * 2 ** Math.max(0, Math.min(attempts - 1, 16));
  const capped = Math.min(exp, MAX_DELAY_MS);
  return Math.round(capped / 2 + (capped / 2) * random());
}

/**
 * The submission as sent in one POST /sync request: same UUID and content,
 * `device_time` set to the device clock at this send (the server keeps it as
 * clock-skew evidence and leaves it out of the content hash, so a retry with a
 * later clock is still a duplicate, never a conflict).
 */
export function forSend(submission, now) {
  return { ...submission, device_time: new Date(now).toISOString() };
}

/** Should the runner send this item now? */
export function isDue(item, now) {
  return item.state === WAITING && (item.nextAttemptAt ?? 0) <= now;
}

/** The runner is about to send the item. */
export function startAttempt(item, now) {
  return { ...item, state: SENDING, lastAttemptAt: now };
}

/** One photo reached the server (201 or 200). */
export function uploadDone(item, sha) {
  return { ...item, pendingUploads: item.pendingUploads.filter((h) => h !== sha) };
}

/**
 * Apply one per-item result of POST /sync. Returns `{item, effect}` where
 * effect is 'delete' (acknowledged: drop the local copy), 'upload' (send the
 * listed photos, then retry) or 'keep'.
 */
export function applyResult(item, result, now, random = Math.random) {
  const status = result?.status;
  if (ACKED.has(status)) {
    return { item: { ...item, state: SYNCED, serverStatus: status, error: null, syncedAt: now }, effect: 'delete' };
  }
  if (status === 'missing_attachments') {
    const hashes = result.error?.details?.hashes || [];
    const rounds = (item.uploadRounds || 0) + 1;
    const attempts = item.attempts + 1;
    const immediate = rounds <= MAX_IMMEDIATE_UPLOAD_ROUNDS;
    return {
      item: {
        ...item,
        state: WAITING,
        attempts,
        uploadRounds: rounds,
        pendingUploads: [...new Set([...item.pendingUploads, ...hashes])],
        nextAttemptAt: immediate ? now : now + backoffDelay(attempts, random),
        error: result.error || { code: status, message: status },
      },
      effect: 'upload',
    };
  }
  const error = result?.error || { code: status || 'unknown', message: String(status || 'unknown result') };
  return { item: { ...item, state: ATTENTION, serverStatus: status, error }, effect: 'keep' };
}

/** The request did not reach the server or it failed temporarily (network, 5xx, 429): back off. */
export function applyTransientError(item, now, error, random = Math.random) {
  const attempts = item.attempts + 1;
  const wait = Math.max(backoffDelay(attempts, random), error?.retryAfterMs || 0);
  return { ...item, state: WAITING, attempts, nextAttemptAt: now + wait, error };
}

/** The server answered 401: keep the item untouched until the user signs in again. */
export function applyUnauthenticated(item) {
  return { ...item, state: AUTH, error: { code: 'unauthenticated', message: 'Sign in again' } };
}

/** An attachment upload was refused for good (413/415/422): the user must act. */
export function applyUploadRefused(item, error) {
  return { ...item, state: ATTENTION, error };
}

/** After a successful sign-in, items parked for auth are due at once. */
export function resumeAfterLogin(item, now) {
  return item.state === AUTH ? { ...item, state: WAITING, nextAttemptAt: now, error: null } : item;
}

/** "Retry" button or "Sync now": due at once, same UUID, same content. */
export function manualRetry(item, now) {
  if (item.state === SENDING || item.state === SYNCED) return item;
  return { ...item, state: WAITING, nextAttemptAt: now, uploadRounds: 0 };
}

/** A page reload interrupted a send: the item goes back to waiting. */
export function recoverInterrupted(item) {
  return item.state === SENDING ? { ...item, state: WAITING } : item;
}

/** The soonest time any waiting item not held becomes due (for the timer), or null. */
export function nextWake(items) {
  const times = items.filter((i) => i.state === WAITING && !isHeld(i, items)).map((i) => i.nextAttemptAt ?? 0);
  return times.length ? Math.min(...times) : null;
}
