// The app's own outbox (not Workbox background sync). Two halves:
//   1. a pure state machine: functions (item, event) -> item, tested alone;
//   2. a thin runner that feeds it server answers, with storage and HTTP
//      injected so tests drive it with fakes.
//
// Item states: waiting -> sending -> (deleted after ack) | waiting (backoff)
//              | attention (server refused: conflict/invalid/forbidden)
//              | auth (session gone: kept until the user signs in again).
// The submission UUID is fixed when the item is created and never changes,
// so a retry after a lost response is stored exactly once by the server.

import { HttpError } from './errors.js';

export { HttpError };

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

// ---------------------------------------------------------------------------
// Runner

const asError = (e) => ({
  code: e?.code || 'network',
  message: e?.message || 'network error',
  retryAfterMs: e?.retryAfterMs || 0,
});

const isTransient = (e) => !(e instanceof HttpError) || e.status >= 500 || e.status === 429 || e.status === 408;

/**
 * Drives the state machine. `store`: {list(uid), put(item), ack(item, receipt), getPhoto(uid, sha)};
 * `transport`: {putAttachment(sha, blob, type), sync(submissions)} returning parsed JSON or throwing
 * HttpError / other errors; `hooks`: {onChange(), onAuthRequired()}.
 */
export class OutboxRunner {
  constructor({ store, transport, hooks = {}, now = () => Date.now(), random = Math.random }) {
    Object.assign(this, { store, transport, hooks, now, random });
    this.running = null;
    this.authRequired = false;
  }

  /** Send every due item of `userId`; concurrent calls share one run. */
  flush(userId, { force = false } = {}) {
    if (!this.running) {
      this.running = this._flush(userId, force).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  async _flush(userId, force) {
    if (this.authRequired) {
      this.hooks.onChange?.();
      return;
    }
    const start = this.now();
    for (const i of await this.store.list(userId)) {
      const next = force && i.state === WAITING ? manualRetry(i, start) : recoverInterrupted(i);
      if (next !== i) await this.store.put(next);
    }
    for (let pass = 0; pass < 4; pass++) {
      const items = await this.store.list(userId);
      const due = items.filter((i) => isDue(i, this.now()));
      if (!due.length) break;
      const outcome = await this._sendAll(userId, due);
      this.hooks.onChange?.();
      if (outcome !== 'again') break;
    }
    this.hooks.onChange?.();
  }

  async _sendAll(userId, due) {
    let again = false;
    for (let i = 0; i < due.length; i += BATCH_SIZE) {
      const r = await this._sendBatch(userId, due.slice(i, i + BATCH_SIZE));
      if (r === 'stop') return 'stop';
      if (r === 'again') again = true;
    }
    return again ? 'again' : 'done';
  }

  async _putMany(items) {
    if (this.store.putMany) await this.store.putMany(items);
    else for (const i of items) await this.store.put(i);
  }

  async _ackMany(pairs) {
    if (this.store.ackMany) await this.store.ackMany(pairs);
    else for (const [i, r] of pairs) await this.store.ack(i, r);
  }

  async _sendBatch(userId, batch) {
    const now = this.now();
    const ready = [];
    const started = [];
    await this._putMany(batch.map((i) => startAttempt(i, now)));
    for (const original of batch) {
      let item = startAttempt(original, now);
      started.push(item);
      const up = await this._uploadPhotos(userId, item);
      if (up.stop) return this._stopAll([...started.slice(0, -1), up.item || item, ...batch.slice(started.length)], up.error);
      item = up.item;
      started[started.length - 1] = item;
      if (item.state === ATTENTION) await this.store.put(item);
      else ready.push(item);
    }
    if (!ready.length) return 'done';
    let body;
    try {
      const sentAt = this.now();
      body = await this.transport.sync(ready.map((i) => forSend(i.submission, sentAt)));
    } catch (e) {
      return this._stopAll(ready, e);
    }
    return this._applyResults(ready, body?.results || []);
  }

  async _uploadPhotos(userId, item) {
    for (const sha of [...item.pendingUploads]) {
      const photo = await this.store.getPhoto(userId, sha);
      if (!photo) continue; // the server will say missing_attachments if it really lacks it
      try {
        await this.transport.putAttachment(sha, photo.blob, photo.type || photo.blob?.type || 'image/jpeg');
        item = uploadDone(item, sha);
        await this.store.put(item);
      } catch (e) {
        if (e instanceof HttpError && e.status === 401) return { stop: true, error: e, item };
        if (isTransient(e)) return { stop: true, error: e, item };
        return { item: applyUploadRefused(item, asError(e)) };
      }
    }
    return { item };
  }

  async _stopAll(items, e) {
    const now = this.now();
    const auth = e instanceof HttpError && e.status === 401;
    for (const i of items) {
      const fresh = { ...i, pendingUploads: i.pendingUploads };
      await this.store.put(auth ? applyUnauthenticated(fresh) : applyTransientError(fresh, now, asError(e), this.random));
    }
    if (auth) {
      // Park every other item of the user too, and ask for a new sign-in.
      this.authRequired = true;
      for (const other of await this.store.list(items[0].userId)) {
        if (other.state === WAITING) await this.store.put(applyUnauthenticated(other));
      }
      this.hooks.onAuthRequired?.();
    }
    return 'stop';
  }

  async _applyResults(ready, results) {
    const byId = new Map(results.map((r) => [r.id, r]));
    let again = false;
    const now = this.now();
    const acked = [];
    const kept = [];
    for (const item of ready) {
      const result = byId.get(item.id) || { status: undefined, error: { code: 'no_result', message: 'no result for item' } };
      const { item: next, effect } = applyResult(item, result, now, this.random);
      if (effect === 'delete') {
        acked.push([next, { id: next.id, assignmentId: next.assignmentId, title: next.title, status: next.serverStatus, syncedAt: now }]);
      } else {
        kept.push(next);
        if (effect === 'upload' && next.nextAttemptAt <= now) again = true;
      }
    }
    if (acked.length) await this._ackMany(acked);
    if (kept.length) await this._putMany(kept);
    return again ? 'again' : 'done';
  }

  /** Called after a successful sign-in as `userId`. */
  async resume(userId) {
    this.authRequired = false;
    const now = this.now();
    for (const i of await this.store.list(userId)) await this.store.put(resumeAfterLogin(i, now));
    return this.flush(userId);
  }
}
