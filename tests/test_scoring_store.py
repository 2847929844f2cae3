"""SPEC §5 scoring: apply_scores: Submission score columns and ItemScore rows, re-creatable."""

from __future__ import annotations

from sqlalchemy import select

from server.extensions import db
from server.models import ItemScore
from server.services.scoring import scoring
from tests.factories import (
    add_submission,
    campaign_and_form,
    definition,
    make_user,
    q_yes_no,
    section,
)


def ko_form() -> dict:
    return definition(
        [
            section("a", [q_yes_no("a1"), q_yes_no("ko", critical=True)], competency="c"),
            section("b", [q_yes_no("b1", allow_na=True)], competency="d"),
        ],
        critical_policy="section_zero",
    )


def test_apply_scores_fills_columns_and_items(app) -> None:
    subject = make_user()
    campaign, fv = campaign_and_form(ko_form())
    sub = add_submission(campaign, fv, subject.id, "peer", {"a1": True, "ko": False}, na=["b1"])
    assert sub.form_score == 0.0 and sub.outcome == "fail"
    assert sub.critical_failures == ["ko"]
    assert sub.section_scores == {"a": 0.0, "b": None}
    assert sub.competency_scores == {"c": 50.0, "d": None}
    rows = db.session.scalars(select(ItemScore).order_by(ItemScore.question_id)).all()
    assert [(r.question_id, r.counted, r.is_na, r.score) for r in rows] == [
        ("a1", True, False, 1.0),
        ("b1", False, True, None),
        ("ko", True, False, 0.0),
    ]
    assert {(r.campaign_id, r.subject_id, r.relationship) for r in rows} == {
        (campaign.id, subject.id, "peer")
    }


def test_campaign_policy_overrides_form(app) -> None:
    subject = make_user()
    campaign, fv = campaign_and_form(ko_form(), critical_policy="flag_only")
    sub = add_submission(campaign, fv, subject.id, "peer", {"a1": True, "ko": False, "b1": True})
    assert sub.form_score == 75.0 and sub.outcome == "fail"


def test_apply_scores_twice_replaces_items(app) -> None:
    subject = make_user()
    campaign, fv = campaign_and_form(ko_form())
    sub = add_submission(campaign, fv, subject.id, "peer", {"a1": True, "ko": True, "b1": True})
    scoring.apply_scores(db.session, sub, fv.definition, "flag_only")
    db.session.commit()
    assert db.session.query(ItemScore).count() == 3
    assert sub.form_score == 100.0
