// The signed-in user's open assignments: cached per user for offline use, refreshed from
// the server with every form version not stored yet.
import * as db from '../db.js';
import { HttpError, api } from '../api.js';
import { store, uid } from './store.js';

export async function loadCachedAssignments(userId) {
  const cached = await db.getCachedAssignments(userId);
  if (cached) store.set({ assignments: cached.value, assignmentsFetchedAt: cached.fetchedAt });
}

let refreshing = null;

/** Fetch open assignments and any form version not stored yet (one request at a time). */
export function refreshAssignments() {
  if (!refreshing) refreshing = doRefreshAssignments().finally(() => (refreshing = null));
  return refreshing;
}

async function doRefreshAssignments() {
  const id = uid();
  if (id == null) return;
  if (navigator.onLine === false) {
    await loadCachedAssignments(id);
    if (store.get().assignments === null) store.set({ assignments: [] });
    return;
  }
  try {
    const { assignments } = await api.assignments();
    const now = Date.now();
    await db.cacheAssignments(id, assignments, now);
    if (uid() !== id) return;
    store.set({ assignments, assignmentsFetchedAt: now });
    const versions = [...new Set(assignments.map((a) => a.form_version_id))];
    for (const v of versions) {
      if (!(await db.hasForm(v))) await db.putForm(await api.formVersion(v));
    }
    await cacheVisitPay(id, assignments);
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) store.set({ authNeeded: true });
    await loadCachedAssignments(id);
    if (store.get().assignments === null) store.set({ assignments: [] });
  }
}

/**
 * Keep each open mystery-shop visit's pay detail (terms and currency, expenses recorded,
 * whether they may change) so its expenses can be recorded offline. Best effort: a visit
 * whose detail does not load keeps its last copy.
 */
async function cacheVisitPay(userId, assignments) {
  const ids = assignments.filter((a) => a.relationship === 'mystery_shopper').map((a) => a.id);
  const details = {};
  for (const v of ids) {
    try {
      details[v] = { ...(await api.visitPay(v)), fetchedAt: Date.now() };
    } catch {
      // keep the cached copy
    }
  }
  await db.cacheVisitPay(userId, details, ids);
}
