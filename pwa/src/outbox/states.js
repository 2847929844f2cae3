// The outbox state machine: pure functions (item, event) -> item, tested alone.
//
// Item states: waiting -> sending -> (deleted after ack) | waiting (backoff)
//              | attention (server refused: conflict/invalid/forbidden)
//              | auth (session gone: kept until the user signs in again).
// The submission UUID is fixed when the item is created and never changes,
// so a retry after a lost response is stored exactly once by the server.

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

/** The soonest time any waiting item becomes due (for the timer), or null. */
export function nextWake(items) {
  const times = items.filter((i) => i.state === WAITING).map((i) => i.nextAttemptAt ?? 0);
  return times.length ? Math.min(...times) : null;
}
