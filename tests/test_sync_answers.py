"""SPEC §4 form definitions, §8 sync: Answer validation against a pinned form version
(server.services.forms.answers), one rule per test."""

from __future__ import annotations

from typing import Any

import pytest

from server.services.forms import answers
from server.services.sync.sync_store import content_hash
from tests.factories import field_form, good_answers

FORM = field_form()
PHOTO = "ab" * 32


def check(values: dict[str, Any], na: list[str] | None = None) -> dict[str, str]:
    return answers.validate(FORM, values, na or [])


def test_valid_answers_pass() -> None:
    assert check(good_answers()) == {}


@pytest.mark.parametrize(
    "qid,value,reason",
    [
        ("smile", 6, "range"),
        ("smile", 0, "range"),
        ("smile", 3.5, "type"),
        ("smile", "4", "type"),
        ("smile", True, "type"),
        ("rings", 31, "range"),
        ("rings", -1, "range"),
        ("rings", float("inf"), "range"),
        ("rings", float("nan"), "range"),
        ("rings", 10**500, "range"),
        ("rings", "2", "type"),
        ("greeted", 1, "type"),
        ("greeted", "true", "type"),
        ("mode", "car", "option"),
        ("mode", 1, "type"),
        ("points", ["c"], "option"),
        ("points", "a", "type"),
        ("points", ["a", "a"], "option"),
        ("note", 5, "type"),
        ("note", "a\x00", "invalid_characters"),
        ("note", "x" * 10_001, "too_long"),
        ("day", "2026-13-01", "type"),
        ("day", "01/05/2026", "type"),
        ("at", "7:30", "type"),
        ("at", "24:00", "type"),
        ("when", "tomorrow", "type"),
        ("when", "2026-05-01 10:00", "type"),
    ],
)
def test_type_range_and_option_reasons(qid: str, value: Any, reason: str) -> None:
    assert check(good_answers(**{qid: value})) == {qid: reason}


def test_integral_float_rating_is_accepted() -> None:
    assert check(good_answers(smile=4.0)) == {}


def test_unknown_question_ids() -> None:
    assert check({**good_answers(), "ghost": 1}) == {"ghost": "unknown_question"}
    assert check(good_answers(), na=["ghost"]) == {"ghost": "unknown_question"}


def test_required_unless_na() -> None:
    values = good_answers()
    del values["smile"]
    assert check(values) == {"smile": "required"}
    assert check(values, na=["smile"]) == {}


def test_na_only_where_allowed_and_never_with_an_answer() -> None:
    values = good_answers()
    del values["greeted"]
    assert check(values, na=["greeted"]) == {"greeted": "na_not_allowed"}
    assert check(good_answers(), na=["smile"]) == {"smile": "na_and_answer"}


def test_empty_values_count_as_unanswered() -> None:
    for empty in (None, "", "   ", []):
        assert check(good_answers(mode=empty)) == {"mode": "required"}, empty


def test_show_if_hides_required_questions_and_shows_them_again() -> None:
    phone = good_answers()
    assert "wait" not in phone and check(phone) == {}
    store = good_answers(mode="in_store")
    del store["rings"]
    assert check(store) == {"wait": "required", "receipt": "required"}
    assert check({**store, "wait": 10, "receipt": [PHOTO]}) == {}


def test_hidden_answers_are_still_type_checked() -> None:
    assert check(good_answers(wait="soon")) == {"wait": "type"}
    assert check(good_answers(wait=5)) == {}


def test_photo_counts_and_format() -> None:
    base = good_answers(mode="in_store", wait=10)
    del base["rings"]
    assert check({**base, "receipt": [PHOTO, "cd" * 32, "ef" * 32]}) == {
        "receipt": "too_many_photos"
    }
    assert check({**base, "receipt": ["ABC"]}) == {"receipt": "type"}
    assert check({**base, "receipt": [PHOTO, PHOTO]}) == {"receipt": "type"}
    assert answers.photo_refs(FORM, {**base, "receipt": [PHOTO]}) == [("receipt", PHOTO)]


def test_min_photo_count_when_some_are_given() -> None:
    form = field_form(
        key="two-photos",
        extra=[
            {
                "id": "shelf",
                "type": "photo",
                "label": {"en": "s", "zh-CN": "s"},
                "min_count": 2,
                "max_count": 3,
            }
        ],
    )
    assert answers.validate(form, good_answers(shelf=[PHOTO]), []) == {"shelf": "too_few_photos"}
    assert answers.validate(form, good_answers(), []) == {"shelf": "required"}
    assert answers.validate(form, good_answers(shelf=[PHOTO, "cd" * 32]), []) == {}


def test_content_hash_is_canonical() -> None:
    data = {"id": "a", "answers": {"x": 1, "y": [1, 2]}, "na": ["b", "a"], "assignment_id": 1}
    reordered = {"assignment_id": 1, "na": ["a", "b"], "answers": {"y": [1, 2], "x": 1}, "id": "a"}
    assert content_hash(data) == content_hash(reordered)
    assert content_hash(data) != content_hash({**data, "answers": {"x": 2, "y": [1, 2]}})
