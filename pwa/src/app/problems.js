// The per-question problems of a submission the server did not accept, in the UI's
// language: the question's label from its form version (else the field name as sent) and
// the reason code the server gives (else the server's text as it came).
import { hasKey, tIn, tx } from './i18n.js';

/** Map question id -> bilingual label for a form definition. */
export function questionLabels(definition) {
  const out = {};
  for (const s of definition?.sections || []) for (const q of s.questions || []) out[q.id] = q.label;
  return out;
}

// Fields of the visit itself (not questions) and the words the form screen uses for them.
const VISIT_FIELDS = { staff_id: 'field.visit.staff_served', started_at: 'field.visit.start', completed_at: 'field.visit.end' };

function fieldLabel(field, labels, locale) {
  if (labels && labels[field]) return tx(labels[field], locale);
  return VISIT_FIELDS[field] ? tIn(locale, VISIT_FIELDS[field]) : field;
}

/** [{field, label, text}] for `details.fields` of a sync error. */
export function fieldProblems(fields, labels, locale) {
  if (!fields || typeof fields !== 'object') return [];
  return Object.entries(fields).map(([field, reason]) => {
    const raw = Array.isArray(reason) ? reason.join(' ') : String(reason);
    const label = fieldLabel(field, labels, locale);
    return { field, label, text: hasKey(`field.reason.${raw}`) ? tIn(locale, `field.reason.${raw}`) : raw };
  });
}

/** The headline of a refused item in the UI's language; the server's text for codes the
 * app does not know. */
export function itemMessage(error, locale) {
  const key = `field.item_code.${error?.code}`;
  return hasKey(key) ? tIn(locale, key) : tIn(locale, 'field.outbox.server_says', { m: error?.message || error?.code || '' });
}
