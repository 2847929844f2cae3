// Visit expenses through the outbox (issue 16): expense items, the ordering rule (a visit's
// report waits for its expenses: the report locks them on the server) and the runner
// sending expenses one by one before the reports, exactly once across lost responses.
import { describe, expect, it } from 'vitest';
import {
  ATTENTION,
  AUTH,
  HttpError,
  KIND_EXPENSE,
  OutboxRunner,
  SENDING,
  SYNCED,
  WAITING,
  applyExpenseResult,
  assignmentOf,
  createExpenseItem,
  createItem,
  isHeld,
  kindOf,
  nextWake,
  sendPlan,
} from '../src/outbox.js';
import { expenseLock, expenseRows } from '../src/pay/view.js';

const SHA_R = 'c'.repeat(64);
const SHA_P = 'd'.repeat(64);

let seq = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

function expense(visitId, { userId = 1, now = 1000, amount = 1250, sha = SHA_R, ...rest } = {}) {
  const body = { id: uuid(), amount_minor: amount, currency: 'CNY', note: 'taxi', receipt_sha256: sha };
  return { ...createExpenseItem({ userId, visitId, body, title: `Expense ${visitId}`, now }), ...rest };
}

function report(visitId, { userId = 1, now = 1000, photos = [], ...rest } = {}) {
  const submission = { id: uuid(), assignment_id: visitId, form_version_id: 3, answers: { q1: 4 }, na: [] };
  return { ...createItem({ userId, submission, photos, assignmentId: visitId, now }), ...rest };
}

describe('expense items', () => {
  it('carry their kind, visit, fixed body id and the receipt as a pending upload', () => {
    const e = expense(7);
    expect(kindOf(e)).toBe(KIND_EXPENSE);
    expect(e.id).toBe(e.body.id);
    expect(e.visitId).toBe(7);
    expect(e.assignmentId).toBeUndefined(); // Today's badges and drafts only look at reports
    expect(e.photos).toEqual([SHA_R]);
    expect(e.pendingUploads).toEqual([SHA_R]);
    expect(e.state).toBe(WAITING);
    expect(assignmentOf(e)).toBe(7);
  });

  it('old items without a kind are submissions', () => {
    const r = report(7);
    delete r.kind;
    expect(kindOf(r)).toBe('submission');
    expect(assignmentOf({ ...r, assignmentId: null })).toBe(7);
  });

  it('a 2xx acknowledges, a refusal needs attention with the server message', () => {
    const e = expense(7);
    expect(applyExpenseResult(e, { status: 'created' }, 5).effect).toBe('delete');
    const err = { code: 'expenses_locked', message: '费用已无法更改', details: {} };
    const r = applyExpenseResult(e, { status: 'refused', error: err }, 5);
    expect(r.effect).toBe('keep');
    expect(r.item.state).toBe(ATTENTION);
    expect(r.item.error.message).toBe('费用已无法更改');
  });
});

describe('ordering rule', () => {
  it.each([WAITING, SENDING, ATTENTION, AUTH])('a report waits while an expense of its visit is %s', (state) => {
    const r = report(7);
    const items = [r, expense(7, { state })];
    expect(isHeld(r, items)).toBe(true);
    expect(sendPlan(items, 10 ** 9).submissions).toEqual([]);
  });

  it('other visits, other users and acknowledged expenses do not hold a report', () => {
    const r = report(7);
    expect(isHeld(r, [r, expense(8), expense(7, { userId: 2 }), expense(7, { state: SYNCED })])).toBe(false);
  });

  it('expenses are never held and come first in a flush', () => {
    const r8 = report(8, { now: 1 });
    const e7 = expense(7, { now: 2 });
    const r7 = report(7, { now: 3 });
    const items = [r8, e7, r7];
    expect(isHeld(e7, items)).toBe(false);
    const plan = sendPlan(items, 10);
    expect(plan.expenses.map((i) => i.id)).toEqual([e7.id]);
    expect(plan.submissions.map((i) => i.id)).toEqual([r8.id]);
  });

  it('the wake-up timer ignores held reports (no busy loop behind an expense needing attention)', () => {
    const items = [report(7, { nextAttemptAt: 5 }), expense(7, { state: ATTENTION })];
    expect(nextWake(items)).toBeNull();
    expect(nextWake([...items, expense(8, { nextAttemptAt: 50 })])).toBe(50);
  });
});

describe('expense rows and the local lock', () => {
  it('lists the server expenses, then the local ones not known to the server', () => {
    const e1 = expense(7);
    const e2 = expense(7);
    const server = [{ ...e1.body, visit_id: 7 }];
    const rows = expenseRows(server, [e1, e2, expense(8), report(7)], 7);
    expect(rows.map((r) => [r.expense.id, r.local])).toEqual([
      [e1.id, false],
      [e2.id, true],
    ]);
  });

  it('locks once the report is in the outbox, sent after the detail was read, or closed', () => {
    const base = { outbox: [], receipts: [], visitId: 7, detail: { editable: true, fetchedAt: 100 } };
    expect(expenseLock(base)).toBeNull();
    expect(expenseLock({ ...base, outbox: [expense(7)] })).toBeNull();
    expect(expenseLock({ ...base, outbox: [report(7)] })).toBe('report_queued');
    expect(expenseLock({ ...base, outbox: [report(8)] })).toBeNull();
    expect(expenseLock({ ...base, receipts: [{ id: 'x', assignmentId: 7, syncedAt: 200 }] })).toBe('report_sent');
    expect(expenseLock({ ...base, receipts: [{ id: 'x', assignmentId: 7, syncedAt: 50 }] })).toBeNull();
    expect(expenseLock({ ...base, receipts: [{ id: 'x', kind: 'expense', visitId: 7, syncedAt: 200 }] })).toBeNull();
    expect(expenseLock({ ...base, detail: { editable: false, fetchedAt: 100 } })).toBe('closed');
    // a report HR returned for a correction: its old receipt locks nothing (never-cached detail)
    const old = { id: 'sub-1', assignmentId: 7, syncedAt: 200 };
    expect(expenseLock({ ...base, detail: null, receipts: [old], returned: 'sub-1' })).toBeNull();
    expect(expenseLock({ ...base, detail: null, receipts: [old] })).toBe('report_sent');
  });
});

// ---------------------------------------------------------------------------
// The runner against a fake server that keeps the rules of the real one: an expense id is
// stored once (a replay answers the stored one), a report locks its visit's expenses (409).

function memoryStore(initial = []) {
  const items = new Map(initial.map((i) => [i.id, i]));
  const acked = [];
  const photos = new Map([
    [SHA_R, { blob: 'receipt', type: 'image/jpeg' }],
    [SHA_P, { blob: 'photo', type: 'image/jpeg' }],
  ]);
  return {
    items,
    acked,
    add: (i) => items.set(i.id, { ...i }),
    list: async (uid) =>
      [...items.values()]
        .filter((i) => i.userId === uid)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((i) => ({ ...i })),
    put: async (i) => void items.set(i.id, { ...i }),
    ack: async (i, receipt) => {
      items.delete(i.id);
      acked.push(receipt);
    },
    getPhoto: async (uid, sha) => photos.get(sha),
  };
}

const netErr = () => Object.assign(new Error('network error'), { code: 'network' });

/** `fail(kind)` -> null (answer) | 'down' (fails before the server) | 'lost' (server acts, answer lost) | '503' | '401'. */
function fakeServer(fail = () => null) {
  const s = { expenses: new Map(), inserts: 0, reports: new Map(), uploads: new Set(), log: [], refusals: [] };
  const around = (kind, act) => {
    const f = fail(kind);
    if (f === 'down') throw netErr();
    if (f === '503') throw new HttpError(503, { error: { code: 'unavailable', message: 'busy' } });
    if (f === '401') throw new HttpError(401, { error: { code: 'unauthenticated', message: 'sign in' } });
    const out = act();
    if (f === 'lost') throw netErr();
    return out;
  };
  s.transport = {
    putAttachment: async (sha) => around('upload', () => (s.uploads.add(sha), { sha256: sha })),
    postExpense: async (visitId, body) =>
      around('expense', () => {
        s.log.push(['expense', visitId, body.id]);
        const old = s.expenses.get(body.id);
        if (old) {
          if (JSON.stringify(old.body) !== JSON.stringify(body)) throw new HttpError(409, { error: { code: 'id_conflict', message: 'other' } });
          return { expense: old.body };
        }
        if (s.reports.has(visitId)) {
          s.refusals.push(body.id);
          throw new HttpError(409, { error: { code: 'expenses_locked', message: '费用已无法更改：报告已提交或暗访已关闭。' } });
        }
        if (!s.uploads.has(body.receipt_sha256)) throw new HttpError(422, { error: { code: 'invalid', message: 'Upload the receipt photo first.' } });
        s.expenses.set(body.id, { visitId, body });
        s.inserts += 1;
        return { expense: body };
      }),
    sync: async (subs) =>
      around('sync', () => {
        const results = subs.map((sub) => {
          s.log.push(['report', sub.assignment_id, sub.id]);
          const had = s.reports.get(sub.assignment_id);
          if (had === sub.id) return { id: sub.id, status: 'duplicate' };
          s.reports.set(sub.assignment_id, sub.id);
          return { id: sub.id, status: 'created' };
        });
        return { results };
      }),
  };
  return s;
}

describe('runner with expenses', () => {
  it('uploads the receipt, posts the expense, and only then sends the visit report', async () => {
    const e = expense(7, { now: 2 });
    const r = report(7, { now: 1 }); // the report was queued first: it still waits
    const store = memoryStore([r, e]);
    const srv = fakeServer();
    await new OutboxRunner({ store, transport: srv.transport, now: () => 5000 }).flush(1);
    expect(srv.log).toEqual([
      ['expense', 7, e.id],
      ['report', 7, r.id],
    ]);
    expect(store.items.size).toBe(0);
    expect(store.acked.map((a) => a.kind || 'submission')).toEqual(['expense', 'submission']);
  });

  it('a refused expense needs attention with the server message and keeps its report waiting', async () => {
    const e = expense(7);
    const r = report(7);
    const other = report(8);
    const store = memoryStore([e, r, other]);
    const srv = fakeServer();
    srv.reports.set(7, 'already-there'); // e.g. sent from another phone
    await new OutboxRunner({ store, transport: srv.transport, now: () => 5000 }).flush(1);
    expect(store.items.get(e.id).state).toBe(ATTENTION);
    expect(store.items.get(e.id).error.code).toBe('expenses_locked');
    expect(store.items.get(e.id).error.message).toContain('费用');
    expect(store.items.get(r.id).state).toBe(WAITING);
    expect(srv.log.some(([k, v]) => k === 'report' && v === 7)).toBe(false);
    expect(store.items.has(other.id)).toBe(false); // another visit's report is not held
  });

  it('a lost answer is retried with the same id and stored once', async () => {
    let now = 5000;
    const e = expense(7);
    const store = memoryStore([e]);
    let calls = 0;
    const srv = fakeServer((kind) => (kind === 'expense' && ++calls === 1 ? 'lost' : null));
    const runner = new OutboxRunner({ store, transport: srv.transport, now: () => now, random: () => 0 });
    await runner.flush(1);
    expect(store.items.get(e.id).state).toBe(WAITING);
    expect(srv.inserts).toBe(1);
    now += 10 ** 7;
    await runner.flush(1);
    expect(store.items.size).toBe(0);
    expect(srv.inserts).toBe(1);
    expect(srv.log.filter(([k]) => k === 'expense').map(([, , id]) => id)).toEqual([e.id, e.id]);
  });

  it('network errors and 5xx back off; 401 parks every item for a new sign-in', async () => {
    const e = expense(7);
    const r = report(8);
    const store = memoryStore([e, r]);
    let srv = fakeServer((kind) => (kind === 'expense' ? '503' : null));
    await new OutboxRunner({ store, transport: srv.transport, now: () => 5000, random: () => 0 }).flush(1);
    expect(store.items.get(e.id).state).toBe(WAITING);
    expect(store.items.get(e.id).attempts).toBe(1);
    expect(store.items.get(e.id).nextAttemptAt).toBeGreaterThan(5000);

    const store2 = memoryStore([expense(7), report(8)]);
    let auth = 0;
    srv = fakeServer((kind) => (kind === 'upload' ? '401' : null));
    await new OutboxRunner({ store: store2, transport: srv.transport, hooks: { onAuthRequired: () => auth++ }, now: () => 5000 }).flush(1);
    expect([...store2.items.values()].map((i) => i.state)).toEqual([AUTH, AUTH]);
    expect(auth).toBe(1);
  });

  it('random interleavings: every expense reaches the server once and before its report (seeded)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = mulberry32(seed);
      const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
      let now = 1000;
      const store = memoryStore();
      const created = []; // every item the user made, in order
      const failRate = rnd() * 0.6;
      let healthy = false;
      const srv = fakeServer(() => (!healthy && rnd() < failRate ? pick(['down', 'lost', '503']) : null));
      const runner = new OutboxRunner({ store, transport: srv.transport, now: () => now, random: rnd });
      const reported = new Set();
      const steps = 4 + Math.floor(rnd() * 14);
      for (let k = 0; k < steps; k++) {
        const visit = pick([1, 2, 3]);
        const act = rnd();
        if (act < 0.45 && !reported.has(visit)) {
          // the UI stops recording once the visit's report is queued
          const e = expense(visit, { now, amount: 100 + Math.floor(rnd() * 5000) });
          store.add(e);
          created.push(e);
        } else if (act < 0.65 && !reported.has(visit)) {
          const r = report(visit, { now, photos: rnd() < 0.5 ? [SHA_P] : [] });
          store.add(r);
          created.push(r);
          reported.add(visit);
        } else {
          now += Math.floor(rnd() ** 2 * 120_000); // often less than the expense's backoff
          await runner.flush(1);
        }
      }
      // then the network comes back for good: everything drains
      healthy = true;
      for (let k = 0; k < 8 && store.items.size; k++) {
        now += 10 ** 8;
        await runner.flush(1, { force: true });
      }
      const ctx = `seed ${seed}`;
      expect(store.items.size, ctx).toBe(0);
      expect(srv.refusals, ctx).toEqual([]);
      const expenses = created.filter((i) => i.kind === KIND_EXPENSE);
      expect(srv.inserts, ctx).toBe(expenses.length);
      for (const e of expenses) expect(srv.expenses.get(e.id)?.body, ctx).toEqual(e.body);
      // order on the server: no expense of a visit arrives after the visit's report
      for (const visit of reported) {
        const at = srv.log.findIndex(([k, v]) => k === 'report' && v === visit);
        const lastExpense = Math.max(-1, ...srv.log.map(([k, v], i) => (k === 'expense' && v === visit ? i : -1)));
        expect(at, ctx).toBeGreaterThan(lastExpense);
      }
    }
  });
});

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
