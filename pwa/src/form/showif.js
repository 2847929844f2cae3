// show_if evaluation with json-logic-js: the same JsonLogic rules the server
// evaluates with panzi-json-logic; test/showif.test.js checks both agree on
// forms/jsonlogic_cases.json.
import jsonLogic from 'json-logic-js';

/** Evaluate a JsonLogic `rule` against `data` and return the raw result. */
export function applyRule(rule, data) {
  return jsonLogic.apply(rule, data);
}

/** JsonLogic truthiness (an empty array is false, unlike plain JS). */
export function truthy(value) {
  return jsonLogic.truthy(value);
}

/** Is question `q` visible given the current answer data? A broken rule shows the question. */
export function isVisible(q, data) {
  if (q.show_if == null) return true;
  try {
    return truthy(applyRule(q.show_if, data));
  } catch {
    return true;
  }
}
