// The outbox runner: feeds the state machine (./states.js) the server's answers, with
// storage and HTTP injected so tests drive it with fakes.

import { HttpError } from '../errors.js';
import {
  ATTENTION,
  BATCH_SIZE,
  WAITING,
  applyExpenseResult,
  applyResult,
  applyTransientError,
  applyUnauthenticated,
  applyUploadRefused,
  forSend,
  isDue,
  manualRetry,
  recoverInterrupted,
  resumeAfterLogin,
  sendPlan,
  startAttempt,
  uploadDone,
} from './states.js';

const asError = (e) => ({
  code: e?.code || 'network',
  message: e?.message || 'network error',
  retryAfterMs: e?.retryAfterMs || 0,
});

const isTransient = (e) => !(e instanceof HttpError) || e.status >= 500 || e.status === 429 || e.status === 408;

/**
 * Drives the state machine. `store`: {list(uid), put(item), ack(item, receipt), getPhoto(uid, sha)};
 * `transport`: {putAttachment(sha, blob, type), sync(submissions), postExpense(visitId, body)}
 * returning parsed JSON or throwing HttpError / other errors; `hooks`: {onChange(), onAuthRequired()}.
 *
 * Each pass sends the due expense items first, one request each, then the due submissions
 * that no expense of their visit holds back (states.js `sendPlan`, `isHeld`).
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
      let plan = sendPlan(await this.store.list(userId), this.now());
      if (!plan.expenses.length && !plan.submissions.length) break;
      if (plan.expenses.length) {
        const r = await this._sendExpenses(userId, plan.expenses);
        this.hooks.onChange?.();
        if (r === 'stop') break;
        // acknowledged expenses release their visit's report: plan the submissions again
        plan = sendPlan(await this.store.list(userId), this.now());
      }
      if (!plan.submissions.length) break;
      const outcome = await this._sendAll(userId, plan.submissions);
      this.hooks.onChange?.();
      if (outcome !== 'again') break;
    }
    this.hooks.onChange?.();
  }

  /** Send expense items one by one: upload the receipt, then POST the expense. */
  async _sendExpenses(userId, items) {
    for (const original of items) {
      if (!isDue(original, this.now())) continue;
      let item = startAttempt(original, this.now());
      await this.store.put(item);
      const up = await this._uploadPhotos(userId, item);
      if (up.stop) return this._stopAll([up.item || item], up.error);
      item = up.item;
      if (item.state === ATTENTION) {
        await this.store.put(item);
        continue;
      }
      let result;
      try {
        await this.transport.postExpense(item.visitId, item.body);
        result = { status: 'created' };
      } catch (e) {
        if (!(e instanceof HttpError) || e.status === 401 || isTransient(e)) return this._stopAll([item], e);
        result = { status: 'refused', error: { code: e.code, message: e.message, details: e.details } };
      }
      const now = this.now();
      const { item: next, effect } = applyExpenseResult(item, result, now);
      if (effect === 'delete') {
        await this.store.ack(next, { id: next.id, kind: next.kind, visitId: next.visitId, title: next.title, status: 'created', syncedAt: now });
      } else {
        await this.store.put(next);
      }
    }
    return 'done';
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
