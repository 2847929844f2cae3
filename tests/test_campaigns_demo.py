"""`flask demo` builds the four demo campaigns through the real services, idempotently."""

from __future__ import annotations

from sqlalchemy import func, select

from server.extensions import db
from server.models import ActionItem, Assignment, Attachment, Campaign, Submission
from server.services import review


def counts() -> tuple[int, int, int]:
    return (db.session.scalar(select(func.count()).select_from(Submission)),
            db.session.scalar(select(func.count()).select_from(Assignment)),
            db.session.scalar(select(func.count()).select_from(Attachment)))


def test_demo_campaigns(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    by_name = {c.name["en"]: c for c in db.session.scalars(select(Campaign))}
    assert by_name["2026 H1 service 360"].status == "released"
    current = by_name["2026 H2 service 360"]
    assert current.status == "closed"
    rows = db.session.execute(select(Assignment.status, func.count()).where(
        Assignment.campaign_id == current.id).group_by(Assignment.status)).all()
    done = dict(rows)
    assert 0.7 < done["submitted"] / sum(done.values()) < 0.9
    visits = db.session.execute(select(Submission.status, func.count()).where(
        Submission.relationship == "mystery_shopper").group_by(Submission.status)).all()
    assert dict(visits) == {"approved": 7, "received": 1, "rejected": 1}
    assert db.session.scalar(select(func.count()).where(
        ActionItem.kind == "critical_failure")) >= 1
    customer = db.session.scalar(select(func.count()).where(
        Submission.relationship == "customer"))
    assert customer > 80
    texts = [v for s in db.session.scalars(select(Submission.answers).where(
        Submission.campaign_id == current.id)) for v in s.values() if isinstance(v, str)]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)
    assert any(t.isascii() and " " in t for t in texts)
    # one employee's peer group stays below the threshold; trends exist
    from server.models import User
    thin = db.session.scalar(select(User).where(User.email == "staff212@demo.example"))
    data = review.build_review(db.session, current.id, thin.id, audience="hr")
    peer = next(r for r in data["rows"] if r["key"] == "peer")
    assert peer["n"] == 2 and peer["visible"] is False
    assert data["trend"] is not None
    before = counts()
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and counts() == before
