"""Issue 16 §2: a certification quiz is a form of kind `quiz`, validated like every form: its
settings (scenario, pass mark, retry delay), a correct answer on every question that is one
of its options, and nothing of a quiz on any other form."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from server.services.forms.forms import (
    FormDefinitionError,
    check_files,
    content_sha256,
    load_form_file,
    validate_definition,
)

T = {"en": "Text", "zh-CN": "文本"}
SOURCE = "forms/q.yaml"
FORMS_DIR = Path(__file__).resolve().parents[1] / "forms"


def _options(*values: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": dict(T)} for v in values]


def quiz() -> dict[str, Any]:
    return {
        "key": "q",
        "kind": "quiz",
        "title": dict(T),
        "relationships": ["mystery_shopper"],
        "quiz": {"scenario": "complaint", "pass_mark": 80, "retry_after_hours": 12},
        "sections": [
            {
                "id": "s",
                "title": dict(T),
                "questions": [
                    {"id": "yn", "type": "yes_no", "label": dict(T), "correct": False},
                    {
                        "id": "one",
                        "type": "choice",
                        "label": dict(T),
                        "options": _options("a", "b", "c"),
                        "correct": "b",
                    },
                    {
                        "id": "many",
                        "type": "multi_choice",
                        "label": dict(T),
                        "options": _options("a", "b", "c"),
                        "correct": ["c", "a"],
                    },
                ],
            }
        ],
    }


def errors_of(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(FormDefinitionError) as info:
        validate_definition(raw, None, SOURCE)
    return [str(e) for e in info.value.errors]


def assert_error(raw: dict[str, Any], path: str, reason: str) -> None:
    errors = errors_of(raw)
    assert any(e.startswith(f"{SOURCE}: {path}: ") and reason in e for e in errors), errors


def question(raw: dict[str, Any], index: int) -> dict[str, Any]:
    return raw["sections"][0]["questions"][index]


def test_a_valid_quiz_is_normalised_with_its_settings_and_answers():
    definition = validate_definition(quiz(), None, SOURCE)
    assert definition["kind"] == "quiz"
    assert definition["quiz"] == {"scenario": "complaint", "pass_mark": 80, "retry_after_hours": 12}
    corrects = [q["correct"] for q in definition["sections"][0]["questions"]]
    assert corrects == [False, "b", ["a", "c"]]  # a multi_choice's answer is sorted


def test_the_retry_delay_defaults_to_24_hours():
    raw = quiz()
    del raw["quiz"]["retry_after_hours"]
    assert validate_definition(raw, None, SOURCE)["quiz"]["retry_after_hours"] == 24


def test_a_quiz_without_settings_is_refused():
    raw = quiz()
    del raw["quiz"]
    assert_error(raw, "quiz", "a quiz needs its settings")


def test_a_quiz_without_pass_mark_is_refused():
    raw = quiz()
    del raw["quiz"]["pass_mark"]
    assert_error(raw, "quiz.pass_mark", "Missing data for required field.")


@pytest.mark.parametrize("mark", [0, 101, 80.5, "80", True])
def test_the_pass_mark_is_a_whole_percentage(mark):
    raw = quiz()
    raw["quiz"]["pass_mark"] = mark
    assert any(e.startswith(f"{SOURCE}: quiz.pass_mark: ") for e in errors_of(raw))


@pytest.mark.parametrize("field,value", [("scenario", "Bad Key"), ("retry_after_hours", -1)])
def test_the_scenario_and_the_delay_are_checked(field, value):
    raw = quiz()
    raw["quiz"][field] = value
    assert any(e.startswith(f"{SOURCE}: quiz.{field}: ") for e in errors_of(raw))


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_quiz_question_without_its_correct_answer_is_refused(index):
    raw = quiz()
    del question(raw, index)["correct"]
    path = f"sections[0].questions[{index}].correct"
    assert_error(raw, path, "a quiz question needs its correct answer")


@pytest.mark.parametrize(
    "index,value,reason",
    [
        (0, "no", "Must be true or false."),
        (1, "z", "Not one of the options: 'z'."),
        (1, ["b"], "Must be one option value."),
        (2, [], "Must be a non-empty list of option values."),
        (2, "a", "Must be a non-empty list of option values."),
        (2, ["a", "a"], "Each option may be listed once."),
        (2, ["a", "zz"], "Not one of the options: 'zz'."),
    ],
)
def test_a_correct_answer_must_be_a_valid_answer(index, value, reason):
    raw = quiz()
    question(raw, index)["correct"] = value
    assert_error(raw, f"sections[0].questions[{index}].correct", reason)


def test_a_quiz_question_is_a_choice_question():
    raw = quiz()
    raw["sections"][0]["questions"].append({"id": "txt", "type": "text", "label": dict(T)})
    assert_error(raw, "sections[0].questions[3].type", "must be yes_no, choice or multi_choice")


@pytest.mark.parametrize("field,value", [("show_if", {"==": [{"var": "yn"}, True]}),
                                         ("allow_na", True)])  # fmt: skip
def test_every_attempt_answers_every_question(field, value):
    raw = quiz()
    question(raw, 1)[field] = value
    assert_error(raw, f"sections[0].questions[1].{field}", "Not allowed in a quiz")


def test_another_form_has_no_correct_answers_and_no_quiz_settings():
    raw = quiz()
    raw["kind"] = "evaluation"
    errors = errors_of(raw)
    assert any(e.startswith(f"{SOURCE}: quiz: Only a form of kind quiz") for e in errors)
    assert any("questions[0].correct: Only a question of a quiz" in e for e in errors), errors
    del raw["kind"]
    assert any(e.startswith(f"{SOURCE}: quiz: Only a form of kind quiz") for e in errors_of(raw))


def test_an_unknown_kind_is_refused():
    raw = quiz()
    raw["kind"] = "exam"
    assert any(e.startswith(f"{SOURCE}: kind: ") for e in errors_of(raw))


def test_another_form_keeps_its_content_hash():
    """No `kind` key is added to forms that are not quizzes: their stored versions stay."""
    raw = quiz()
    del raw["kind"], raw["quiz"]
    for q in raw["sections"][0]["questions"]:
        del q["correct"]
    definition = validate_definition(copy.deepcopy(raw), None, SOURCE)
    assert "kind" not in definition and "quiz" not in definition
    assert all("correct" not in q for q in definition["sections"][0]["questions"])
    shipped = load_form_file(FORMS_DIR / "daily-self-check.yaml", None)
    assert "kind" not in shipped and content_sha256(shipped)


def test_the_shipped_quiz_passes_the_check():
    path = FORMS_DIR / "quiz-complaint-scenario.yaml"
    assert check_files([path]) == []
    definition = load_form_file(path, None)
    assert definition["quiz"]["scenario"] == "complaint"
    questions = [q for s in definition["sections"] for q in s["questions"]]
    assert len(questions) == 5 and all("correct" in q for q in questions)
