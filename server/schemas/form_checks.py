"""Cross-form rules of a form definition, run once every field is valid.

Each check returns marshmallow-style nested errors (list positions as ints) so
that `FormDefinitionSchema` can raise them and the loader can flatten them into
`sections[2].questions[4].show_if` paths like any field error.
"""

from collections.abc import Callable, Iterator
from typing import Any

from marshmallow import ValidationError

from server.domain_errors import Term
from server.schemas.quiz_definition import check_quiz
from server.services.forms import show_if

Path = tuple[Any, ...]
Errors = dict[Any, Any]


def check_form(data: dict[str, Any], competencies: set[str] | None) -> Errors:
    """Return every cross-form error of a field-valid definition."""
    errors: Errors = {}
    for check in (_check_relationships, _check_ids, _check_scales, _check_weights,
                  _check_show_if, check_quiz):  # fmt: skip
        _merge(errors, check(data))
    if competencies is not None:
        _merge(errors, _check_competencies(data, competencies))
    return errors


def _put(errors: Errors, path: Path, message: str) -> None:
    """Add a message (a msgid, or a `Term` with its values) at a path."""
    node = errors
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node.setdefault(path[-1], []).append(message)


def _merge(target: Errors, source: Errors) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif isinstance(value, list) and isinstance(target.get(key), list):
            target[key].extend(value)
        else:
            target[key] = value


def _questions(data: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for si, section in enumerate(data["sections"]):
        for qi, question in enumerate(section["questions"]):
            yield ("sections", si, "questions", qi), question


def _check_competencies(data: dict[str, Any], known: set[str]) -> Errors:
    errors: Errors = {}
    items = [(("sections", si), s) for si, s in enumerate(data["sections"])]
    for path, item in [*items, *_questions(data)]:
        key = item.get("competency")
        if key is not None and key not in known:
            message = Term(
                "Unknown competency {key} (not in the competency catalogue).", key=repr(key)
            )
            _put(errors, (*path, "competency"), message)
    return errors


def _check_relationships(data: dict[str, Any]) -> Errors:
    seen: list[str] = []
    errors: Errors = {}
    for i, rel in enumerate(data["relationships"]):
        if rel in seen:
            _put(
                errors,
                ("relationships", i),
                Term("Duplicate relationship {relationship}.", relationship=repr(rel)),
            )
        seen.append(rel)
    return errors


def _check_ids(data: dict[str, Any]) -> Errors:
    errors: Errors = {}
    section_ids: dict[str, int] = {}
    for si, section in enumerate(data["sections"]):
        if section["id"] in section_ids:
            first = section_ids[section["id"]]
            _put(
                errors,
                ("sections", si, "id"),
                Term("Duplicate section id (see sections[{index}]).", index=first),
            )
        section_ids.setdefault(section["id"], si)
    seen: dict[str, Path] = {}
    for path, question in _questions(data):
        if question["id"] in seen:
            where = "sections[{}].questions[{}]".format(*seen[question["id"]][1::2])
            _put(
                errors,
                (*path, "id"),
                Term("Duplicate question id (first used at {where}).", where=where),
            )
        seen.setdefault(question["id"], path)
    return errors


def _check_scales(data: dict[str, Any]) -> Errors:
    errors: Errors = {}
    for path, question in _questions(data):
        if question["type"] == "rating" and "scale" not in question and "scale" not in data:
            _put(errors, (*path, "scale"), "Required: the form has no scale.")
    return errors


def _check_weights(data: dict[str, Any]) -> Errors:
    if sum(s.get("weight", 1) for s in data["sections"]) > 0:
        return {}
    return {"sections": ["The section weights must not all be 0."]}


def _check_show_if(data: dict[str, Any]) -> Errors:
    errors: Errors = {}
    paths = {q["id"]: path for path, q in reversed(list(_questions(data)))}
    graph: dict[str, set[str]] = {}
    for path, question in _questions(data):
        rule = question.get("show_if")
        if rule is None:
            continue
        if not isinstance(rule, dict | bool):
            _put(errors, (*path, "show_if"), "Must be a JsonLogic operation (object) or boolean.")
            continue
        try:
            refs = show_if.rule_references(rule)
        except show_if.RuleError as err:
            _put(errors, (*path, "show_if"), Term("Invalid JsonLogic: {error}.", error=str(err)))
            continue
        for ref in sorted(refs):
            if ref == question["id"]:
                _put(errors, (*path, "show_if"), "Must not reference its own question.")
            elif ref not in paths:
                _put(
                    errors,
                    (*path, "show_if"),
                    Term("References unknown question id {ref}.", ref=repr(ref)),
                )
        graph[question["id"]] = {r for r in refs if r in paths and r != question["id"]}
    cycle = show_if.find_cycle(graph)
    if cycle:
        message = Term("Circular show_if dependency: {cycle}.", cycle=" -> ".join(cycle))
        _put(errors, (*paths[cycle[0]], "show_if"), message)
    return errors


def refuse_repeats(
    rows: list[dict[str, Any]], field: str, where: str, term: Callable[[Any], Term]
) -> None:
    """Refuse a list in which `field` repeats: each repeated position gets `term(value)`."""
    values = [row[field] for row in rows]
    errors = {i: {field: [term(v)]} for i, v in enumerate(values) if v in values[:i]}
    if errors:
        raise ValidationError({where: errors})
