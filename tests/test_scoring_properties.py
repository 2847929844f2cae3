"""Hypothesis properties of scoring and aggregation (SPEC §14)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.services.scoring import aggregation
from server.services.scoring.aggregation import Facts
from server.services.scoring.anonymity import thresholds_for
from server.services.scoring.scoring import score_submission
from tests.factories import bi, definition, section

POLICIES = st.sampled_from(["section_zero", "form_zero", "flag_only"])


def _question(draw: Any, qid: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["rating", "yes_no", "choice", "multi_choice", "number"]))
    q: dict[str, Any] = {
        "id": qid,
        "type": kind,
        "label": bi(qid),
        "allow_na": True,
        "weight": draw(st.integers(0, 5)),
        "critical": draw(st.booleans()),
    }
    if kind in ("choice", "multi_choice"):
        q["options"] = [
            {
                "value": f"o{k}",
                "label": bi(f"o{k}"),
                "score": draw(st.integers(1 if k == 0 else 0, 4)),
            }
            for k in range(draw(st.integers(2, 4)))
        ]
    if kind == "number":
        q["pass_max"] = draw(st.integers(0, 50))
    return q


@st.composite
def forms(draw: Any) -> dict[str, Any]:
    sections = []
    for s in range(draw(st.integers(1, 3))):
        qs = [_question(draw, f"s{s}q{k}") for k in range(draw(st.integers(2, 4)))]
        sections.append(
            section(
                f"s{s}",
                qs,
                weight=draw(st.integers(1 if s == 0 else 0, 50)),
                competency=f"c{s % 2}",
            )
        )
    return definition(sections)


def _answer(draw: Any, q: dict[str, Any]) -> Any:
    kind = q["type"]
    if kind == "rating":
        return draw(st.integers(1, 5))
    if kind == "yes_no":
        return draw(st.booleans())
    if kind == "choice":
        return draw(st.sampled_from([o["value"] for o in q["options"]]))
    if kind == "multi_choice":
        return draw(st.lists(st.sampled_from([o["value"] for o in q["options"]]), unique=True))
    return draw(st.integers(0, 100))


@st.composite
def filled(draw: Any) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    d = draw(forms())
    answers, na = {}, []
    for s in d["sections"]:
        for q in s["questions"]:
            choice = draw(st.sampled_from(["answer", "answer", "na", "skip"]))
            if choice == "answer":
                answers[q["id"]] = _answer(draw, q)
            elif choice == "na":
                na.append(q["id"])
    return d, answers, na


def _all_scores(r: Any) -> list[float]:
    values = [r.form_score, *r.section_scores.values(), *r.competency_scores.values()]
    return [v for v in values if v is not None]


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(filled(), POLICIES)
def test_property_every_score_between_0_and_100(data: Any, policy: str) -> None:
    d, answers, na = data
    r = score_submission(d, answers, na, policy)
    assert all(0.0 <= v <= 100.0 for v in _all_scores(r))
    assert all(i.score is None or 0.0 <= i.score <= 1.0 for i in r.items)
    assert (r.outcome == "fail") == bool(r.critical_failures)


@SETTINGS
@given(filled(), POLICIES, st.data())
def test_property_adding_an_na_answer_changes_nothing(data: Any, policy: str, extra: Any) -> None:
    d, answers, na = data
    before = score_submission(d, answers, na, policy)
    unanswered = [
        q["id"]
        for s in d["sections"]
        for q in s["questions"]
        if q["id"] not in answers and q["id"] not in na
    ]
    if not unanswered:
        return
    qid = extra.draw(st.sampled_from(unanswered))
    after = score_submission(d, answers, [*na, qid], policy)
    assert after.form_score == before.form_score
    assert after.section_scores == before.section_scores
    assert after.competency_scores == before.competency_scores
    assert after.critical_failures == before.critical_failures


RELS = st.sampled_from(["self", "supervisor", "peer", "subordinate", "customer"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(RELS, st.floats(0, 100), st.floats(0, 100)), max_size=14),
    st.randoms(use_true_random=False),
)
def test_property_permuting_raters_changes_nothing(raters: list, rnd: Any) -> None:
    t = thresholds_for(None)
    facts = [Facts(str(k), 1, rel, f, {"c": c}, 1) for k, (rel, f, c) in enumerate(raters)]
    shuffled = facts[:]
    rnd.shuffle(shuffled)
    a, b = aggregation.row_figures(facts, t), aggregation.row_figures(shuffled, t)
    assert a.decisions == b.decisions
    assert a.form_scores.keys() == b.form_scores.keys()
    for row, (mean, n) in a.form_scores.items():
        assert b.form_scores[row][1] == n
        assert abs(b.form_scores[row][0] - mean) < 1e-9
    for row, (mean, _) in a.competencies.get("c", {}).items():
        assert abs(b.competencies["c"][row][0] - mean) < 1e-9
