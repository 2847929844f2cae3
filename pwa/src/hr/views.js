// Pure helpers of the console's screens (no DOM), unit-tested in test/console.test.js:
// action-item filters and groups, visit answers by section, the employee picker, titles.

/** "Team Lead / 组长" -> the viewer's language part (a title stored in both at once). */
export function titleIn(title, L) {
  if (!title || typeof title !== 'string' || !title.includes(' / ')) return title || '';
  const parts = title.split(' / ');
  const cjk = (s) => /[\u3400-\u9fff]/.test(s);
  return (L === 'en' ? parts.find((p) => !cjk(p)) : parts.find(cjk)) || parts[0];
}

/** The due time of an action item's current stage (none once closed). */
const STAGE_DUE = { open: 'ack', acknowledged: 'response', responded: 'plan', planned: 'followup' };
export const nextDue = (item) => item.due?.[STAGE_DUE[item.status]] || null;

/** Items passing the filters {unit, stage, overdue, kind} ('' = any). */
export function filterItems(items, f) {
  return items.filter(
    (i) =>
      (!f.unit || String(i.unit?.id ?? '') === f.unit) &&
      (!f.stage || i.status === f.stage) &&
      (!f.kind || i.kind === f.kind) &&
      (!f.overdue || (f.overdue === 'yes' ? i.overdue : !i.overdue)),
  );
}

const dueKey = (i) => nextDue(i) || '9999';

/** Items grouped by what they are about (kind, question, unit), each group and its items
 * ordered by the next due time. */
export function groupItems(items) {
  const groups = new Map();
  for (const i of items) {
    const key = `${i.kind}|${i.question_id ?? ''}|${i.unit?.id ?? ''}`;
    if (!groups.has(key)) groups.set(key, { key, first: i, items: [] });
    groups.get(key).items.push(i);
  }
  const out = [...groups.values()];
  for (const g of out) {
    g.items.sort((a, b) => dueKey(a).localeCompare(dueKey(b)) || a.id - b.id);
    g.due = nextDue(g.items[0]);
    g.overdue = g.items.filter((i) => i.overdue).length;
  }
  return out.sort((a, b) => dueKey(a.items[0]).localeCompare(dueKey(b.items[0])) || a.key.localeCompare(b.key));
}

/** Distinct values of `pick(item)` as [value, item] pairs, first seen first. */
export function distinct(items, pick) {
  const seen = new Map();
  for (const i of items) {
    const v = pick(i);
    if (v != null && v !== '' && !seen.has(String(v))) seen.set(String(v), i);
  }
  return [...seen.entries()];
}

/** Hours from `iso` to `now` (ms), never negative. */
export const hoursSince = (iso, now = Date.now()) => Math.max(0, Math.floor((now - Date.parse(iso)) / 3600e3));

/** A visit's answers by section: [{id, title, score, rows: [{q, value, na, photos}]}]. */
export function answersBySection(definition, sub) {
  const answers = sub.answers || {};
  const na = new Set(sub.na || []);
  const photos = sub.photos || [];
  return (definition?.sections || [])
    .map((sec) => ({
      id: sec.id,
      title: sec.title,
      score: sub.section_scores?.[sec.id] ?? null,
      rows: sec.questions
        .filter((q) => q.id in answers || na.has(q.id))
        .map((q) => ({ q, value: answers[q.id], na: na.has(q.id), photos: photos.filter((p) => p.question_id === q.id) })),
    }))
    .filter((s) => s.rows.length);
}

/** The label of a rating value on its scale, e.g. "4 / 5 · Good". */
export function scaleText(q, v, scale, labelOf) {
  const sc = q.scale || scale || {};
  const label = labelOf(sc.labels?.[v] ?? sc.labels?.[String(v)]);
  return `${v} / ${sc.max ?? '?'}${label ? ` · ${label}` : ''}`;
}

/** Picker entries: name, unit and title; people sharing a name also show their number. */
export function pickerEntries(people, L, unitName) {
  const names = new Map();
  for (const p of people) names.set(p.name, (names.get(p.name) || 0) + 1);
  return people.map((p) => {
    const extra = [unitName(p), titleIn(p.job_title, L)].filter(Boolean);
    if (names.get(p.name) > 1) extra.push(p.employee_number || p.email || `#${p.id}`);
    return { id: p.id, label: extra.length ? `${p.name} — ${extra.join(' · ')}` : p.name };
  });
}

/** Entries whose label contains every word of `query` (case-insensitive). */
export function searchEntries(entries, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => words.every((w) => e.label.toLowerCase().includes(w)));
}

/** The person picker's options: people of `roles` (all when not given), labelled, searched. */
export function pickerOptions(people, L, unitName, query, roles) {
  const kept = roles && roles.length ? people.filter((p) => roles.includes(p.role)) : people;
  return searchEntries(pickerEntries(kept, L, unitName), query || '');
}
