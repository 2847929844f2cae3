// The closed loop's pure rules on the phone (issue 14 §2): which stage an item is at, its
// next due time, whether it is overdue, the list order, and what the owner can do next.

/** The stages in order: [name, the stamp that ends it, its due key]. */
export const STAGES = [
  ['ack', 'acknowledged_at'],
  ['response', 'responded_at'],
  ['plan', 'planned_at'],
  ['followup', 'closed_at'],
];

/** The move that ends the item's current stage (none once closed). */
export const NEXT_ACTION = { open: 'acknowledge', acknowledged: 'respond', responded: 'plan', planned: 'close' };

/** The first stage the item has not done, or null when closed. */
export function currentStage(item) {
  if (item.status === 'closed') return null;
  const found = STAGES.find(([, stamp]) => !item[stamp]);
  return found ? found[0] : null;
}

/** When the current stage is due (ISO string), or null. */
export function nextDue(item) {
  const stage = currentStage(item);
  return stage ? item.due?.[stage] ?? null : null;
}

/** Overdue: the server says so, or a stage not done is past its due time at `now`. */
export function isOverdue(item, now = new Date()) {
  if (item.status === 'closed') return false;
  if (item.overdue) return true;
  return STAGES.some(([name, stamp]) => !item[stamp] && item.due?.[name] && new Date(item.due[name]) < now);
}

/** Open items by their next due time (soonest first), then closed ones, newest first. */
export function byDue(items) {
  const key = (i) => (i.status === 'closed' ? Infinity : new Date(nextDue(i) || 0).getTime());
  return [...items].sort((a, b) => key(a) - key(b) || String(b.closed_at || '').localeCompare(String(a.closed_at || '')) || a.id - b.id);
}

/** Does this move need a note? (Only acknowledging does not.) */
export const needsNote = (action) => action !== 'acknowledge';

/** An ISO time from a `datetime-local` value (the phone's time zone), or null. */
export function localToIso(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The PATCH body of a move, from the form's fields. */
export function moveBody(action, fields = {}) {
  const body = { action, note: (fields.note || '').trim() || null };
  if (action === 'respond' && fields.solution?.trim()) body.solution = fields.solution.trim();
  if (action === 'close' && fields.photo) body.photo = fields.photo;
  return body;
}

/** The follow-up POST body, or an error key when something required is missing. */
export function followUpBody(f) {
  const at = localToIso(f.at);
  if (!at) return { error: 'actions.followup.need_time' };
  if (f.kind === 'visit' && !f.shopper_id) return { error: 'actions.followup.need_shopper' };
  const body = { kind: f.kind, at, note: (f.note || '').trim() || null };
  if (f.kind === 'visit') Object.assign(body, { shopper_id: Number(f.shopper_id), campaign_id: f.campaign_id ? Number(f.campaign_id) : null });
  return { body };
}
