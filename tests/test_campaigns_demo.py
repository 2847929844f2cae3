"""`flask demo` builds the four demo campaigns through the real services, idempotently."""

from __future__ import annotations

from sqlalchemy import func, select

from server.extensions import db
from server.models import (
    ActionItem,
    Assignment,
    Attachment,
    AuditEvent,
    Campaign,
    Submission,
    User,
)
from server.services import review

RATERS_360 = ("self", "supervisor", "peer", "subordinate")


def counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Submission)),
        db.session.scalar(select(func.count()).select_from(Assignment)),
        db.session.scalar(select(func.count()).select_from(Attachment)),
    )


def test_demo_campaigns(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    by_name = {c.name["en"]: c for c in db.session.scalars(select(Campaign))}
    assert by_name["2026 H1 service 360"].status == "released"
    current = by_name["2026 H2 service 360"]
    assert (current.kind, current.status) == ("mixed", "released")
    rows = db.session.execute(
        select(Assignment.status, func.count())
        .where(Assignment.campaign_id == current.id, Assignment.relationship.in_(RATERS_360))
        .group_by(Assignment.status)
    ).all()
    done = dict(rows)
    assert 0.7 < done["submitted"] / sum(done.values()) < 0.9
    mystery, customer_campaign = (
        by_name["November 2026 store visits"],
        by_name["2026 Q4 customer satisfaction"],
    )
    assert {mystery.status, customer_campaign.status} == {"open"}
    assert _statuses(mystery.id, "mystery_shopper") == {"approved": 7, "received": 1, "rejected": 1}
    assert _statuses(current.id, "mystery_shopper") == {"approved": 4, "received": 1}
    for campaign in (mystery, current):
        assert (
            db.session.scalar(
                select(func.count()).where(
                    ActionItem.campaign_id == campaign.id, ActionItem.kind == "critical_failure"
                )
            )
            >= 1
        )
    assert sum(_statuses(customer_campaign.id, "customer").values()) > 80
    assert sum(_statuses(current.id, "customer").values()) > 40
    assert (
        db.session.scalar(
            select(func.count()).where(
                ActionItem.campaign_id == current.id, ActionItem.kind == "customer_low_rating"
            )
        )
        >= 3
    )
    # released by HR through the campaign service: the audit trail names the actor
    hr = db.session.scalar(select(User).where(User.email == "hr@demo.example"))
    released = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "campaign_released", AuditEvent.object_id == str(current.id)
        )
    ).all()
    assert [e.actor_id for e in released] == [hr.id]
    texts = [
        v
        for s in db.session.scalars(
            select(Submission.answers).where(Submission.campaign_id == current.id)
        )
        for v in s.values()
        if isinstance(v, str)
    ]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)
    assert any(t.isascii() and " " in t for t in texts)
    # one employee's peer group stays below the threshold; trends exist
    thin = db.session.scalar(select(User).where(User.email == "staff212@demo.example"))
    data = review.build_review(db.session, current.id, thin.id, audience="hr")
    peer = next(r for r in data["rows"] if r["key"] == "peer")
    assert peer["visible"] is False and peer["hidden_reason"]
    assert (
        db.session.scalar(
            select(func.count()).where(
                Submission.campaign_id == current.id,
                Submission.subject_id == thin.id,
                Submission.relationship == "peer",
                Submission.status == "received",
            )
        )
        == 2
    )
    assert data["trend"] is not None
    before = counts()
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and counts() == before


def _statuses(campaign_id: int, relationship: str) -> dict[str, int]:
    return dict(
        db.session.execute(
            select(Submission.status, func.count())
            .where(Submission.campaign_id == campaign_id, Submission.relationship == relationship)
            .group_by(Submission.status)
        ).all()
    )


def test_demo_employee_review_has_every_section(runner):
    """The released review of the printed demo employee login fills every REVIEW.md section
    (as the employee sees it, so only visible figures count)."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    current = db.session.scalar(select(Campaign).where(Campaign.kind == "mixed"))
    employee = db.session.scalar(select(User).where(User.email == "staff111@demo.example"))
    data = review.build_review(db.session, current.id, employee.id, audience="employee")
    rows = {r["key"]: r for r in data["rows"]}
    for key in (
        "self",
        "supervisor",
        "peer",
        "colleagues",
        "others",
        "customer",
        "mystery_shopper",
    ):
        assert (
            rows[key]["visible"] and rows[key]["n"] >= 1 and rows[key]["form_score"] is not None
        ), key
    assert rows["customer"]["n"] >= 3
    assert data["overall_index"] is not None
    trend = data["trend"]
    assert trend["previous_campaign"]["name"]["en"] == "2026 H1 service 360"
    assert trend["overall_index_delta"] is not None and trend["rows"]["others"]
    assert data["competencies"] and data["items"]
    assert any("others" in i["rows"] and "self" in i["rows"] for i in data["items"])
    assert any("customer" in i["rows"] for i in data["items"])
    assert len(data["top_items"]) == 5 and len(data["bottom_items"]) == 5
    assert any(v for v in data["gaps"].values())
    shop = data["mystery_shop"]
    assert shop["visible"] and len(shop["visits"]) >= 2 and shop["rollup"]
    assert all(v["photos"] and v["narrative"] for v in shop["visits"])
    assert any(v["critical_failures"] for v in shop["visits"])
    customer = data["customer"]
    assert customer["visible"] and customer["satisfaction"] and customer["recommendation"]
    comments = data["comments"]
    assert {"self", "supervisor", "customer"} <= comments.keys()
    assert {"peer", "colleagues"} & comments.keys()
    texts = [c["text"] for entries in comments.values() for c in entries]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)
    assert any(t.isascii() for t in texts)
    kinds = {a["kind"] for a in data["action_items"]}
    assert kinds >= {"critical_failure", "customer_low_rating"}
