// Pure form logic shared by the field app and the customer page: which
// questions are visible, required, answered, and what goes into a submission.
import { visibleIds } from './showif.js';

const SCORED = new Set(['rating', 'yes_no', 'choice', 'multi_choice', 'number']);

/** Every question of a definition with its section index. */
export function allQuestions(def) {
  const out = [];
  (def?.sections || []).forEach((s, si) => (s.questions || []).forEach((q) => out.push({ q, si })));
  return out;
}

/** Required flag: explicit in the definition, else true for scored types. */
export function isRequired(q) {
  if (typeof q.required === 'boolean') return q.required;
  return SCORED.has(q.type);
}

/** Minimum photos a photo question needs when required. */
export function minPhotos(q) {
  return Math.max(1, q.min_count ?? 1);
}

/** Does `value` count as an answer for question `q`? */
export function isAnswered(q, value) {
  if (value === undefined || value === null) return false;
  switch (q.type) {
    case 'photo':
      return Array.isArray(value) && value.length >= minPhotos(q);
    case 'multi_choice':
      return Array.isArray(value) && value.length > 0;
    case 'text':
    case 'date':
    case 'time':
    case 'datetime':
    case 'choice':
      return String(value).trim() !== '';
    case 'number':
    case 'rating':
      return typeof value === 'number' && Number.isFinite(value);
    case 'yes_no':
      return typeof value === 'boolean';
    default:
      return value !== '';
  }
}

/**
 * The answers show_if rules see: N/A and unanswered questions are null
 * (server/services/show_if.py passes None for both).
 */
export function showIfData(def, answers, na) {
  const skip = new Set(na || []);
  const data = {};
  for (const { q } of allQuestions(def)) {
    const v = answers?.[q.id];
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    data[q.id] = skip.has(q.id) || empty ? null : v;
  }
  return data;
}

/** Visible questions of section `si` (or of every section when si is null). */
export function visibleQuestions(def, answers, na, si = null) {
  const shown = visibleIds(def, showIfData(def, answers, na));
  return allQuestions(def)
    .filter((e) => (si === null || e.si === si) && shown.has(e.q.id))
    .map((e) => e.q);
}

/** Per-section counts: answered required, required, missing required questions. */
export function sectionProgress(def, answers, na) {
  const shown = visibleIds(def, showIfData(def, answers, na));
  const naSet = new Set(na || []);
  return (def?.sections || []).map((s) => {
    const visible = (s.questions || []).filter((q) => shown.has(q.id));
    const req = visible.filter(isRequired);
    const missing = req.filter((q) => !naSet.has(q.id) && !isAnswered(q, answers?.[q.id]));
    const answered = visible.filter((q) => naSet.has(q.id) || isAnswered(q, answers?.[q.id])).length;
    return { id: s.id, required: req.length, answeredRequired: req.length - missing.length, answered, visible: visible.length, missing };
  });
}

/** Every unanswered required visible question, in form order, with its section index. */
export function missingRequired(def, answers, na) {
  return sectionProgress(def, answers, na).flatMap((p, si) => p.missing.map((q) => ({ q, si })));
}

/** Totals over the whole form. */
export function totals(def, answers, na) {
  const ps = sectionProgress(def, answers, na);
  return {
    required: ps.reduce((a, p) => a + p.required, 0),
    answeredRequired: ps.reduce((a, p) => a + p.answeredRequired, 0),
  };
}

/**
 * Answers and N/A list to send: only visible questions, N/A wins over a
 * stale value, empty values dropped.
 */
export function cleanAnswers(def, answers, na) {
  const visible = visibleQuestions(def, answers, na);
  const naSet = new Set(na || []);
  const outAnswers = {};
  const outNa = [];
  for (const q of visible) {
    if (naSet.has(q.id) && q.allow_na) outNa.push(q.id);
    else if (isAnswered(q, answers?.[q.id]) || (q.type === 'photo' && answers?.[q.id]?.length)) outAnswers[q.id] = answers[q.id];
  }
  return { answers: outAnswers, na: outNa };
}

/** Photo hashes referenced by cleaned answers of photo questions. */
export function photoHashes(def, answers) {
  const photoIds = new Set(allQuestions(def).filter((e) => e.q.type === 'photo').map((e) => e.q.id));
  return Object.entries(answers).flatMap(([k, v]) => (photoIds.has(k) && Array.isArray(v) ? v : []));
}

/** The scale of a rating question: its own, else the form's, else 1–5. */
export function scaleOf(q, def) {
  const s = q.scale || def?.scale || {};
  return { min: s.min ?? 1, max: s.max ?? 5, labels: s.labels || {} };
}
