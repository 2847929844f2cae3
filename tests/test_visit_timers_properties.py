"""Issue 14 §4 review timers, property-based: over any timer settings and submission times,
the timer decides iff the time elapsed reaches the limit, and at most once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.models import Assignment, Submission
from server.services.campaigns.review_timers import effective, problem
from tests.timers_scene import T0, hr_return, report, run, scene

MINUTES = st.integers(min_value=1, max_value=400 * 60)
SLOW = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def world(app):
    return scene()


@SLOW
@given(limit=MINUTES, elapsed=st.integers(min_value=0, max_value=500 * 60), offset=MINUTES)
def test_auto_accept_happens_iff_the_wait_reaches_the_limit(world, limit, elapsed, offset):
    world["campaign"].review_timers = {"review_hours": limit / 60}
    received = T0 + timedelta(minutes=offset)
    sub = report(world, received)
    now = received + timedelta(minutes=elapsed)
    run(now)
    run(now)  # a second run decides nothing more
    status = db.session.get(Submission, sub.id).status
    assert (status == "approved") == (elapsed >= limit)
    _settle(sub)


@SLOW
@given(limit=MINUTES, elapsed=st.integers(min_value=0, max_value=500 * 60), offset=MINUTES)
def test_auto_reject_happens_iff_no_resubmission_within_the_limit(world, limit, elapsed, offset):
    world["campaign"].review_timers = {"resubmit_hours": limit / 60, "review_timeout": "off"}
    sub = report(world, T0)
    returned = T0 + timedelta(minutes=offset)
    hr_return(world, sub, returned)
    run(returned + timedelta(minutes=elapsed))
    closed = db.session.get(Assignment, world["visit"].id).status == "declined"
    assert closed == (elapsed >= limit)
    _settle(sub)


def _settle(sub: Submission) -> None:
    """Start the next example from a visit with no report (the same visit is reused)."""
    visit = db.session.get(Assignment, sub.assignment_id)
    visit.status = "pending"
    db.session.query(Submission).filter(Submission.id == sub.id).update(
        {"assignment_id": None}, synchronize_session=False
    )
    db.session.commit()


@given(
    st.dictionaries(
        st.sampled_from(["review_hours", "resubmit_hours", "review_reminder_hours"]),
        st.floats(min_value=-10, max_value=10_000, allow_nan=False),
    )
)
def test_hours_settings_are_valid_iff_in_range(values):
    def ok(key: str, v: float) -> bool:
        return (v >= 0 if "reminder" in key else v > 0) and v <= 24 * 366

    assert (problem(values) is None) == all(ok(k, v) for k, v in values.items())
    merged = effective(values if problem(values) is None else None, {})
    assert set(merged) >= {"review_hours", "resubmit_hours", "review_timeout"}
