// Pure rules of the employee screens (My reviews, Peer nominations); no DOM.

const V = '/api/v1';

export const EP = {
  myReviews: `${V}/me/reviews`,
  teamReviews: `${V}/me/team-reviews`,
  reviewPdf: (campaignId, employeeId) => `${V}/campaigns/${campaignId}/reviews/${employeeId}.pdf`,
  myNominations: `${V}/me/nominations`,
  candidates: (campaignId) => `${V}/campaigns/${campaignId}/nomination-candidates`,
  nominations: (campaignId) => `${V}/campaigns/${campaignId}/nominations`,
  decide: (campaignId, nominationId, verb) => `${V}/campaigns/${campaignId}/nominations/${nominationId}/${verb}`,
};

/** A 0-100 score for display: one decimal, or null when hidden/absent. */
export function score(v) {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 10) / 10 : null;
}

/**
 * The rows of a review summary to show: rows with responses, in the server's
 * order, each with its score (null when hidden by the anonymity threshold) and
 * whether it counts in the overall index.
 */
export function reviewRows(review) {
  const inIndex = new Set(review?.index_rows || []);
  const rows = review?.rows || [];
  const by = Object.fromEntries(rows.map((r) => [r.key, r]));
  // peers and "peers and direct reports" are one row when no direct report answered
  const same = by.peer?.visible && by.colleagues?.visible && by.subordinate?.n === 0;
  if (same && inIndex.has('colleagues')) inIndex.add('peer');
  return rows
    .filter((r) => r.n !== 0 && !(same && r.key === 'colleagues'))
    .map((r) => ({ key: r.key, n: r.n, shown: !!r.visible && score(r.form_score) !== null, score: r.visible ? score(r.form_score) : null, inIndex: inIndex.has(r.key) }));
}

/**
 * Team reviews grouped by employee: [{employee, reviews}], employees in the
 * order the server lists them (by name), each employee's reviews in server order
 * (newest period first). Entries without an employee id are skipped.
 */
export function groupTeamReviews(reviews) {
  const groups = new Map();
  for (const r of reviews || []) {
    const id = r?.employee?.id;
    if (id == null) continue;
    if (!groups.has(id)) groups.set(id, { employee: r.employee, reviews: [] });
    groups.get(id).reviews.push(r);
  }
  return [...groups.values()];
}

/** The nominations of one campaign entry split by status. */
export function splitNominations(entry) {
  const by = { approved: [], proposed: [], rejected: [] };
  for (const n of entry?.nominations || []) (by[n.status] || (by[n.status] = [])).push(n);
  return by;
}

/** The nominee ids to preselect: the current proposals (a new POST replaces them). */
export function initialSelection(entry) {
  return splitNominations(entry).proposed.map((n) => n.nominee.id);
}

/**
 * Check a proposal before sending: approved + proposed must lie within
 * [peer_min, peer_max] (the server's rule, 422 peer_count). Returns null when
 * fine, else {key, vars} for the message.
 */
export function checkProposal(entry, selectedIds) {
  const approved = splitNominations(entry).approved.length;
  const total = approved + new Set(selectedIds).size;
  const min = entry?.peer_min ?? 0;
  const max = entry?.peer_max ?? Infinity;
  if (total < min) return { key: 'too_few', vars: { min, n: total } };
  if (total > max) return { key: 'too_many', vars: { max, n: total } };
  return null;
}

/** Candidates offered for proposal: not already approved, filtered by a search text. */
export function offeredCandidates(candidates, entry, query = '') {
  const approved = new Set(splitNominations(entry).approved.map((n) => n.nominee.id));
  const q = query.trim().toLowerCase();
  return (candidates || []).filter(
    (c) => !approved.has(c.id) && (!q || [c.name, c.job_title, c.employee_number, c.email].some((x) => x && String(x).toLowerCase().includes(q))),
  );
}
