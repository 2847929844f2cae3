// Pure rules of the HR console (no DOM), unit-tested in test/hr.test.js.

/** Campaign lifecycle: draft -> open -> closed -> released; released -> closed (unrelease). */
export const NEXT_ACTIONS = { draft: ['open'], open: ['close'], closed: ['release'], released: ['unrelease'] };

/** The transitions to offer for a campaign in `status` (a closed campaign is never reopened). */
export function nextActions(status) {
  return NEXT_ACTIONS[status] || [];
}

/** Action-item moves; every one but "acknowledge" needs a note (server: 422 fields.note). */
export const ITEM_ACTIONS = ['acknowledge', 'respond', 'plan', 'close'];
export const noteRequired = (action) => action !== 'acknowledge';

function flatten(v) {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(flatten).filter(Boolean).join(' ');
  if (typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => {
        const s = flatten(x);
        return /^\d+$/.test(k) || k === 'value' || k === 'key' || k === '_schema' ? s : `${k}: ${s}`;
      })
      .join(' ');
  }
  return String(v);
}

/**
 * Field errors of a 422 answer as {field: text}. The server answers either
 * details.fields = {field: "reason"} (service rules) or, for schema errors,
 * details.fields = {json: {field: ["message", ...]}}.
 */
export function fieldErrors(error) {
  let fields = error?.details?.fields;
  if (!fields || typeof fields !== 'object') return {};
  if (fields.json && typeof fields.json === 'object') fields = { ...fields, ...fields.json };
  const out = {};
  for (const [k, v] of Object.entries(fields)) if (k !== 'json') out[k] = flatten(v);
  return out;
}

// ---- campaign settings (draft campaigns) -----------------------------------

export const THRESHOLD_KEYS = ['supervisor', 'peer', 'subordinate', 'customer', 'mystery_shopper'];
export const WEIGHT_KEYS = ['supervisor', 'colleagues', 'customer', 'mystery_shopper', 'self'];

const str = (v) => (v == null ? '' : String(v));
const mapStr = (keys, obj = {}) => Object.fromEntries(keys.map((k) => [k, str(obj?.[k])]));

/** Editable text values of a campaign's settings. */
export function settingsForm(c) {
  return {
    anonymity_thresholds: mapStr(THRESHOLD_KEYS, c.anonymity_thresholds),
    group_weights: mapStr(WEIGHT_KEYS, c.group_weights),
    report_locale: c.report_locale || 'zh-CN',
    manager_visibility: !!c.manager_visibility,
    peer_selection: c.peer_selection || 'automatic',
    peer_min: str(c.peer_min),
    peer_max: str(c.peer_max),
  };
}

function numbers(map, integer, errors, field) {
  const out = {};
  for (const [k, raw] of Object.entries(map)) {
    const s = String(raw).trim();
    if (s === '') continue; // left empty: not set for this group
    const n = Number(s);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) errors[field] = integer ? 'whole_number' : 'number';
    else out[k] = n;
  }
  return out;
}

/**
 * The PATCH body for a settings form, or {errors} when a value is not a
 * number. Range rules (thresholds >= 1, weights >= 0 summing > 0,
 * peer_min <= peer_max) are the server's; its answer is shown per field.
 */
export function settingsBody(f) {
  const errors = {};
  const body = {
    anonymity_thresholds: numbers(f.anonymity_thresholds, true, errors, 'anonymity_thresholds'),
    group_weights: numbers(f.group_weights, false, errors, 'group_weights'),
    report_locale: f.report_locale,
    manager_visibility: !!f.manager_visibility,
    peer_selection: f.peer_selection,
  };
  for (const k of ['peer_min', 'peer_max']) {
    const n = Number(String(f[k]).trim());
    if (String(f[k]).trim() === '' || !Number.isInteger(n)) errors[k] = 'whole_number';
    else body[k] = n;
  }
  return Object.keys(errors).length ? { errors } : { body };
}

/** A readable label for a person in a picker. */
export const personLabel = (u) => [u.name, u.employee_number || u.email].filter(Boolean).join(' · ');
