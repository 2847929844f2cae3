"""SPEC §4 form definitions: Normalised definition contract, fingerprints, files and skip logic
(pure, no database)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from server.services.forms import forms
from server.services.forms.forms import (
    FormDefinitionError,
    check_files,
    content_sha256,
    load_form_file,
    validate_definition,
    visible_questions,
)
from server.services.forms.show_if import evaluate

T = {"en": "Text", "zh-CN": "文本"}
T2 = {"en": "Other", "zh-CN": "其他"}
FORMS_DIR = Path(__file__).resolve().parent.parent / "forms"
SHIPPED = ["service-360", "customer-satisfaction", "mystery-shop-store", "daily-self-check"]
COMMON_KEYS = {
    "id",
    "type",
    "label",
    "help",
    "self_label",
    "required",
    "allow_na",
    "weight",
    "critical",
    "competency",
    "show_if",
    "scored",
}


def q(qid: str, qtype: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": qtype, "label": T, **extra}


def one_section(*questions: dict[str, Any], **form: Any) -> dict[str, Any]:
    raw = {
        "key": "t",
        "title": T,
        "relationships": ["self"],
        "sections": [{"id": "s", "title": T, "questions": list(questions)}],
    }
    raw.update(form)
    return raw


def normalised_questions(*questions: dict[str, Any], **form: Any) -> dict[str, dict]:
    definition = validate_definition(one_section(*questions, **form))
    return {x["id"]: x for x in definition["sections"][0]["questions"]}


EVERY_TYPE = [
    q("r", "rating"),
    q("y", "yes_no"),
    q("c", "choice", options=[{"value": "a", "label": T}, {"value": "b", "label": T2}]),
    q(
        "m",
        "multi_choice",
        options=[{"value": "a", "label": T, "score": 1.5}, {"value": "b", "label": T2, "score": 2}],
    ),
    q("n", "number"),
    q("t", "text"),
    q("d", "date"),
    q("h", "time"),
    q("dt", "datetime"),
    q("p", "photo"),
]
FORM_SCALE = {"min": 1, "max": 5, "labels": {1: T, 5: T2}}


def test_a_valid_form_with_every_question_type_normalises_with_all_keys() -> None:
    questions = normalised_questions(*EVERY_TYPE, scale=FORM_SCALE)
    extras = {
        "r": {"scale"},
        "y": {"pass_value"},
        "c": {"options"},
        "m": {"options", "max_score"},
        "n": {"min", "max", "pass_min", "pass_max", "unit"},
        "t": {"comment"},
        "d": set(),
        "h": set(),
        "dt": set(),
        "p": {"min_count", "max_count"},
    }
    for qid, keys in extras.items():
        assert set(questions[qid]) == COMMON_KEYS | keys, qid


def test_question_defaults() -> None:
    questions = normalised_questions(*EVERY_TYPE, scale=FORM_SCALE)
    for question in questions.values():
        assert question["help"] is None and question["self_label"] is None
        assert question["allow_na"] is False and question["critical"] is False
        assert question["show_if"] is None and question["competency"] is None
    required = {qid for qid, x in questions.items() if x["required"]}
    assert required == {"r", "y", "c", "m", "n"}
    assert {qid: x["weight"] for qid, x in questions.items()} == {
        "r": 1,
        "y": 1,
        "c": 1,
        "m": 1,
        "n": 1,
        "t": 0,
        "d": 0,
        "h": 0,
        "dt": 0,
        "p": 0,
    }
    assert {qid for qid, x in questions.items() if x["scored"]} == {"r", "y", "m"}


def test_type_specific_defaults() -> None:
    questions = normalised_questions(*EVERY_TYPE, scale=FORM_SCALE)
    assert questions["r"]["scale"] == {"min": 1, "max": 5, "labels": {"1": T, "5": T2}}
    assert questions["y"]["pass_value"] is True
    assert questions["c"]["options"] == [
        {"value": "a", "label": T, "score": None},
        {"value": "b", "label": T2, "score": None},
    ]
    assert questions["m"]["max_score"] == 3.5
    number_keys = ("min", "max", "pass_min", "pass_max", "unit")
    assert [questions["n"][k] for k in number_keys] == [None] * 5
    assert questions["t"]["comment"] is False
    assert (questions["p"]["min_count"], questions["p"]["max_count"]) == (0, 5)
    assert questions["p"]["required"] is False


def test_form_and_section_defaults() -> None:
    definition = validate_definition(one_section(q("y", "yes_no")))
    assert definition["critical_policy"] == "section_zero"
    assert definition["scale"] is None and definition["description"] is None
    section = definition["sections"][0]
    assert (section["weight"], section["competency"]) == (1, None)
    assert list(definition) == [
        "key",
        "title",
        "description",
        "relationships",
        "scale",
        "critical_policy",
        "sections",
    ]


def test_given_values_are_kept() -> None:
    questions = normalised_questions(
        q(
            "r",
            "rating",
            scale={"min": 0, "max": 10},
            weight=2.5,
            critical=True,
            allow_na=True,
            required=False,
            help=T2,
            self_label=T2,
            competency="teamwork",
        ),
        q("y", "yes_no", pass_value=False, weight=0, show_if={"var": "r"}),
        q("n", "number", min=0, max=600, pass_max=30, unit="s"),
        q("t", "text", comment=True, required=True),
        q(
            "m",
            "multi_choice",
            max_score=2,
            options=[{"value": v, "label": T, "score": 1} for v in "abc"],
        ),
        scale={"min": 1, "max": 5},
    )
    assert questions["r"]["scale"] == {"min": 0, "max": 10, "labels": {}}
    assert (questions["r"]["weight"], questions["r"]["critical"]) == (2.5, True)
    assert (questions["r"]["allow_na"], questions["r"]["required"]) == (True, False)
    assert (questions["r"]["help"], questions["r"]["self_label"]) == (T2, T2)
    assert questions["r"]["competency"] == "teamwork"
    assert (questions["y"]["pass_value"], questions["y"]["weight"]) == (False, 0)
    assert questions["y"]["show_if"] == {"var": "r"}
    assert (questions["n"]["pass_max"], questions["n"]["unit"], questions["n"]["scored"]) == (
        30,
        "s",
        True,
    )
    assert questions["t"]["comment"] is True and questions["t"]["required"] is True
    assert questions["m"]["max_score"] == 2


def test_competency_falls_back_to_the_section() -> None:
    raw = one_section(q("a", "yes_no"), q("b", "yes_no", competency="teamwork"))
    raw["sections"][0]["competency"] = "service_attitude"
    questions = validate_definition(raw)["sections"][0]["questions"]
    assert [x["competency"] for x in questions] == ["service_attitude", "teamwork"]


def test_photo_required_follows_min_count_and_vice_versa() -> None:
    questions = normalised_questions(q("a", "photo", min_count=1), q("b", "photo", required=True))
    assert (questions["a"]["required"], questions["a"]["min_count"]) == (True, 1)
    assert (questions["b"]["required"], questions["b"]["min_count"]) == (True, 1)


def test_integral_numbers_are_stored_as_ints() -> None:
    questions = normalised_questions(q("y", "yes_no", weight=2.0), q("n", "number", pass_max=30.0))
    assert type(questions["y"]["weight"]) is int and type(questions["n"]["pass_max"]) is int


# ---- fingerprints --------------------------------------------------------------------


def test_sha256_is_over_canonical_utf8_json() -> None:
    definition = validate_definition(one_section(q("y", "yes_no")))
    canonical = json.dumps(
        definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    assert content_sha256(definition) == hashlib.sha256(canonical).hexdigest()
    assert "文本".encode() in canonical


def test_sha256_survives_a_json_round_trip() -> None:
    definition = validate_definition(
        one_section(q("r", "rating"), scale=FORM_SCALE | {"labels": {1: T, 2: T, 10: T}, "max": 10})
    )
    assert content_sha256(json.loads(json.dumps(definition))) == content_sha256(definition)


def test_sha256_ignores_key_order_and_integral_floats_but_not_content() -> None:
    a = one_section(q("y", "yes_no", weight=2))
    b = {k: a[k] for k in reversed(list(a))}
    b["sections"] = [{"questions": [q("y", "yes_no", weight=2.0)], "title": T, "id": "s"}]
    c = one_section(q("y", "yes_no", weight=3))
    sha = content_sha256
    assert sha(validate_definition(a)) == sha(validate_definition(b))
    assert sha(validate_definition(a)) != sha(validate_definition(c))


# ---- files ---------------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", "key: t\ntitle: {en: a, zh-CN: b\nsections: []\n")
    with pytest.raises(FormDefinitionError) as info:
        load_form_file(path, None)
    assert info.value.errors[0].startswith(f"{path}: line ")
    assert "invalid YAML" in info.value.errors[0]


def test_duplicate_yaml_keys_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", "key: t\nkey: u\n")
    with pytest.raises(FormDefinitionError) as info:
        load_form_file(path, None)
    assert "line 2" in info.value.errors[0] and "duplicate key 'key'" in info.value.errors[0]


def test_key_must_match_file_name(tmp_path: Path) -> None:
    text = json.dumps(one_section(q("y", "yes_no")), ensure_ascii=False)
    path = write(tmp_path, "other.yaml", text)
    with pytest.raises(FormDefinitionError) as info:
        load_form_file(path, None)
    assert info.value.errors == [f"{path}: key: Must match the file name 'other' (got 't')."]


def test_check_files_uses_the_catalogue_beside_the_form(tmp_path: Path) -> None:
    write(
        tmp_path,
        "competencies.yaml",
        "competencies:\n  - {key: teamwork, name: {en: T, zh-CN: 团队}, "
        "description: {en: D, zh-CN: 描述}}\n",
    )
    raw = one_section(q("y", "yes_no", competency="charisma"))
    form = write(tmp_path, "t.yaml", json.dumps(raw))
    assert check_files([form]) == [
        f"{form}: sections[0].questions[0].competency: "
        "Unknown competency 'charisma' (not in the competency catalogue)."
    ]


def test_check_files_reports_every_file(tmp_path: Path) -> None:
    bad = write(tmp_path, "t.yaml", json.dumps(one_section(q("y", "yes_no", weight=-1))))
    missing = tmp_path / "absent.yaml"
    errors = check_files([bad, missing])
    assert (
        errors[0] == f"{bad}: sections[0].questions[0].weight: Must be greater than or equal to 0."
    )
    assert errors[1].startswith(f"{missing}: cannot read file")


def test_competency_catalogue_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "competencies.yaml",
        "competencies:\n"
        "  - {key: teamwork, name: {en: T, zh-CN: 团队}, description: {en: D}}\n"
        "  - {key: teamwork, name: {en: T, zh-CN: 团队}, "
        "description: {en: D, zh-CN: 描述}}\n",
    )
    assert check_files([path]) == [
        f"{path}: competencies[0].description.zh-CN: Missing data for required field."
    ]
    path.write_text(
        path.read_text().replace("description: {en: D}}", "description: {en: D, zh-CN: 描述}}")
    )
    assert check_files([path]) == [
        f"{path}: competencies[1].key: Duplicate competency key 'teamwork'."
    ]


# ---- shipped content -----------------------------------------------------------------


def shipped(key: str) -> dict[str, Any]:
    catalogue = forms.load_competencies(FORMS_DIR / "competencies.yaml")
    return load_form_file(FORMS_DIR / f"{key}.yaml", catalogue)


def test_shipped_files_pass_check() -> None:
    files = sorted(FORMS_DIR.glob("*.yaml"))
    assert {p.stem for p in files} >= {*SHIPPED, "competencies"}
    assert check_files(files) == []


@pytest.mark.parametrize("key", SHIPPED)
def test_shipped_section_weights_sum_to_100(key: str) -> None:
    assert sum(s["weight"] for s in shipped(key)["sections"]) == 100


def test_shipped_catalogue_has_the_service_competencies() -> None:
    catalogue = forms.load_competencies(FORMS_DIR / "competencies.yaml")
    assert {
        "proactive_communication",
        "problem_solving",
        "service_attitude",
        "professionalism",
        "etiquette_appearance",
    } <= set(catalogue)


def test_service_360_content() -> None:
    definition = shipped("service-360")
    assert set(definition["relationships"]) == {"self", "peer", "supervisor", "subordinate"}
    questions = [x for s in definition["sections"] for x in s["questions"]]
    assert all(x["self_label"] is not None for x in questions)
    ratings = [x for x in questions if x["type"] == "rating"]
    assert 20 <= len(ratings) <= 25
    assert {x["id"] for x in questions if x["type"] == "text" and x["comment"]} == {
        "strengths",
        "improvements",
    }
    assert any(x["allow_na"] for x in ratings)


def test_customer_satisfaction_content() -> None:
    definition = shipped("customer-satisfaction")
    questions = {x["id"]: x for s in definition["sections"] for x in s["questions"]}
    assert definition["relationships"] == ["customer"] and 5 <= len(questions) <= 10
    assert questions["recommend"]["scale"]["min"] == 0
    assert questions["recommend"]["scale"]["max"] == 10
    assert questions["overall_satisfaction"]["scale"]["max"] == 5
    assert sum(x["comment"] for x in questions.values() if x["type"] == "text") == 1


def test_mystery_shop_content() -> None:
    definition = shipped("mystery-shop-store")
    questions = {x["id"]: x for s in definition["sections"] for x in s["questions"]}
    assert sum(x["critical"] for x in questions.values()) >= 2
    assert questions["receipt_photo"]["min_count"] == 1
    assert questions["storefront_photo"]["required"] is True
    assert questions["wait_seconds"]["pass_max"] == 30
    assert {x["type"] for x in questions.values()} >= {
        "choice",
        "datetime",
        "number",
        "text",
        "photo",
        "yes_no",
        "rating",
    }
    phone = visible_questions(definition, {"visit_type": "phone"})
    assert "receipt_photo" not in phone and "rings_before_answer" in phone


def test_daily_self_check_content() -> None:
    definition = shipped("daily-self-check")
    scored = [x for s in definition["sections"] for x in s["questions"] if x["scored"]]
    assert len(scored) == 5 and all(x["type"] == "yes_no" for x in scored)


# ---- skip logic ----------------------------------------------------------------------


def chain_definition() -> dict[str, Any]:
    return validate_definition(
        one_section(
            q("c", "yes_no", show_if={"==": [{"var": "b"}, "yes"]}),
            q(
                "b",
                "choice",
                show_if={"var": "a"},
                options=[{"value": "yes", "label": T}, {"value": "no", "label": T2}],
            ),
            q("a", "yes_no"),
            q("d", "text", show_if={"==": [{"var": ["b", "unset"]}, "unset"]}),
        )
    )


def test_visible_questions_follow_answers() -> None:
    definition = chain_definition()
    assert visible_questions(definition, {"a": True, "b": "yes"}) == {"a", "b", "c"}
    assert visible_questions(definition, {"a": True, "b": "no"}) == {"a", "b"}


def test_hidden_question_values_count_as_null_in_cascade() -> None:
    definition = chain_definition()
    # b keeps a stale "yes" but is hidden by a = false, so c must hide too.
    assert visible_questions(definition, {"a": False, "b": "yes", "c": True}) == {"a", "d"}


def test_unanswered_questions_read_as_absent_so_var_defaults_apply() -> None:
    definition = chain_definition()
    assert visible_questions(definition, {}) == {"a", "d"}
    assert visible_questions(definition, {"a": True, "b": None}) == {"a", "b", "d"}


def test_a_rule_that_fails_on_the_answers_shows_its_question() -> None:
    definition = validate_definition(
        one_section(
            q("a", "number"), q("b", "yes_no", show_if={">": [{"/": [1, {"var": "a"}]}, 2]})
        )
    )
    assert visible_questions(definition, {"a": 0}) == {"a", "b"}
    assert visible_questions(definition, {"a": 1}) == {"a"}


def test_cases_shared_with_the_pwa_evaluator() -> None:
    cases = json.loads((FORMS_DIR / "jsonlogic_cases.json").read_text(encoding="utf-8"))
    assert len(cases) >= 40
    assert len({c["name"] for c in cases}) == len(cases)
    for case in cases:
        result = evaluate(case["rule"], case["data"])
        assert result == case["expected"], case["name"]
        assert (type(result) is bool) == (type(case["expected"]) is bool), case["name"]
