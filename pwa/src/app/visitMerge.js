// One "visit details" page: the app's own visit fields (arrival, leaving, position, the
// staff member served) and the form's visit section share one page, and what both ask is
// asked once: the arrival time answers the form's start-time question, a staff member
// picked from the list makes the free-text name question unnecessary.

export const VISIT_SECTION = 'visit';
export const START_QUESTION = 'visit_started_at';
export const STAFF_TEXT_QUESTION = 'staff_identified';

/** Index of the form's visit section (merged into the visit page), or -1. */
export function visitSectionIndex(def) {
  return (def?.sections || []).findIndex((s) => s.id === VISIT_SECTION);
}

function hasQuestion(def, id) {
  return (def?.sections || []).some((s) => (s.questions || []).some((q) => q.id === id));
}

/** Questions of the visit section the visit fields already answer (not shown again). */
export function coveredIds(def, visit) {
  const out = new Set();
  if (hasQuestion(def, START_QUESTION)) out.add(START_QUESTION);
  if (visit?.staffId != null && hasQuestion(def, STAFF_TEXT_QUESTION)) out.add(STAFF_TEXT_QUESTION);
  return out;
}

/** Answers with what the visit fields say: the start time; no free-text name once picked. */
export function withVisitAnswers(answers, visit, def) {
  const out = { ...answers };
  if (hasQuestion(def, START_QUESTION)) {
    if (visit?.start) out[START_QUESTION] = visit.start;
    else delete out[START_QUESTION];
  }
  if (visit?.staffId != null && hasQuestion(def, STAFF_TEXT_QUESTION)) delete out[STAFF_TEXT_QUESTION];
  return out;
}

/**
 * The pages of a form: [{kind: 'visit', si}, {kind: 'section', si}…, {kind: 'review'}].
 * For a visit the first page holds the visit fields and the visit section (si, or -1).
 */
export function formPages(def, isVisit) {
  const sections = def?.sections || [];
  const merged = isVisit ? visitSectionIndex(def) : -1;
  const pages = isVisit ? [{ kind: 'visit', si: merged }] : [];
  sections.forEach((_, si) => si !== merged && pages.push({ kind: 'section', si }));
  pages.push({ kind: 'review', si: -1 });
  return pages;
}

/** The page that shows section `si`. */
export function pageOfSection(pages, si) {
  const i = pages.findIndex((p) => p.si === si && p.kind !== 'review');
  return i < 0 ? 0 : i;
}
