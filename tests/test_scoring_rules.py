"""SPEC §5 scoring rules, each worked example literally, named after the rule."""

from __future__ import annotations

from typing import Any

import pytest

from server.services.scoring.scoring import question_score, score_submission
from tests.factories import bi, definition, q_rating, q_text, q_yes_no, section


def yn(qid: str, **kw: Any) -> dict[str, Any]:
    return q_yes_no(qid, **kw)


# --- Worked example 1: N/A leaves numerator and denominator -------------------------------


def test_example1_na_removed_from_numerator_and_denominator() -> None:
    d = definition(
        [section("s", [yn("q1", weight=5), yn("q2", weight=3, allow_na=True), yn("q3", weight=2)])]
    )
    r = score_submission(d, {"q1": True, "q3": False}, ["q2"])
    assert r.section_scores["s"] == pytest.approx(100 * 5 / 7)
    assert round(r.form_score, 2) == 71.43
    assert r.form_score != 50


def test_na_with_an_answer_still_removed() -> None:
    d = definition(
        [section("s", [yn("q1", weight=5), yn("q2", weight=3, allow_na=True), yn("q3", weight=2)])]
    )
    r = score_submission(d, {"q1": True, "q2": False, "q3": False}, ["q2"])
    assert r.form_score == pytest.approx(100 * 5 / 7)
    item = next(i for i in r.items if i.question_id == "q2")
    assert item.is_na and not item.counted and item.score is None


def test_unanswered_optional_question_removed() -> None:
    d = definition([section("s", [yn("q1"), yn("q2", required=False)])])
    assert score_submission(d, {"q1": True}, []).form_score == 100.0


# --- Worked example 2/3: sections renormalised, critical policies ---------------------------


def three_sections(knockout: bool = False) -> dict[str, Any]:
    service = section("service", [yn(f"sv{i}") for i in range(5)], weight=50)
    clean_qs = [yn("cl1")] + ([yn("ko", weight=0, critical=True)] if knockout else [])
    clean = section("clean", clean_qs, weight=30)
    product = section("product", [yn("p1", allow_na=True), yn("p2", allow_na=True)], weight=20)
    return definition([service, clean, product])


BASE_ANSWERS = {
    "sv0": True,
    "sv1": True,
    "sv2": True,
    "sv3": True,
    "sv4": False,
    "cl1": True,
    "p1": True,
    "p2": False,
}


def test_example2_section_weights() -> None:
    r = score_submission(three_sections(), BASE_ANSWERS, [])
    assert r.section_scores == {"service": 80.0, "clean": 100.0, "product": 50.0}
    assert r.form_score == pytest.approx(80.0)
    assert r.outcome == "pass" and r.critical_failures == []


def test_example2_na_section_renormalised() -> None:
    answers = {k: v for k, v in BASE_ANSWERS.items() if not k.startswith("p")}
    r = score_submission(three_sections(), answers, ["p1", "p2"])
    assert r.section_scores["product"] is None
    assert r.form_score == pytest.approx(87.5)


@pytest.mark.parametrize(
    ("policy", "expected"), [("section_zero", 50.0), ("form_zero", 0.0), ("flag_only", 80.0)]
)
def test_example3_critical_knockout_policies(policy: str, expected: float) -> None:
    r = score_submission(three_sections(knockout=True), {**BASE_ANSWERS, "ko": False}, [], policy)
    assert r.form_score == pytest.approx(expected)
    assert r.outcome == "fail"
    assert r.critical_failures == ["ko"]


def test_section_zero_applies_to_section_without_other_counting_question() -> None:
    d = definition(
        [
            section("a", [yn("a1")], weight=1),
            section("b", [yn("ko", weight=0, critical=True)], weight=1),
        ]
    )
    r = score_submission(d, {"a1": True, "ko": False}, [], "section_zero")
    assert r.section_scores["b"] == 0.0
    assert r.form_score == pytest.approx(50.0)
    passed = score_submission(d, {"a1": True, "ko": True}, [], "section_zero")
    assert passed.section_scores["b"] is None and passed.form_score == 100.0


def test_policy_defaults_to_the_form_and_override_wins() -> None:
    d = definition([section("a", [yn("a1"), yn("ko", critical=True)])], critical_policy="form_zero")
    assert score_submission(d, {"a1": True, "ko": False}, []).form_score == 0.0
    assert score_submission(d, {"a1": True, "ko": False}, [], "flag_only").form_score == 50.0


def test_critical_na_or_hidden_is_not_a_failure() -> None:
    d = definition(
        [
            section(
                "a",
                [
                    yn("gate"),
                    yn("ko", critical=True, allow_na=True, show_if={"==": [{"var": "gate"}, True]}),
                ],
            )
        ]
    )
    assert score_submission(d, {"gate": True}, ["ko"]).outcome == "pass"
    hidden = score_submission(d, {"gate": False, "ko": False}, [])
    assert hidden.outcome == "pass" and hidden.critical_failures == []


def test_critical_competency_not_affected_by_policy() -> None:
    d = definition([section("a", [yn("a1"), yn("ko", critical=True)], competency="c")])
    r = score_submission(d, {"a1": True, "ko": False}, [], "form_zero")
    assert r.competency_scores == {"c": 50.0}


# --- Worked example 4: choice scored against the highest option -----------------------------


def choice_def() -> dict[str, Any]:
    opts = [{"value": v, "label": bi(v), "score": s} for v, s in (("A", 2), ("B", 1), ("C", 0))]
    return definition(
        [section("s", [{"id": "c", "type": "choice", "label": bi("c"), "options": opts}])]
    )


@pytest.mark.parametrize(("pick", "s"), [("A", 1.0), ("B", 0.5), ("C", 0.0)])
def test_example4_choice_divided_by_highest_option(pick: str, s: float) -> None:
    d = choice_def()
    assert question_score(d["sections"][0]["questions"][0], pick) == s
    assert score_submission(d, {"c": pick}, []).form_score == 100 * s


def test_unknown_choice_option_does_not_count() -> None:
    r = score_submission(choice_def(), {"c": "Z"}, [])
    assert r.form_score is None and not r.items[0].counted


# --- Worked example 5: ratings on their scale ---------------------------------------------


def test_example5_rating_on_1_to_5_and_1_to_7() -> None:
    d = definition([section("s", [q_rating("r5"), q_rating("r7", scale={"min": 1, "max": 7})])])
    r = score_submission(d, {"r5": 4}, [])
    assert r.form_score == 75.0
    r = score_submission(d, {"r7": 4}, [])
    assert r.form_score == 50.0


def test_rating_outside_scale_does_not_count() -> None:
    d = definition([section("s", [q_rating("r")])])
    assert score_submission(d, {"r": 9}, []).form_score is None


# --- Other types -----------------------------------------------------------------------------


def multi_def(max_score: int | None = None) -> dict[str, Any]:
    opts = [{"value": v, "label": bi(v), "score": s} for v, s in (("x", 2), ("y", 2), ("z", 1))]
    q: dict[str, Any] = {"id": "m", "type": "multi_choice", "label": bi("m"), "options": opts}
    if max_score is not None:
        q["max_score"] = max_score
    return definition([section("s", [q])])


def test_multi_choice_capped_by_max_score() -> None:
    assert score_submission(multi_def(3), {"m": ["x", "y"]}, []).form_score == 100.0
    assert score_submission(multi_def(3), {"m": ["z"]}, []).form_score == pytest.approx(100 / 3)


def test_multi_choice_default_max_is_sum_of_scores() -> None:
    assert score_submission(multi_def(), {"m": ["x", "z"]}, []).form_score == 60.0
    assert score_submission(multi_def(), {"m": []}, []).form_score == 0.0


def test_number_bounds_score_one_inside_zero_outside() -> None:
    d = definition(
        [section("s", [{"id": "wait", "type": "number", "label": bi("w"), "pass_max": 30}])]
    )
    assert score_submission(d, {"wait": 30}, []).form_score == 100.0
    assert score_submission(d, {"wait": 31}, []).form_score == 0.0
    item = score_submission(d, {"wait": 12.5}, []).items[0]
    assert item.value_num == 12.5


def test_yes_no_pass_value_false() -> None:
    d = definition([section("s", [yn("complaint", pass_value=False)])])
    assert score_submission(d, {"complaint": False}, []).form_score == 100.0
    assert score_submission(d, {"complaint": True}, []).form_score == 0.0


def test_unscored_types_have_no_score() -> None:
    d = definition([section("s", [yn("a"), q_text("t", comment=True)])])
    r = score_submission(d, {"a": True, "t": "great"}, [])
    assert [i.question_id for i in r.items] == ["a"]


def test_hidden_question_never_counts() -> None:
    d = definition(
        [section("s", [yn("in_store"), yn("greet", show_if={"==": [{"var": "in_store"}, True]})])]
    )
    r = score_submission(d, {"in_store": False, "greet": False}, [])
    assert r.form_score == 0.0  # only in_store (answered "no") counts
    greet = next(i for i in r.items if i.question_id == "greet")
    assert not greet.counted


def test_hidden_question_shown_counts() -> None:
    d = definition(
        [section("s", [yn("in_store"), yn("greet", show_if={"==": [{"var": "in_store"}, True]})])]
    )
    assert score_submission(d, {"in_store": True, "greet": False}, []).form_score == 50.0


def test_competency_scores_per_submission() -> None:
    d = definition(
        [
            section(
                "a",
                [q_rating("r1", weight=3), q_rating("r2", competency="other")],
                competency="main",
            ),
            section("b", [yn("y1")], competency="main"),
        ]
    )
    r = score_submission(d, {"r1": 5, "r2": 1, "y1": False}, [])
    assert r.competency_scores["main"] == pytest.approx(100 * 3 / 4)
    assert r.competency_scores["other"] == 0.0


def test_full_precision_kept() -> None:
    d = definition([section("s", [yn("a"), yn("b"), yn("c")])])
    r = score_submission(d, {"a": True, "b": False, "c": False}, [])
    assert r.form_score == 100 / 3
