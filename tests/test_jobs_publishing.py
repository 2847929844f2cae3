"""Issue 16 §1, §4: publishing rules (kind, status, window, a visit with a report), cancel of a
reported visit, a declined application, and a shopper's track record opening a min_rating job."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.domain_errors import Conflict, Invalid
from server.extensions import db
from server.models import Assignment
from server.services.jobs import applications, board, publishing, rules, taking
from server.services.visits import visits
from tests.factories import make_campaign
from tests.jobs_world import DAY, T0, job, world
from tests.timers_scene import report, scene


def test_publish_only_in_draft_or_open_shop_campaigns_with_a_valid_window(app):
    w = world()
    with pytest.raises(Invalid) as err:
        job(w["campaign"], w["hr"], w["near"], window_end=T0)
    assert err.value.details == {"fields": {"window_end": "must_be_after_window_start"}}
    db.session.rollback()
    w["campaign"].status = "closed"
    db.session.commit()
    with pytest.raises(Conflict):
        job(w["campaign"], w["hr"], w["near"])
    db.session.rollback()
    with pytest.raises(Conflict) as err:
        job(make_campaign("360"), w["hr"], w["near"])
    assert err.value.code == "wrong_kind"


def test_a_visit_with_a_report_is_not_offered_nor_cancelled(app):
    s = scene()
    hr = s["hr"][0]
    terms = {"fee_minor": 100, "expense_cap_minor": 0}
    report(s, T0)
    with pytest.raises(Conflict) as err:
        publishing.publish_visit(db.session, hr, s["visit"], terms)
    assert err.value.code == "already_reported"
    db.session.rollback()
    fresh = visits.create_visit(
        db.session,
        None,
        s["campaign"],
        {
            "unit_id": s["unit"].id,
            "shopper_id": s["shopper"].id,
            "window_start": T0 + 3 * DAY,
            "window_end": T0 + 4 * DAY,
        },
    )
    publishing.publish_visit(db.session, hr, fresh, terms)
    publishing.update_settings(db.session, s["campaign"], {"max_per_unit": 2})
    db.session.commit()
    assert db.session.get(Assignment, fresh.id).rater_id is None  # released to the board
    taking.take(db.session, s["shopper"], fresh.id, T0, {})
    s["visit"] = fresh
    report(s, T0 + DAY)
    with pytest.raises(Conflict) as err:
        taking.cancel(db.session, s["shopper"], fresh.id, T0 + DAY)
    assert err.value.code == "already_reported"


def test_a_declined_application_is_not_sent_again(app):
    w = world(mode="approval")
    one = job(w["campaign"], w["hr"], w["near"])
    a = w["shoppers"][0]
    row = applications.apply(db.session, a, one.id, T0)
    applications.decide(db.session, w["hr"], row, "decline", T0)
    db.session.commit()
    with pytest.raises(Conflict) as err:
        applications.apply(db.session, a, one.id, T0)
    assert err.value.code == "already_applied"
    with pytest.raises(Conflict) as err:
        applications.decide(db.session, w["hr"], row, "approve", T0)
    assert err.value.code == "already_decided"


def test_a_track_record_of_first_time_approvals_opens_a_min_rating_job(app):
    s = scene()
    for _ in range(3):
        visits.review(db.session, s["hr"][0], report(s, T0), {"decision": "approve"})
        db.session.commit()
        s["visit"] = visits.create_visit(
            db.session,
            None,
            s["campaign"],
            {
                "unit_id": s["unit"].id,
                "shopper_id": s["shopper"].id,
                "window_start": T0 - timedelta(hours=4),
                "window_end": T0 - timedelta(hours=1),
            },
        )
    db.session.commit()
    w = world()
    picky = job(w["campaign"], w["hr"], w["near"], min_rating=4.0)
    assert rules.unmet(db.session, s["shopper"], picky, picky_offer(picky), T0) == []
    assert [j["id"] for j in board.open_jobs(db.session, s["shopper"], T0)] == [picky.id]


def picky_offer(row: Assignment):
    from server.models import JobOffer

    return db.session.get(JobOffer, row.id)
