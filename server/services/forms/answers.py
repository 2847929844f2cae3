"""Validate a submission's answers against its pinned form version (SPEC §4, §8).

`validate(definition, answers, na)` returns `{question_id: reason}` (empty when
valid). Reasons, also used by the PWA to point at the question:

    unknown_question   the id is not a question of this form version
    type               wrong JSON type or format for the question type
    range              number/rating outside its bounds (or not finite / absurdly large)
    option             a choice value that is not one of the options (or repeated)
    required           a visible required question with neither answer nor N/A
    na_not_allowed     N/A given for a question without allow_na
    na_and_answer      the same question is both answered and N/A
    too_few_photos     fewer photos than min_count
    too_many_photos    more photos than max_count
    too_long           a text answer above MAX_TEXT characters
    invalid_characters a text with a control character or a lone surrogate
                       (server.schemas.base.unsafe_text)

Choices where SPEC is silent: answers to questions hidden by `show_if` are
still type-checked (nothing malformed is ever stored) but never required and
never scored; `null`, `""` and `[]` count as unanswered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from server.schemas.base import unsafe_text, unsafe_text_paths
from server.services.forms.show_if import visible_questions

MAX_TEXT = 10_000
MAX_ABS_NUMBER = 1e12
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$"
)


def questions_by_id(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Map question id to question for a normalised definition."""
    return {q["id"]: q for s in definition["sections"] for q in s["questions"]}


def is_empty(value: Any) -> bool:
    """True for the values that count as "not answered"."""
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _out_of_bounds(value: int | float) -> bool:
    # Compare before any float() conversion: a 400-digit int would overflow it.
    if isinstance(value, float) and not math.isfinite(value):
        return True
    return abs(value) > MAX_ABS_NUMBER


def _number(q: dict[str, Any], value: Any) -> str | None:
    if not _is_number(value):
        return "type"
    if _out_of_bounds(value):
        return "range"
    low, high = q.get("min"), q.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        return "range"
    return None


def _rating(q: dict[str, Any], value: Any) -> str | None:
    if not _is_number(value):
        return "type"
    if _out_of_bounds(value):
        return "range"
    if value != int(value):
        return "type"
    scale = q["scale"]
    return "range" if not scale["min"] <= value <= scale["max"] else None


def _yes_no(q: dict[str, Any], value: Any) -> str | None:
    return None if isinstance(value, bool) else "type"


def _choice(q: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, str):
        return "type"
    return None if value in {o["value"] for o in q["options"]} else "option"


def _multi_choice(q: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "type"
    allowed = {o["value"] for o in q["options"]}
    if len(set(value)) != len(value) or not set(value) <= allowed:
        return "option"
    return None


def _text(q: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, str):
        return "type"
    if unsafe_text(value):
        return "invalid_characters"
    return "too_long" if len(value) > MAX_TEXT else None


def _date(q: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, str) or not DATE_RE.match(value):
        return "type"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "type"
    return None


def _time(q: dict[str, Any], value: Any) -> str | None:
    return None if isinstance(value, str) and TIME_RE.match(value) else "type"


def _datetime(q: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, str) or not DATETIME_RE.match(value):
        return "type"
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return "type"
    return None


def _photo(q: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, list) or not all(
        isinstance(v, str) and SHA256_RE.match(v) for v in value
    ):
        return "type"
    if len(set(value)) != len(value):
        return "type"
    if len(value) < q.get("min_count", 0):
        return "too_few_photos"
    if len(value) > q.get("max_count", 5):
        return "too_many_photos"
    return None


_CHECKS: dict[str, Callable[[dict[str, Any], Any], str | None]] = {
    "rating": _rating,
    "yes_no": _yes_no,
    "choice": _choice,
    "multi_choice": _multi_choice,
    "number": _number,
    "text": _text,
    "date": _date,
    "time": _time,
    "datetime": _datetime,
    "photo": _photo,
}


def _check_na(
    questions: dict[str, dict[str, Any]],
    answers: dict[str, Any],
    na: list[str],
    errors: dict[str, str],
) -> None:
    for qid in na:
        question = questions.get(qid)
        if question is None:
            errors[qid] = "unknown_question"
        elif not question["allow_na"]:
            errors[qid] = "na_not_allowed"
        elif not is_empty(answers.get(qid)):
            errors[qid] = "na_and_answer"


def validate(definition: dict[str, Any], answers: dict[str, Any], na: list[str]) -> dict[str, str]:
    """Return {question_id: reason} for every problem of these answers (empty: valid)."""
    questions = questions_by_id(definition)
    errors: dict[str, str] = {}
    for qid, value in answers.items():
        question = questions.get(qid)
        if question is None:
            errors[qid] = "unknown_question"
        elif not is_empty(value) and (reason := _CHECKS[question["type"]](question, value)):
            errors[qid] = reason
        elif unsafe_text_paths(value, limit=1):  # anywhere inside, whatever the type
            errors[qid] = "invalid_characters"
    _check_na(questions, answers, na, errors)
    if errors:
        return errors
    given = {k: v for k, v in answers.items() if not is_empty(v) and k not in na}
    for qid in visible_questions(definition, given):
        question = questions[qid]
        if question["required"] and qid not in given and qid not in na:
            errors[qid] = "required"
    return errors


def photo_refs(definition: dict[str, Any], answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (question_id, sha256) for every photo referenced by valid answers."""
    questions = questions_by_id(definition)
    refs: list[tuple[str, str]] = []
    for qid, value in answers.items():
        if questions.get(qid, {}).get("type") == "photo" and isinstance(value, list):
            refs.extend((qid, sha) for sha in value)
    return refs
