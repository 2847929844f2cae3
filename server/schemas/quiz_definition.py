"""A certification quiz as a form definition (issue 16 §2): `kind: quiz` and its rules.

A quiz is a form file like any other, with two additions:

    kind: quiz
    quiz: {scenario: complaint, pass_mark: 80, retry_after_hours: 24}
    sections: [... questions: [{id, type: yes_no | choice | multi_choice, label, correct, ...}]]

`correct` is `true`/`false` on a yes_no question, one option value on a choice question and
a non-empty list of option values on a multi_choice question (an answer is right when it
selects exactly those). `pass_mark` is a whole percentage (1-100): an attempt passes when
correct answers / questions >= pass_mark / 100. `retry_after_hours` (default 24, 0 = at once)
is how long a shopper waits after a failed attempt. A quiz question has no `show_if` and no
N/A (every attempt answers the same questions). A form of another kind may carry neither
`quiz` nor `correct`. `check_quiz` runs with the other cross-form rules
(server.schemas.form_checks) once every field is valid.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from server.domain_errors import Term
from server.schemas.base import Schema

KINDS = ("evaluation", "quiz")
QUIZ_TYPES = ("yes_no", "choice", "multi_choice")
SCENARIO_PATTERN = r"^[a-z][a-z0-9-]{0,63}$"
DEFAULT_RETRY_HOURS = 24

Errors = dict[Any, Any]


class QuizSettingsSchema(Schema):
    """The `quiz:` block of a form of kind quiz."""

    scenario = fields.String(required=True, validate=validate.Regexp(SCENARIO_PATTERN))
    pass_mark = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100))
    retry_after_hours = fields.Integer(strict=True, validate=validate.Range(min=0, max=8760))


def check_quiz(data: dict[str, Any]) -> Errors:
    """Return the quiz errors of a field-valid definition (see the module docstring)."""
    if data.get("kind") != "quiz":
        return _not_a_quiz(data)
    errors: Errors = {}
    if "quiz" not in data:
        errors["quiz"] = ["Required: a quiz needs its settings (scenario, pass_mark)."]
    for si, section in enumerate(data["sections"]):
        for qi, question in enumerate(section["questions"]):
            found = _question_errors(question)
            if found:
                errors.setdefault("sections", {}).setdefault(si, {}).setdefault("questions", {})[
                    qi
                ] = found
    return errors


def _not_a_quiz(data: dict[str, Any]) -> Errors:
    errors: Errors = {}
    if "quiz" in data:
        errors["quiz"] = ["Only a form of kind quiz has quiz settings."]
    for si, section in enumerate(data["sections"]):
        for qi, question in enumerate(section["questions"]):
            if "correct" in question:
                where = errors.setdefault("sections", {}).setdefault(si, {})
                where.setdefault("questions", {})[qi] = {
                    "correct": ["Only a question of a quiz has a correct answer."]
                }
    return errors


def _question_errors(question: dict[str, Any]) -> Errors:
    if question["type"] not in QUIZ_TYPES:
        return {"type": ["A quiz question must be yes_no, choice or multi_choice."]}
    errors: Errors = {}
    if question.get("show_if") is not None:
        errors["show_if"] = ["Not allowed in a quiz: every attempt answers every question."]
    if question.get("allow_na"):
        errors["allow_na"] = ["Not allowed in a quiz: every attempt answers every question."]
    if "correct" not in question:
        errors["correct"] = ["Required: a quiz question needs its correct answer."]
    else:
        reason = _correct_reason(question, question["correct"])
        if reason:
            errors["correct"] = [reason]
    return errors


def _correct_reason(question: dict[str, Any], correct: Any) -> str | None:
    if question["type"] == "yes_no":
        return None if isinstance(correct, bool) else "Must be true or false."
    values = [o["value"] for o in question["options"]]
    if question["type"] == "choice":
        if not isinstance(correct, str):
            return "Must be one option value."
        return None if correct in values else _not_an_option(correct)
    if not isinstance(correct, list) or not correct or not all(isinstance(v, str) for v in correct):
        return "Must be a non-empty list of option values."
    if len(set(correct)) != len(correct):
        return "Each option may be listed once."
    unknown = [v for v in correct if v not in values]
    return _not_an_option(unknown[0]) if unknown else None


def _not_an_option(value: str) -> Term:
    return Term("Not one of the options: {value}.", value=repr(value))


def normalised_quiz(data: dict[str, Any]) -> dict[str, Any]:
    """The `kind` and `quiz` keys of a normalised quiz (nothing for another kind, so that
    the content hash of every other form stays what it was)."""
    if data.get("kind") != "quiz":
        return {}
    quiz = data["quiz"]
    return {
        "kind": "quiz",
        "quiz": {
            "scenario": quiz["scenario"],
            "pass_mark": quiz["pass_mark"],
            "retry_after_hours": quiz.get("retry_after_hours", DEFAULT_RETRY_HOURS),
        },
    }


def normalised_correct(question: dict[str, Any]) -> dict[str, Any]:
    """A quiz question's `correct` (a multi_choice's sorted), else nothing."""
    if "correct" not in question:
        return {}
    correct = question["correct"]
    return {"correct": sorted(correct) if isinstance(correct, list) else correct}
