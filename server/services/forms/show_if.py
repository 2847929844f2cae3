"""Skip logic: validate and evaluate the JsonLogic `show_if` rules of a form.

The server evaluates rules with `panzi-json-logic`, the PWA with `json-logic-js`.
To keep both sides in agreement, a rule may only use the operators in
`ALLOWED_OPERATORS` (the common core of both libraries) and every `var`,
`missing` and `missing_some` must name another question of the same form by a
literal string (a dotted path such as `"q.0"` references question `q`). Inside
`all`/`some`/`none` the second argument runs against each array item, so its
`var`s are item-relative and not checked as question references.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from json_logic import jsonLogic
from json_logic.builtins import to_bool

ALLOWED_OPERATORS = frozenset(
    {
        "==", "!=", "===", "!==", "<", "<=", ">", ">=",
        "!", "!!", "and", "or", "if", "?:",
        "+", "-", "*", "/", "%", "min", "max",
        "in", "cat", "substr", "merge",
        "var", "missing", "missing_some",
        "all", "some", "none",
    }
)  # fmt: skip
_ITERATING = frozenset({"all", "some", "none"})


class RuleError(ValueError):
    """A `show_if` rule is not valid JsonLogic for this product."""


def rule_references(rule: Any) -> set[str]:
    """Return the question ids a rule reads; raise RuleError when it is malformed."""
    refs: set[str] = set()
    _walk(rule, refs, check_refs=True)
    return refs


def _walk(rule: Any, refs: set[str], *, check_refs: bool) -> None:
    if isinstance(rule, list):
        for item in rule:
            _walk(item, refs, check_refs=check_refs)
        return
    if not isinstance(rule, dict):
        return
    if len(rule) != 1:
        raise RuleError("an operation must be an object with exactly one operator")
    op, args = next(iter(rule.items()))
    if op not in ALLOWED_OPERATORS:
        raise RuleError(f"unsupported operator {op!r}")
    args_list = args if isinstance(args, list) else [args]
    if op in ("var", "missing", "missing_some") and check_refs:
        _collect_refs(op, args_list, refs)
        return
    if op in _ITERATING:
        if len(args_list) != 2:
            raise RuleError(f"{op!r} takes an array and a rule")
        _walk(args_list[0], refs, check_refs=check_refs)
        _walk(args_list[1], refs, check_refs=False)
        return
    _walk(args_list, refs, check_refs=check_refs)


def _collect_refs(op: str, args: list[Any], refs: set[str]) -> None:
    if op == "var":
        names = args[:1]
        if not names:
            raise RuleError("'var' needs a question id")
        _walk(args[1:], refs, check_refs=True)
    elif op == "missing":
        names = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    else:
        if len(args) != 2 or not isinstance(args[1], list):
            raise RuleError("'missing_some' takes a count and a list of question ids")
        names = args[1]
    for name in names:
        if not isinstance(name, str) or not name:
            raise RuleError(f"{op!r} must name a question id as a literal string")
        refs.add(name.split(".", 1)[0])


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """Return one dependency cycle (as a closed list of ids) or None."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return [*stack[stack.index(dep) :], dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def _evaluation_order(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order questions so that each comes after every question its rule reads."""
    by_id = {q["id"]: q for q in questions}
    done: set[str] = set()
    ordered: list[dict[str, Any]] = []

    def place(qid: str) -> None:
        if qid in done:
            return
        done.add(qid)
        rule = by_id[qid].get("show_if")
        for dep in sorted(rule_references(rule) if rule is not None else ()):
            if dep in by_id:
                place(dep)
        ordered.append(by_id[qid])

    for question in questions:
        place(question["id"])
    return ordered


def visible_questions(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> set[str]:
    """Return the ids of the questions shown for these answers.

    `answers` maps question id to value (unanswered or N/A: absent or None).
    A rule that reads a hidden question sees null there, so hiding cascades.
    Hidden and unanswered questions are left out of the rule data rather than
    set to null: json-logic-js applies a `var` default only to undefined
    values, so leaving them out makes both evaluators agree.
    The definition must be a validated (acyclic) normalised definition.
    """
    questions = [q for s in definition["sections"] for q in s["questions"]]
    if not any(q.get("show_if") is not None for q in questions):
        return {q["id"] for q in questions}  # no rules: everything shows (the common case)
    data: dict[str, Any] = {}
    visible: set[str] = set()
    for question in _evaluation_order(questions):
        rule = question.get("show_if")
        if rule is None or _shows(rule, data):
            visible.add(question["id"])
            if answers.get(question["id"]) is not None:
                data[question["id"]] = answers[question["id"]]
    return visible


def _shows(rule: Any, data: dict[str, Any]) -> bool:
    """Apply a rule; one that cannot be evaluated on these answers shows its question.

    Failing open matches the PWA (a question is never silently lost) and keeps
    odd answer values, e.g. a division by a zero answer, from becoming a 500.
    """
    try:
        return to_bool(jsonLogic(rule, data))
    except (ArithmeticError, TypeError, ValueError, LookupError, ReferenceError):
        return True


def evaluate(rule: Any, data: Any) -> Any:
    """Apply a JsonLogic rule with the server's evaluator (shared by tests and services)."""
    return jsonLogic(rule, data)
