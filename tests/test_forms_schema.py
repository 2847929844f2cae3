"""Form definition validation (SPEC §4): one failing case per rule, with its exact path."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from server.services.forms.forms import FormDefinitionError, validate_definition

T = {"en": "Text", "zh-CN": "文本"}
COMPETENCIES = {"service_attitude", "teamwork"}
SOURCE = "forms/t.yaml"


def q(qid: str, qtype: str = "rating", **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": qtype, "label": dict(T), **extra}


def make_form() -> dict[str, Any]:
    """Three sections of five rating questions each (ids s<i>q<j>)."""
    return {
        "key": "t",
        "title": dict(T),
        "relationships": ["peer"],
        "scale": {"min": 1, "max": 5},
        "sections": [
            {"id": f"s{i}", "title": dict(T), "questions": [q(f"s{i}q{j}") for j in range(5)]}
            for i in range(3)
        ],
    }


def set_path(doc: Any, path: str, value: Any) -> None:
    """Set `sections[2].questions[4].weight`-style paths (creating the leaf)."""
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]
    for part in parts[:-1]:
        doc = doc[part]
    doc[parts[-1]] = value


def errors_of(raw: Any, competencies: set[str] | None = COMPETENCIES) -> list[str]:
    with pytest.raises(FormDefinitionError) as info:
        validate_definition(raw, competencies, SOURCE)
    return info.value.errors


def assert_error(raw: Any, path: str, reason: str) -> None:
    errors = errors_of(raw)
    expected = f"{SOURCE}: {path}: "
    assert any(e.startswith(expected) and reason in e for e in errors), errors


def with_changes(**changes: Any) -> dict[str, Any]:
    raw = make_form()
    for path, value in changes.items():
        set_path(raw, path.replace("__", "."), value)
    return raw


def test_base_form_is_valid() -> None:
    assert validate_definition(make_form(), COMPETENCIES, SOURCE)["key"] == "t"


MINIMAL_QUESTIONS = [
    q("x", "rating"),
    q("x", "yes_no"),
    q("x", "choice", options=[{"value": "a", "label": T}, {"value": "b", "label": T}]),
    q("x", "multi_choice", options=[{"value": "a", "label": T}, {"value": "b", "label": T}]),
    q("x", "number"),
    q("x", "text"),
    q("x", "date"),
    q("x", "time"),
    q("x", "datetime"),
    q("x", "photo"),
]


@pytest.mark.parametrize("question", MINIMAL_QUESTIONS, ids=lambda x: x["type"])
def test_a_valid_form_per_question_type(question: dict[str, Any]) -> None:
    raw = make_form()
    raw["sections"] = [{"id": "only", "title": T, "questions": [question]}]
    definition = validate_definition(raw, COMPETENCIES, SOURCE)
    assert definition["sections"][0]["questions"][0]["type"] == question["type"]


# (path to set, value, expected error path, reason fragment)
FIELD_CASES = [
    (
        "sections[2].questions[4].weight",
        -1,
        "sections[2].questions[4].weight",
        "greater than or equal to 0",
    ),
    ("sections[1].weight", -0.5, "sections[1].weight", "greater than or equal to 0"),
    (
        "sections[0].questions[0].weight",
        "heavy",
        "sections[0].questions[0].weight",
        "Not a valid number",
    ),
    ("colour", "red", "colour", "Unknown field"),
    ("sections[2].questions[4].colour", "red", "sections[2].questions[4].colour", "Unknown field"),
    (
        "sections[0].questions[1].label",
        {"en": "Only English"},
        "sections[0].questions[1].label.zh-CN",
        "Missing data for required field",
    ),
    ("title", {"en": "", "zh-CN": "标题"}, "title.en", "Must not be empty"),
    ("title", {"en": "Title", "zh-CN": "   "}, "title.zh-CN", "Must not be empty"),
    ("sections[1].title", {"zh-CN": "标题"}, "sections[1].title.en", "Missing data"),
    (
        "sections[0].questions[2].help",
        {"en": "Help"},
        "sections[0].questions[2].help.zh-CN",
        "Missing data",
    ),
    (
        "sections[0].questions[2].self_label",
        {"en": "I do", "fr": "Je"},
        "sections[0].questions[2].self_label.fr",
        "Unknown field",
    ),
    ("sections[0].questions[3].type", "slider", "sections[0].questions[3].type", "Must be one of"),
    ("relationships", ["boss"], "relationships[0]", "Must be one of"),
    ("relationships", [], "relationships", "Shorter than minimum length 1"),
    ("relationships", ["peer", "self", "peer"], "relationships[2]", "Duplicate relationship"),
    ("critical_policy", "section_half", "critical_policy", "Must be one of"),
    ("scale", {"min": 5, "max": 5}, "scale.min", "Must be lower than max"),
    ("scale", {"min": 1.5, "max": 5}, "scale.min", "Not a valid integer"),
    ("scale", {"min": 1, "max": 5, "labels": {7: T}}, "scale.labels[7]", "Outside the scale 1..5"),
    (
        "scale",
        {"min": 1, "max": 5, "labels": {"x": T}},
        "scale.labels.x",
        "Scale point must be an integer",
    ),
    (
        "scale",
        {"min": 1, "max": 5, "labels": {1: {"en": "Poor"}}},
        "scale.labels[1].zh-CN",
        "Missing data",
    ),
    (
        "sections[1].questions[3].scale",
        {"min": 0, "max": 0},
        "sections[1].questions[3].scale.min",
        "Must be lower than max",
    ),
    (
        "sections[0].questions[0].allow_na",
        "sometimes",
        "sections[0].questions[0].allow_na",
        "Not a valid boolean",
    ),
    ("sections[0].questions[0].id", "Bad Id", "sections[0].questions[0].id", "does not match"),
    ("sections[0].id", "1st", "sections[0].id", "does not match"),
    ("key", "Store Visit", "key", "does not match"),
    ("sections", [], "sections", "Shorter than minimum length 1"),
    ("sections[2].questions", [], "sections[2].questions", "Shorter than minimum length 1"),
    ("sections[0].questions[0]", "rating", "sections[0].questions[0]", "Must be a mapping"),
    ("sections[0].competency", "charisma", "sections[0].competency", "Unknown competency"),
    (
        "sections[2].questions[1].competency",
        "charisma",
        "sections[2].questions[1].competency",
        "Unknown competency",
    ),
]


@pytest.mark.parametrize(("where", "value", "path", "reason"), FIELD_CASES)
def test_field_rule_reports_path(where: str, value: Any, path: str, reason: str) -> None:
    raw = make_form()
    set_path(raw, where, value)
    assert_error(raw, path, reason)


def test_missing_type_is_reported() -> None:
    raw = make_form()
    del raw["sections"][1]["questions"][2]["type"]
    assert_error(raw, "sections[1].questions[2].type", "Missing data for required field")


def test_missing_required_top_level_keys() -> None:
    errors = errors_of({"key": "t"})
    for name in ("title", "relationships", "sections"):
        assert f"{SOURCE}: {name}: Missing data for required field." in errors


def test_document_must_be_a_mapping() -> None:
    assert errors_of(["not", "a", "form"]) == [f"{SOURCE}: (document): Must be a mapping."]


def test_rating_needs_a_scale_when_the_form_has_none() -> None:
    raw = make_form()
    del raw["scale"]
    raw["sections"][1]["questions"][2]["scale"] = {"min": 0, "max": 10}
    errors = errors_of(raw)
    assert f"{SOURCE}: sections[1].questions[1].scale: Required: the form has no scale." in errors
    assert not any("sections[1].questions[2].scale" in e for e in errors)


def test_competencies_are_not_checked_without_a_catalogue() -> None:
    raw = with_changes(**{"sections[0].competency": "charisma"})
    assert validate_definition(raw, None, SOURCE)["sections"][0]["competency"] == "charisma"


def test_all_section_weights_zero_is_rejected() -> None:
    raw = make_form()
    for section in raw["sections"]:
        section["weight"] = 0
    assert_error(raw, "sections", "The section weights must not all be 0")


def test_duplicate_question_ids_across_sections() -> None:
    raw = make_form()
    raw["sections"][2]["questions"][0]["id"] = "s0q0"
    assert_error(
        raw,
        "sections[2].questions[0].id",
        "Duplicate question id (first used at sections[0].questions[0])",
    )


def test_duplicate_section_ids() -> None:
    raw = make_form()
    raw["sections"][1]["id"] = "s0"
    assert_error(raw, "sections[1].id", "Duplicate section id")


# ---- type-specific rules -------------------------------------------------------------

OPTS = [{"value": "a", "label": T, "score": 2}, {"value": "b", "label": T, "score": 0}]


def replace_question(question: dict[str, Any]) -> dict[str, Any]:
    raw = make_form()
    raw["sections"][1]["questions"][3] = question
    return raw


QP = "sections[1].questions[3]"
TYPE_CASES = [
    (q("x", "yes_no", pass_value="maybe"), "pass_value", "Not a valid boolean"),
    (
        q("x", "choice", options=[OPTS[0], {**OPTS[1], "value": "a"}]),
        "options[1].value",
        "Duplicate option value 'a'",
    ),
    (
        q("x", "choice", options=[OPTS[0], {"value": "b", "label": T}]),
        "options",
        "Give a score to every option or to none",
    ),
    (
        q("x", "choice", options=[OPTS[0], {**OPTS[1], "score": -1}]),
        "options[1].score",
        "greater than or equal to 0",
    ),
    (q("x", "choice", options=[OPTS[0]]), "options", "Shorter than minimum length 2"),
    (
        q("x", "choice", options=[{**o, "score": 0} for o in OPTS]),
        "options",
        "At least one option must score above 0",
    ),
    (
        q("x", "choice", options=[{"value": v, "label": T} for v in "ab"], critical=True),
        "critical",
        "Only a scored question can be critical",
    ),
    (
        q("x", "choice", options=[OPTS[0], {**OPTS[1], "label": {"en": "B"}}]),
        "options[1].label.zh-CN",
        "Missing data",
    ),
    (
        q("x", "choice", options=[OPTS[0], {**OPTS[1], "value": "b c"}]),
        "options[1].value",
        "does not match",
    ),
    (q("x", "multi_choice", options=OPTS, max_score=0), "max_score", "greater than 0"),
    (
        q("x", "multi_choice", options=[{"value": v, "label": T} for v in "ab"], max_score=2),
        "max_score",
        "Needs option scores",
    ),
    (q("x", "number", min=10, max=10), "min", "Must be lower than max"),
    (q("x", "number", min=0, max=60, pass_max=90), "pass_max", "Must lie within min..max"),
    (q("x", "number", min=0, max=60, pass_min=-1), "pass_min", "Must lie within min..max"),
    (q("x", "number", pass_min=5, pass_max=3), "pass_min", "Must not exceed pass_max"),
    (q("x", "number", critical=True), "critical", "Only a scored question can be critical"),
    (q("x", "text", weight=2), "weight", "Not allowed on unscored type 'text'"),
    (q("x", "text", comment="yes please"), "comment", "Not a valid boolean"),
    (q("x", "date", critical=True), "critical", "Not allowed on unscored type 'date'"),
    (q("x", "photo", critical=True), "critical", "Not allowed on unscored type 'photo'"),
    (q("x", "photo", min_count=3, max_count=2), "min_count", "Must not exceed max_count"),
    (
        q("x", "photo", min_count=1, required=False),
        "required",
        "An optional photo question needs min_count 0",
    ),
    (
        q("x", "photo", min_count=0, required=True),
        "min_count",
        "A required photo question needs min_count >= 1",
    ),
    (q("x", "photo", max_count=0), "max_count", "greater than or equal to 1"),
    (q("x", "photo", min_count=1.5), "min_count", "Not a valid integer"),
    (q("x", "rating", options=OPTS), "options", "Unknown field"),
    (q("x", "yes_no", scale={"min": 1, "max": 5}), "scale", "Unknown field"),
]


@pytest.mark.parametrize(("question", "field", "reason"), TYPE_CASES)
def test_type_rule_reports_path(question: dict[str, Any], field: str, reason: str) -> None:
    assert_error(replace_question(question), f"{QP}.{field}", reason)


# ---- show_if -------------------------------------------------------------------------


def with_rule(rule: Any, at: str = "sections[1].questions[0]") -> dict[str, Any]:
    raw = make_form()
    set_path(raw, f"{at}.show_if", rule)
    return raw


SHOW_IF_CASES = [
    ({"==": [{"var": "ghost"}, 1]}, "References unknown question id 'ghost'"),
    ({"==": [{"var": "s1q0"}, 1]}, "Must not reference its own question"),
    ({"log": [{"var": "s0q0"}]}, "Invalid JsonLogic: unsupported operator 'log'"),
    ({"==": [1, 1], "!=": [1, 2]}, "Invalid JsonLogic: an operation must be an object with"),
    ({"var": {"cat": ["s0", "q0"]}}, "'var' must name a question id as a literal string"),
    ({"var": []}, "'var' needs a question id"),
    ({"missing": ["s0q0", "ghost"]}, "References unknown question id 'ghost'"),
    ({"missing_some": [1, ["s0q1", "nobody"]]}, "References unknown question id 'nobody'"),
    ({"missing_some": [1, "s0q1"]}, "'missing_some' takes a count and a list"),
    ({"some": [{"var": "s0q0"}]}, "'some' takes an array and a rule"),
    ({"!": {"var": "s9q9"}}, "References unknown question id 's9q9'"),
    ("s0q0", "Must be a JsonLogic operation (object) or boolean"),
    ([{"var": "s0q0"}], "Must be a JsonLogic operation (object) or boolean"),
]


@pytest.mark.parametrize(("rule", "reason"), SHOW_IF_CASES)
def test_show_if_rule_reports_path(rule: Any, reason: str) -> None:
    assert_error(with_rule(rule), "sections[1].questions[0].show_if", reason)


def test_show_if_accepts_references_to_other_sections_and_dotted_paths() -> None:
    rule = {
        "and": [
            {">=": [{"var": "s2q4"}, 3]},
            {"in": ["x", {"var": "s0q1.0"}]},
            {"some": [{"var": "s0q2"}, {"==": [{"var": ""}, "x"]}]},
        ]
    }
    definition = validate_definition(with_rule(rule), COMPETENCIES, SOURCE)
    assert definition["sections"][1]["questions"][0]["show_if"] == rule


def test_show_if_two_question_cycle() -> None:
    raw = with_rule({"var": "s2q0"}, at="sections[0].questions[1]")
    set_path(raw, "sections[2].questions[0].show_if", {"!": [{"var": "s0q1"}]})
    assert_error(
        raw, "sections[0].questions[1].show_if", "Circular show_if dependency: s0q1 -> s2q0 -> s0q1"
    )


def test_show_if_three_question_cycle() -> None:
    raw = make_form()
    set_path(raw, "sections[0].questions[0].show_if", {"var": "s1q1"})
    set_path(raw, "sections[1].questions[1].show_if", {"var": "s2q2"})
    set_path(raw, "sections[2].questions[2].show_if", {"==": [{"var": "s0q0"}, 5]})
    assert_error(
        raw,
        "sections[0].questions[0].show_if",
        "Circular show_if dependency: s0q0 -> s1q1 -> s2q2 -> s0q0",
    )


def test_show_if_chain_without_cycle_is_valid() -> None:
    raw = make_form()
    set_path(raw, "sections[0].questions[0].show_if", {"var": "s1q1"})
    set_path(raw, "sections[1].questions[1].show_if", {"var": "s2q2"})
    validate_definition(raw, COMPETENCIES, SOURCE)


def test_errors_of_several_fields_are_all_reported() -> None:
    raw = make_form()
    set_path(raw, "sections[2].questions[4].weight", -1)
    set_path(raw, "sections[0].title", {"en": "Only"})
    errors = errors_of(raw)
    assert len(errors) == 2
    assert all(e.startswith(f"{SOURCE}: sections[") for e in errors)


def test_validation_does_not_mutate_input() -> None:
    raw = with_changes(**{"sections[0].questions[0].weight": 2})
    before = copy.deepcopy(raw)
    validate_definition(raw, COMPETENCIES, SOURCE)
    assert raw == before
