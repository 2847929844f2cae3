// show_if evaluation with json-logic-js, mirroring server/services/show_if.py
// (panzi-json-logic): questions are evaluated in dependency order and the data
// holds only visible, answered questions, so hiding cascades. test/showif.test.js checks both evaluators agree on
// forms/jsonlogic_cases.json.
import jsonLogic from 'json-logic-js';

const ITERATING = new Set(['all', 'some', 'none']);

/** Evaluate a JsonLogic `rule` against `data` and return the raw result. */
export function applyRule(rule, data) {
  return jsonLogic.apply(rule, data);
}

/** JsonLogic truthiness (an empty array is false, unlike plain JS). */
export function truthy(value) {
  return jsonLogic.truthy(value);
}

function collect(op, args, refs) {
  let names = [];
  if (op === 'var') names = args.slice(0, 1);
  else if (op === 'missing') names = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  else if (Array.isArray(args[1])) names = args[1];
  for (const n of names) if (typeof n === 'string' && n) refs.add(n.split('.', 1)[0]);
}

function walk(rule, refs, check) {
  if (Array.isArray(rule)) {
    rule.forEach((r) => walk(r, refs, check));
    return;
  }
  if (rule === null || typeof rule !== 'object') return;
  const [op] = Object.keys(rule);
  const raw = rule[op];
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'var' || op === 'missing' || op === 'missing_some') {
    if (check) collect(op, args, refs);
    return;
  }
  if (ITERATING.has(op)) {
    walk(args[0], refs, check);
    walk(args[1], refs, false);
    return;
  }
  walk(args, refs, check);
}

/** Question ids a rule reads. */
export function ruleReferences(rule) {
  const refs = new Set();
  walk(rule, refs, true);
  return refs;
}

function evaluationOrder(questions) {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const done = new Set();
  const ordered = [];
  const place = (id) => {
    if (done.has(id)) return;
    done.add(id);
    const rule = byId.get(id).show_if;
    if (rule != null) [...ruleReferences(rule)].sort().forEach((dep) => byId.has(dep) && place(dep));
    ordered.push(byId.get(id));
  };
  questions.forEach((q) => place(q.id));
  return ordered;
}

/**
 * Ids of the questions shown for `answers` ({qid: value}; unanswered or N/A
 * must be null/absent). A rule that throws hides nothing (shows the question).
 */
export function visibleIds(definition, answers) {
  const questions = (definition?.sections || []).flatMap((s) => s.questions || []);
  const data = {};
  const visible = new Set();
  for (const q of evaluationOrder(questions)) {
    let show = true;
    if (q.show_if != null) {
      try {
        show = truthy(applyRule(q.show_if, data));
      } catch {
        show = true;
      }
    }
    if (show) {
      visible.add(q.id);
      // Hidden and unanswered questions stay out of the data (not null), as
      // on the server: json-logic-js applies a `var` default only to undefined.
      if (answers?.[q.id] != null) data[q.id] = answers[q.id];
    }
  }
  return visible;
}
