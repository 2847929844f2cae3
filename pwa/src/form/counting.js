// The required-answers count, said calmly: what is required now, and when follow-up
// questions appear (or go away) because of an answer, how many, instead of a silent jump
// from "16" to "26".

/** Required and answered-required totals of per-section progress (model.sectionProgress). */
export function requiredTotals(progress) {
  return {
    required: progress.reduce((a, p) => a + p.required, 0),
    answered: progress.reduce((a, p) => a + p.answeredRequired, 0),
  };
}

/** The words for the count: {key, params} ("12 of 18 required answered"; all done). */
export function countWords({ required, answered }) {
  if (required === 0) return { key: 'shopper.count.none_required', params: {} };
  if (answered >= required) return { key: 'shopper.count.all', params: { r: required } };
  return { key: 'shopper.count.some', params: { a: answered, r: required } };
}

/**
 * What changed in the required count since the last look: {key, params} or null.
 * Only a change of the number required (follow-ups shown or hidden) is worth a word.
 */
export function countChange(before, now) {
  if (before == null || now == null || before === now) return null;
  const n = Math.abs(now - before);
  return now > before
    ? { key: 'shopper.count.added', params: { n, r: now } }
    : { key: 'shopper.count.removed', params: { n, r: now } };
}

/** The share of required questions answered, 0-100 (100 when nothing is required). */
export function percentDone({ required, answered }) {
  return required ? Math.round((100 * Math.min(answered, required)) / required) : 100;
}
