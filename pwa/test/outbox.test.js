import { describe, expect, it } from 'vitest';
import {
  ATTENTION,
  AUTH,
  BASE_DELAY_MS,
  HttpError,
  MAX_DELAY_MS,
  OutboxRunner,
  SENDING,
  SYNCED,
  WAITING,
  applyResult,
  applyTransientError,
  applyUnauthenticated,
  backoffDelay,
  createItem,
  isDue,
  manualRetry,
  nextWake,
  recoverInterrupted,
  resumeAfterLogin,
  startAttempt,
  uploadDone,
} from '../src/outbox.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function sub(id = '11111111-1111-4111-8111-111111111111') {
  return { id, assignment_id: 7, form_version_id: 3, answers: { q1: 4 }, na: [] };
}

function item(overrides = {}) {
  return { ...createItem({ userId: 1, submission: sub(), photos: [SHA_A], now: 1000 }), ...overrides };
}

describe('state machine', () => {
  it('creates a waiting item that is due at once with its photos pending', () => {
    const i = createItem({ userId: 1, submission: sub(), photos: [SHA_A, SHA_A], now: 1000 });
    expect(i.state).toBe(WAITING);
    expect(i.id).toBe(sub().id);
    expect(i.pendingUploads).toEqual([SHA_A]);
    expect(isDue(i, 1000)).toBe(true);
    expect(isDue(i, 999)).toBe(false);
  });

  it.each(['created', 'duplicate', 'late'])('%s acknowledges: delete local copy', (status) => {
    const { item: next, effect } = applyResult(startAttempt(item(), 2000), { id: item().id, status }, 3000);
    expect(effect).toBe('delete');
    expect(next.state).toBe(SYNCED);
    expect(next.serverStatus).toBe(status);
  });

  it.each(['conflict', 'invalid', 'forbidden'])('%s needs attention with the server message and is kept', (status) => {
    const error = { code: status, message: `server says ${status}`, details: { fields: { q1: 'bad' } } };
    const { item: next, effect } = applyResult(startAttempt(item(), 2000), { id: item().id, status, error }, 3000);
    expect(effect).toBe('keep');
    expect(next.state).toBe(ATTENTION);
    expect(next.error.message).toBe(`server says ${status}`);
    expect(isDue(next, 10 ** 12)).toBe(false);
  });

  it('missing_attachments queues the listed hashes and retries at once, then backs off', () => {
    let i = uploadDone(item(), SHA_A);
    expect(i.pendingUploads).toEqual([]);
    const res = { id: i.id, status: 'missing_attachments', error: { code: 'missing_attachments', message: 'm', details: { hashes: [SHA_A, SHA_B] } } };
    let r = applyResult(startAttempt(i, 2000), res, 3000, () => 0.5);
    expect(r.effect).toBe('upload');
    expect(r.item.state).toBe(WAITING);
    expect(r.item.pendingUploads.sort()).toEqual([SHA_A, SHA_B]);
    expect(r.item.nextAttemptAt).toBe(3000);
    r = applyResult(r.item, res, 4000, () => 0.5);
    expect(r.item.nextAttemptAt).toBe(4000);
    r = applyResult(r.item, res, 5000, () => 0.5);
    expect(r.item.nextAttemptAt).toBeGreaterThan(5000);
  });

  it('network errors back off exponentially with jitter, capped', () => {
    expect(backoffDelay(1, () => 0)).toBe(BASE_DELAY_MS / 2);
    expect(backoffDelay(1, () => 1)).toBe(BASE_DELAY_MS);
    expect(backoffDelay(2, () => 1)).toBe(2 * BASE_DELAY_MS);
    expect(backoffDelay(3, () => 1)).toBe(4 * BASE_DELAY_MS);
    expect(backoffDelay(40, () => 1)).toBe(MAX_DELAY_MS);
    const a = backoffDelay(4, () => 0.1);
    const b = backoffDelay(4, () => 0.9);
    expect(a).not.toBe(b);
    let i = startAttempt(item(), 2000);
    i = applyTransientError(i, 2000, { code: 'network', message: 'offline' }, () => 1);
    expect(i.state).toBe(WAITING);
    expect(i.attempts).toBe(1);
    expect(i.nextAttemptAt).toBe(2000 + BASE_DELAY_MS);
    i = applyTransientError(i, 3000, { code: 'network' }, () => 1);
    expect(i.nextAttemptAt).toBe(3000 + 2 * BASE_DELAY_MS);
  });

  it('honours Retry-After when it is longer than the backoff', () => {
    const i = applyTransientError(item(), 0, { code: 'too_many', retryAfterMs: 120_000 }, () => 0);
    expect(i.nextAttemptAt).toBe(120_000);
  });

  it('401 parks the item until login, then it is due at once', () => {
    const parked = applyUnauthenticated(startAttempt(item(), 2000));
    expect(parked.state).toBe(AUTH);
    expect(isDue(parked, 10 ** 12)).toBe(false);
    const resumed = resumeAfterLogin(parked, 5000);
    expect(resumed.state).toBe(WAITING);
    expect(isDue(resumed, 5000)).toBe(true);
    expect(resumed.submission).toEqual(parked.submission);
  });

  it('manual retry makes attention and backed-off items due, keeping the UUID', () => {
    const att = { ...item(), state: ATTENTION };
    const r = manualRetry(att, 9000);
    expect(r.state).toBe(WAITING);
    expect(r.id).toBe(att.id);
    expect(r.submission.id).toBe(att.submission.id);
    expect(manualRetry({ ...item(), state: SENDING }, 9000).state).toBe(SENDING);
  });

  it('a send interrupted by a reload goes back to waiting', () => {
    expect(recoverInterrupted(startAttempt(item(), 1)).state).toBe(WAITING);
  });

  it('nextWake is the soonest waiting item', () => {
    expect(nextWake([item({ nextAttemptAt: 50 }), item({ nextAttemptAt: 20 }), item({ state: AUTH, nextAttemptAt: 1 })])).toBe(20);
    expect(nextWake([])).toBeNull();
  });
});

// ---------------------------------------------------------------------------

function memoryStore(initial = []) {
  const items = new Map(initial.map((i) => [i.id, i]));
  const acked = [];
  const photos = new Map([[SHA_A, { blob: 'blobA', type: 'image/jpeg' }], [SHA_B, { blob: 'blobB', type: 'image/jpeg' }]]);
  return {
    items,
    acked,
    list: async (uid) => [...items.values()].filter((i) => i.userId === uid).map((i) => ({ ...i })),
    put: async (i) => void items.set(i.id, { ...i }),
    ack: async (i, receipt) => {
      items.delete(i.id);
      acked.push(receipt);
    },
    getPhoto: async (uid, sha) => photos.get(sha),
  };
}

function scriptedTransport(script) {
  const calls = { uploads: [], syncs: [], bodies: [] };
  return {
    calls,
    putAttachment: async (sha) => {
      calls.uploads.push(sha);
      const step = script.upload?.shift();
      if (step instanceof Error) throw step;
      return { sha256: sha };
    },
    sync: async (subs) => {
      calls.syncs.push(subs.map((s) => s.id));
      calls.bodies.push(subs.map((s) => ({ ...s })));
      const step = script.sync.shift();
      if (step instanceof Error) throw step;
      return typeof step === 'function' ? step(subs) : step;
    },
  };
}

const ok = (status) => (subs) => ({ results: subs.map((s) => ({ id: s.id, status })) });

describe('runner', () => {
  it('uploads photos first, then syncs, then deletes after created', async () => {
    const store = memoryStore([item()]);
    const t = scriptedTransport({ sync: [ok('created')] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(t.calls.uploads).toEqual([SHA_A]);
    expect(t.calls.syncs).toEqual([[item().id]]);
    expect(store.items.size).toBe(0);
    expect(store.acked[0].status).toBe('created');
  });

  it('keeps the same UUID across a network failure and the retry', async () => {
    let now = 5000;
    const store = memoryStore([item()]);
    const t = scriptedTransport({ sync: [new TypeError('Failed to fetch'), ok('duplicate')] });
    const runner = new OutboxRunner({ store, transport: t, now: () => now, random: () => 1 });
    await runner.flush(1);
    const kept = store.items.get(item().id);
    expect(kept.state).toBe(WAITING);
    expect(kept.attempts).toBe(1);
    expect(kept.nextAttemptAt).toBe(5000 + BASE_DELAY_MS);
    expect(kept.lastAttemptAt).toBe(5000);
    expect(kept.error.code).toBe('network');
    await runner.flush(1); // not due yet: nothing sent
    expect(t.calls.syncs.length).toBe(1);
    now += BASE_DELAY_MS;
    await runner.flush(1);
    expect(t.calls.syncs).toEqual([[item().id], [item().id]]);
    expect(store.items.size).toBe(0);
  });

  it('sets device_time to the clock of each send, keeping UUID and content', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const first = { ...sub(), started_at: '2026-11-20T07:00:00Z', completed_at: '2026-11-20T07:30:00Z', device_time: '2026-11-20T07:30:00.000Z' };
    const store = memoryStore([createItem({ userId: 1, submission: first, now: 1000 })]);
    const t = scriptedTransport({ sync: [new TypeError('Failed to fetch'), ok('duplicate')] });
    const runner = new OutboxRunner({ store, transport: t, now: () => now, random: () => 1 });
    await runner.flush(1);
    now += 3 * 3600_000; // retried three hours later
    await runner.flush(1);
    const [a, b] = t.calls.bodies.map((batch) => batch[0]);
    expect(a.device_time).toBe('2026-11-20T08:00:00.000Z');
    expect(b.device_time).toBe('2026-11-20T11:00:00.000Z');
    const content = ({ device_time, ...rest }) => rest;
    expect(content(b)).toEqual(content(a));
    expect(content(a)).toEqual(content(first));
    expect(b.id).toBe(first.id);
    expect(first.device_time).toBe('2026-11-20T07:30:00.000Z'); // stored item untouched
  });

  it('network failure during a photo upload keeps the item and sends nothing', async () => {
    const store = memoryStore([item()]);
    const t = scriptedTransport({ upload: [new TypeError('Failed to fetch')], sync: [] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(t.calls.syncs.length).toBe(0);
    expect(store.items.get(item().id).state).toBe(WAITING);
    expect(store.items.get(item().id).pendingUploads).toEqual([SHA_A]);
    expect(store.items.get(item().id).lastAttemptAt).toBe(5000);
  });

  it('missing_attachments uploads the listed hashes and retries in the same flush', async () => {
    const store = memoryStore([item({ pendingUploads: [] })]);
    const missing = (subs) => ({
      results: subs.map((s) => ({ id: s.id, status: 'missing_attachments', error: { code: 'missing_attachments', message: 'm', details: { hashes: [SHA_B] } } })),
    });
    const t = scriptedTransport({ sync: [missing, ok('created')] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(t.calls.uploads).toEqual([SHA_B]);
    expect(t.calls.syncs.length).toBe(2);
    expect(store.items.size).toBe(0);
  });

  it('401 parks every item, asks for login, and continues after resume', async () => {
    const other = createItem({ userId: 1, submission: sub('22222222-2222-4222-8222-222222222222'), now: 999999 });
    const store = memoryStore([item(), other]);
    let asked = 0;
    const t = scriptedTransport({ upload: [new HttpError(401, { error: { code: 'unauthenticated' } })], sync: [ok('created')] });
    const runner = new OutboxRunner({ store, transport: t, now: () => 5000, hooks: { onAuthRequired: () => asked++ } });
    await runner.flush(1);
    expect(asked).toBe(1);
    expect([...store.items.values()].every((i) => i.state === AUTH)).toBe(true);
    await runner.flush(1);
    expect(t.calls.syncs.length).toBe(0);
    await runner.resume(1);
    expect(t.calls.syncs.length).toBe(1);
    expect(store.items.size).toBe(0);
  });

  it('401 on sync keeps the items too', async () => {
    const store = memoryStore([item({ pendingUploads: [] })]);
    const t = scriptedTransport({ sync: [new HttpError(401, { error: { code: 'unauthenticated' } })] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(store.items.get(item().id).state).toBe(AUTH);
  });

  it('one refused item does not block the others in the batch', async () => {
    const a = item({ pendingUploads: [] });
    const b = createItem({ userId: 1, submission: sub('33333333-3333-4333-8333-333333333333'), now: 1000 });
    const store = memoryStore([a, b]);
    const mixed = () => ({
      results: [
        { id: a.id, status: 'conflict', error: { code: 'conflict', message: 'different content' } },
        { id: b.id, status: 'created' },
      ],
    });
    const t = scriptedTransport({ sync: [mixed] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(store.items.get(a.id).state).toBe(ATTENTION);
    expect(store.items.get(a.id).error.message).toBe('different content');
    expect(store.items.has(b.id)).toBe(false);
  });

  it('a 500 answer backs off like a network error', async () => {
    const store = memoryStore([item({ pendingUploads: [] })]);
    const t = scriptedTransport({ sync: [new HttpError(503, null)] });
    await new OutboxRunner({ store, transport: t, now: () => 5000, random: () => 0 }).flush(1);
    const i = store.items.get(item().id);
    expect(i.state).toBe(WAITING);
    expect(i.nextAttemptAt).toBe(5000 + BASE_DELAY_MS / 2);
  });

  it('a refused upload (415) puts only that item in needs attention', async () => {
    const store = memoryStore([item()]);
    const t = scriptedTransport({ upload: [new HttpError(415, { error: { code: 'unsupported_media_type', message: 'not an image' } })], sync: [] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(store.items.get(item().id).state).toBe(ATTENTION);
    expect(store.items.get(item().id).error.code).toBe('unsupported_media_type');
    expect(t.calls.syncs.length).toBe(0);
  });

  it('sends in batches of at most 50 and only the user\'s own items', async () => {
    const mine = Array.from({ length: 120 }, (_, n) =>
      createItem({ userId: 1, submission: sub(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`), now: 0 }),
    );
    const theirs = createItem({ userId: 2, submission: sub('99999999-9999-4999-8999-999999999999'), now: 0 });
    const store = memoryStore([...mine, theirs]);
    const t = scriptedTransport({ sync: [ok('created'), ok('created'), ok('created')] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(t.calls.syncs.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(t.calls.syncs.flat()).not.toContain(theirs.id);
    expect([...store.items.keys()]).toEqual([theirs.id]);
  });

  it('"Sync now" (force) sends an item that is backing off', async () => {
    const store = memoryStore([item({ pendingUploads: [], nextAttemptAt: 10 ** 9, attempts: 3 })]);
    const t = scriptedTransport({ sync: [ok('created')] });
    const runner = new OutboxRunner({ store, transport: t, now: () => 5000 });
    await runner.flush(1);
    expect(t.calls.syncs.length).toBe(0);
    await runner.flush(1, { force: true });
    expect(t.calls.syncs.length).toBe(1);
  });

  it('concurrent flushes share one run (no double send)', async () => {
    const store = memoryStore([item({ pendingUploads: [] })]);
    const t = scriptedTransport({ sync: [ok('created'), ok('created')] });
    const runner = new OutboxRunner({ store, transport: t, now: () => 5000 });
    await Promise.all([runner.flush(1), runner.flush(1), runner.flush(1)]);
    expect(t.calls.syncs.length).toBe(1);
  });
});

describe('runner with batched storage', () => {
  it('uses putMany/ackMany when the store offers them', async () => {
    const store = memoryStore([item({ pendingUploads: [] }), createItem({ userId: 1, submission: sub('44444444-4444-4444-8444-444444444444'), now: 0 })]);
    const calls = { putMany: 0, ackMany: 0 };
    store.putMany = async (items) => {
      calls.putMany++;
      for (const i of items) await store.put(i);
    };
    store.ackMany = async (pairs) => {
      calls.ackMany++;
      for (const [i, r] of pairs) await store.ack(i, r);
    };
    const t = scriptedTransport({ sync: [ok('created')] });
    await new OutboxRunner({ store, transport: t, now: () => 5000 }).flush(1);
    expect(store.items.size).toBe(0);
    expect(calls.ackMany).toBe(1);
    expect(calls.putMany).toBeGreaterThanOrEqual(1);
    expect(store.acked.map((r) => r.status)).toEqual(['created', 'created']);
  });
});
