"""Issue 16 §4 shopper quality: the rating from HR's review decisions (first time, returned,
closed as rejected, late), its formula, range and monotonicity (hypothesis)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from server.extensions import db
from server.models import Submission
from server.services.jobs import rating
from server.services.visits import timers, visits
from tests.timers_scene import DEFAULTS, T0, hr_return, report, scene

POINTS = st.lists(st.sampled_from([0, 2, 3, 4, 5]), max_size=60)


@given(POINTS)
def test_rating_stays_between_0_and_5(points):
    assert 0.0 <= rating.rating_from(points) <= 5.0


@given(POINTS)
def test_one_more_first_time_approval_never_lowers_the_rating(points):
    assert rating.rating_from([*points, 5]) >= rating.rating_from(points)


@given(POINTS)
def test_one_more_rejection_never_raises_the_rating(points):
    assert rating.rating_from([*points, 0]) <= rating.rating_from(points)


def test_formula_worked_examples():
    assert rating.rating_from([]) == 3.0  # no history: the prior
    assert rating.rating_from([5]) == round((5 + 6) / 3, 2) == 3.67
    assert rating.rating_from([5, 5, 5, 5, 5, 5, 5, 5]) == 4.6
    assert rating.visit_points("first_time", late=True) == 4
    assert rating.visit_points("returned", late=False) == 3
    assert rating.visit_points("rejected", late=True) == 0


def _approve(s, sub):
    visits.review(db.session, s["hr"][0], sub, {"decision": "approve"})
    db.session.commit()


def test_decisions_on_the_shoppers_visits_make_the_rating(app):
    first = scene()
    _approve(first, report(first, T0))
    shopper = first["shopper"]
    assert rating.rating_of(db.session, shopper.id) == {
        "rating": 3.67,
        "visits": 1,
        "provisional": True,
    }
    returned = scene()
    returned["visit"].rater_id = shopper.id
    db.session.commit()
    sub = report(returned, T0)
    hr_return(returned, sub, T0 + timedelta(hours=1))
    assert rating.rating_of(db.session, shopper.id)["visits"] == 1  # returned: not yet decided
    again = report(returned, T0 + timedelta(hours=2), replaces=sub.id)
    _approve(returned, again)
    assert rating.points_of(db.session, [shopper.id])[shopper.id] == [5, 3]


def test_auto_accepted_counts_as_first_time_and_closed_rejected_as_zero(app):
    accepted = scene()
    report(accepted, T0)
    closed = scene()
    closed["visit"].rater_id = accepted["shopper"].id
    db.session.commit()
    sub = report(closed, T0)
    hr_return(closed, sub, T0 + timedelta(hours=1))
    timers.run_timers(db.session, T0 + timedelta(hours=200), DEFAULTS)
    points = rating.points_of(db.session, [accepted["shopper"].id])[accepted["shopper"].id]
    assert sorted(points) == [0, 5]


def test_a_late_report_costs_a_point(app):
    s = scene()
    sub = report(s, T0)
    db.session.get(Submission, sub.id).is_late = True
    db.session.commit()
    _approve(s, sub)
    assert rating.points_of(db.session, [s["shopper"].id])[s["shopper"].id] == [4]
    assert uuid.UUID(sub.id)
