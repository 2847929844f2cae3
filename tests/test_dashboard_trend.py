"""Issue 15 dashboard, found by looking at it: the trend over cycles of a 360 listed a
daily self-check of the same kind as its earlier cycle (an empty point labelled like the
campaign itself). Earlier cycles are campaigns of the kind asking the same relationships."""

from __future__ import annotations

from datetime import date
from typing import Any

from server.extensions import db
from server.services.dashboard import dashboard
from tests.factories import add_submission, make_campaign
from tests.test_dashboard import ANSWERS, _world


def test_trend_leaves_out_campaigns_asking_other_relationships(app: Any) -> None:
    w = _world((3,))
    earlier = make_campaign(form=w["fv"], status="released", period_end=date(2025, 12, 31))
    for e in w["units"][0]["staff"]:
        add_submission(earlier, w["fv"], e.id, "supervisor", ANSWERS, rater_id=w["boss"].id)
    self_check = make_campaign(
        form=w["fv"], groups=["self"], status="closed", period_end=date(2026, 11, 30)
    )
    db.session.commit()
    trend = dashboard.build_dashboard(db.session, w["campaign"].id)["trend"]
    ids = [t["campaign"]["id"] for t in trend]
    assert self_check.id not in ids
    assert ids == [earlier.id, w["campaign"].id]
