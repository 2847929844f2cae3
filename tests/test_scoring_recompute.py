"""SPEC §5 scoring, §12 command line: `flask scores recompute` re-scores stored submissions after a
rule change."""

from __future__ import annotations

from server.extensions import db
from server.models import ItemScore, Submission
from tests.factories import (
    add_submission,
    campaign_and_form,
    definition,
    make_user,
    q_yes_no,
    section,
)


def test_recompute_applies_a_changed_policy(app, runner) -> None:
    d = definition(
        [section("a", [q_yes_no("a1"), q_yes_no("ko", critical=True)])], critical_policy="flag_only"
    )
    emp = make_user()
    c, fv = campaign_and_form(d)
    other, fv2 = campaign_and_form(d)
    sub = add_submission(c, fv, emp.id, "peer", {"a1": True, "ko": False})
    keep = add_submission(other, fv2, emp.id, "peer", {"a1": True, "ko": False})
    db.session.commit()
    assert sub.form_score == 50.0
    c.critical_policy = "form_zero"
    other.critical_policy = "form_zero"
    db.session.execute(ItemScore.__table__.delete().where(ItemScore.submission_id == sub.id))
    db.session.commit()
    result = runner.invoke(args=["scores", "recompute", "--campaign", str(c.id)])
    assert result.exit_code == 0, result.output
    assert "Recomputed 1 submission(s)." in result.output
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).form_score == 0.0
    assert db.session.get(Submission, keep.id).form_score == 50.0
    assert db.session.query(ItemScore).filter_by(submission_id=sub.id).count() == 2
    result = runner.invoke(args=["scores", "recompute"])
    assert "Recomputed 2 submission(s)." in result.output
    db.session.expire_all()
    assert db.session.get(Submission, keep.id).form_score == 0.0
