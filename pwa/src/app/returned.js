// A visit HR returned: the draft reopens with the earlier report (answers, N/A, photos,
// times, position, staff), HR's reason and flagged questions, and `replaces` set. The
// earlier photos stay on the server; their thumbnails are kept on the phone for offline use.
import { withVisitAnswers } from './visitMerge.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** Where a new visit starts by default: the earlier report's start, else the window's. */
export function defaultVisitStart(assignment, nowIso) {
  return assignment.rejected?.started_at || assignment.visit?.window_start || nowIso;
}

/** The photo hashes of a returned report's answers. */
export function returnedPhotos(rejected) {
  return Object.values(rejected?.answers || {}).flatMap((v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' && SHA256.test(x)) : []));
}

/** Whether a draft on the phone predates HR's return (so the returned report replaces it). */
export function shouldReseed(existing, rejected) {
  if (!rejected?.answers) return false;
  if (!existing) return true;
  if (existing.returnedFrom === rejected.submission_id) return false;
  const reviewed = Date.parse(rejected.reviewed_at || '');
  return Number.isNaN(reviewed) ? Object.keys(existing.answers || {}).length === 0 : existing.updatedAt < reviewed;
}

/** The draft fields taken from a returned report (merged over a new draft). */
export function seedFromReturn(base, rejected, def) {
  const visit = {
    ...base.visit,
    start: rejected.started_at || base.visit?.start || null,
    end: rejected.completed_at || null,
    geo: rejected.geo || null,
    staffId: rejected.staff_id ?? null,
  };
  return {
    ...base,
    answers: withVisitAnswers({ ...(rejected.answers || {}) }, visit, def),
    na: [...(rejected.na || [])],
    visit,
    replaces: rejected.submission_id,
    returnedFrom: rejected.submission_id,
    flagged: [...(rejected.flagged || [])],
  };
}
