// Pure rules of the review shown on the phone (My reviews): no DOM.
const V = '/api/v1';

export const REVIEW_EP = {
  review: (c, e) => `${V}/campaigns/${c}/reviews/${e}`,
  ack: (c, e) => `${V}/campaigns/${c}/reviews/${e}/acknowledgement`,
  plan: (c, e) => `${V}/campaigns/${c}/reviews/${e}/plan`,
};

const CJK = /[\u3400-\u9fff]/;

/** A job title stored in both languages ("Team Lead / 组长") in the viewer's language only. */
export function titleIn(text, locale) {
  if (!text) return '';
  const parts = String(text).split(/\s*[/／|]\s*/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) return String(text).trim();
  const wantCjk = String(locale || '').startsWith('zh');
  return parts.find((p) => CJK.test(p) === wantCjk) || parts[0];
}

/** Peers and "peers and direct reports" are the same people when no direct report answered. */
export function peerOnly(rows) {
  const by = Object.fromEntries((rows || []).map((r) => [r.key, r]));
  return !!(by.peer?.visible && by.colleagues?.visible && by.subordinate?.n === 0);
}

/** Competency lines for the chart: self and the widest visible group of others. */
export function competencyLines(review) {
  const rows = Object.fromEntries((review?.rows || []).filter((r) => r.visible).map((r) => [r.key, r]));
  const basis = ['others', 'colleagues', 'supervisor', 'customer'].find((k) => rows[k]?.competencies && Object.keys(rows[k].competencies).length);
  return (review?.competencies || [])
    .map((c) => ({ key: c.key, name: c.name, self: rows.self?.competencies?.[c.key]?.score ?? null, others: basis ? rows[basis].competencies?.[c.key]?.score ?? null : null }))
    .filter((l) => l.self !== null || l.others !== null)
    .map((l) => ({ ...l, basis }));
}

/** Items flagged by the self-vs-others gap, split into blind spots and hidden strengths. */
export function flagged(review) {
  const items = (review?.gaps?.items || []).filter((g) => g.flag && g.gap !== null && g.gap !== undefined);
  return { blind: items.filter((g) => g.flag === 'blind_spot'), hidden: items.filter((g) => g.flag === 'hidden_strength') };
}

/** What a plan goal may focus on: the lowest items, then blind spots (the server's rule). */
export function focusOptions(review) {
  const out = new Map();
  for (const it of review?.bottom_items || []) if (!out.has(it.id)) out.set(it.id, { id: it.id, label: it.label, score: it.mean_100 });
  for (const g of flagged(review).blind) if (!out.has(g.id)) out.set(g.id, { id: g.id, label: g.label, score: g.others });
  return [...out.values()];
}

/** An empty goal, or the saved ones (1 to 3). */
export function initialGoals(review) {
  const saved = review?.plan?.goals || [];
  if (saved.length) return saved.map(({ focus, goal, actions, due, measure }) => ({ focus, goal, actions, due, measure }));
  return [{ focus: focusOptions(review)[0]?.id || '', goal: '', actions: '', due: '', measure: '' }];
}

/** The goals ready to send, or the key of the first problem. */
export function checkGoals(goals) {
  if (!goals.length || goals.length > 3) return { error: 'review.plan.count' };
  for (const g of goals) if (!g.focus || !g.goal.trim() || !g.actions.trim() || !g.due || !g.measure.trim()) return { error: 'review.plan.incomplete' };
  return { goals: goals.map((g) => ({ ...g, goal: g.goal.trim(), actions: g.actions.trim(), measure: g.measure.trim() })) };
}
