"""A scenario's certification holds from the moment its quiz was passed, for that shopper and
that scenario only (server/services/certification/status.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.services.certification import status
from tests.factories import make_user

PASSED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_a_pass_certifies_from_its_time_on(app):
    shopper = make_user(role="shopper")
    status.record_pass(db.session, shopper.id, "returns-desk", 90.0, PASSED)
    db.session.commit()
    assert status.is_certified(db.session, shopper.id, "returns-desk", PASSED)
    assert status.is_certified(db.session, shopper.id, "returns-desk", PASSED + timedelta(days=9))
    assert not status.is_certified(
        db.session, shopper.id, "returns-desk", PASSED - timedelta(seconds=1)
    )


def test_a_pass_is_for_one_shopper_and_one_scenario(app):
    shopper, other = make_user(role="shopper"), make_user(role="shopper")
    status.record_pass(db.session, shopper.id, "returns-desk", 80.0, PASSED)
    db.session.commit()
    later = PASSED + timedelta(days=1)
    assert not status.is_certified(db.session, other.id, "returns-desk", later)
    assert not status.is_certified(db.session, shopper.id, "fitting-room", later)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offsets=st.lists(st.integers(-1000, 1000), max_size=4), probe=st.integers(-2000, 2000))
def test_certified_exactly_when_some_pass_is_not_later(app, offsets, probe):
    shopper = make_user(role="shopper")
    for minutes in offsets:
        status.record_pass(db.session, shopper.id, "s", 75.0, PASSED + timedelta(minutes=minutes))
    db.session.commit()
    expected = any(minutes <= probe for minutes in offsets)
    assert (
        status.is_certified(db.session, shopper.id, "s", PASSED + timedelta(minutes=probe))
        is expected
    )
