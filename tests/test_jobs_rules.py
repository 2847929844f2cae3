"""Issue 16 §1 job board rules as service tests: the board (nearest first, conflicts hidden,
unmet rules shown), first come, the limit per unit per campaign, min rating, certification,
approval mode, scheduling inside the window and the cancel cut-off (time-machine)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from server.domain_errors import Conflict, Invalid, NotFound
from server.extensions import db
from server.models import Assignment, JobConflict, Notification, VisitTerms
from server.services.certification.status import record_pass
from server.services.jobs import applications, board, conflicts, taking
from server.services.notifications import inbox
from tests.factories import make_user
from tests.jobs_world import DAY, HOME, T0, job, store, world

MINUTE = timedelta(minutes=1)


def ids(shopper, at=T0, position=None):
    return [j["id"] for j in board.open_jobs(db.session, shopper, at, position)]


def take(shopper, job_id, at=T0, **data):
    done = taking.take(db.session, shopper, job_id, at, data)
    db.session.commit()
    return done


def test_publish_writes_the_terms_and_lists_nearest_first(app):
    w = world()
    far = job(w["campaign"], w["hr"], w["far"])
    near = job(w["campaign"], w["hr"], w["near"])
    nowhere = job(w["campaign"], w["hr"], store("No position", None, None))
    terms = db.session.get(VisitTerms, near.id)
    assert (terms.fee_minor, terms.expense_cap_minor, terms.currency) == (8000, 3000, "CNY")
    shopper = w["shoppers"][0]
    assert ids(shopper, position=HOME) == [near.id, far.id, nowhere.id]
    conflicts.set_home(db.session, shopper, {"latitude": 31.30, "longitude": 121.60})
    assert ids(shopper) == [far.id, near.id, nowhere.id]  # home is next to "Far"
    first = board.open_jobs(db.session, shopper, T0)[0]
    assert first["distance_m"] < 100 and first["unmet"] == [] and first["fee_minor"] == 8000


def test_a_taken_job_leaves_the_board_and_a_second_shopper_is_refused(app):
    w = world()
    one = job(w["campaign"], w["hr"], w["near"])
    a, b = w["shoppers"]
    take(a, one.id)
    assert ids(b) == [] and ids(a) == []
    with pytest.raises(Conflict) as err:
        take(b, one.id)
    assert err.value.code == "job_taken"
    assert db.session.get(Assignment, one.id).rater_id == a.id
    assert [j["id"] for j in board.my_jobs(db.session, a)] == [one.id]
    assert board.my_jobs(db.session, b) == []


def test_ended_windows_and_closed_campaigns_are_not_on_the_board(app):
    w = world()
    one = job(w["campaign"], w["hr"], w["near"])
    assert ids(w["shoppers"][0], at=T0 + 6 * DAY) == []
    w["campaign"].status = "closed"
    db.session.commit()
    assert ids(w["shoppers"][0]) == [] and one.id


def test_conflict_list_and_own_unit_hide_the_job_and_refuse_it(app):
    w = world()
    hr_listed = job(w["campaign"], w["hr"], w["near"])
    region = store("Region", None, None, path="Co/Region")
    branch = store("Branch", 31.0, 121.0, path="Co/Region/Branch", parent_id=region.id)
    employed = job(w["campaign"], w["hr"], branch)
    a = w["shoppers"][0]
    conflicts.add(db.session, w["hr"], {"shopper_id": a.id, "unit_id": w["near"].id})
    moonlighter = make_user(role="shopper", unit_id=region.id)
    db.session.commit()
    assert hr_listed.id not in ids(a) and employed.id in ids(a)
    assert employed.id not in ids(moonlighter)
    for shopper, row in ((a, hr_listed), (moonlighter, employed)):
        with pytest.raises(Conflict) as err:
            take(shopper, row.id)
        assert err.value.code == "unit_conflict"
    assert db.session.scalar(select(JobConflict.unit_id)) == w["near"].id


def test_at_most_n_visits_of_a_unit_per_shopper_per_campaign(app):
    w = world(max_per_unit=2)
    rows = [job(w["campaign"], w["hr"], w["near"], T0 + (3 + i) * DAY) for i in range(3)]
    a = w["shoppers"][0]
    take(a, rows[0].id)
    take(a, rows[1].id)
    mine = {j["id"]: j["unmet"] for j in board.open_jobs(db.session, a, T0)}
    assert mine == {rows[2].id: ["unit_limit"]}
    with pytest.raises(Conflict) as err:
        take(a, rows[2].id)
    assert err.value.details == {"unmet": ["unit_limit"]}
    take(w["shoppers"][1], rows[2].id)  # the limit is per shopper


def test_min_rating_and_certification_are_requirements(app):
    w = world()
    rated = job(w["campaign"], w["hr"], w["near"], min_rating=3.5)
    certified = job(w["campaign"], w["hr"], w["far"], certification="coffee")
    easy = job(w["campaign"], w["hr"], store("Third", 31.5, 121.5), min_rating=3.0)
    a = w["shoppers"][0]
    unmet = {j["id"]: j["unmet"] for j in board.open_jobs(db.session, a, T0)}
    assert unmet == {rated.id: ["min_rating"], certified.id: ["certification"], easy.id: []}
    with pytest.raises(Conflict):
        take(a, certified.id)
    record_pass(db.session, a.id, "coffee", 90.0, T0 - DAY)
    take(a, certified.id)  # certified before now
    with pytest.raises(Conflict) as err:
        take(a, rated.id)  # a newcomer is rated 3.0 (the prior)
    assert err.value.details == {"unmet": ["min_rating"]}
    take(a, easy.id)


def test_approval_mode_apply_and_hr_decides(app):
    w = world(mode="approval")
    one = job(w["campaign"], w["hr"], w["near"])
    a, b = w["shoppers"]
    with pytest.raises(Conflict) as err:
        take(a, one.id)
    assert err.value.code == "approval_required"
    first = applications.apply(db.session, a, one.id, T0)
    second = applications.apply(db.session, b, one.id, T0)
    db.session.commit()
    with pytest.raises(Conflict):
        applications.apply(db.session, a, one.id, T0)
    listed = applications.listing(db.session, "pending")
    assert {r["shopper"]["id"]: r["shopper"]["rating"] for r in listed} == {a.id: 3.0, b.id: 3.0}
    applications.decide(db.session, w["hr"], second, "approve", T0)
    db.session.commit()
    assert db.session.get(Assignment, one.id).rater_id == b.id
    assert first.status == "declined" and second.status == "approved"
    assert ids(a) == []


def test_schedule_inside_the_window_only(app):
    w = world()
    one = job(w["campaign"], w["hr"], w["near"])
    a = w["shoppers"][0]
    take(a, one.id, scheduled_at=T0 + 3 * DAY)
    for bad in (T0 + 2 * DAY, T0 + 6 * DAY):
        with pytest.raises(Invalid):
            taking.schedule(db.session, a, one.id, bad, T0)
    with pytest.raises(NotFound):
        taking.schedule(db.session, w["shoppers"][1], one.id, T0 + 4 * DAY, T0)
    taking.schedule(db.session, a, one.id, T0 + 4 * DAY, T0)
    db.session.commit()
    assert board.my_jobs(db.session, a)[0]["cancel_until"] == T0 + 3 * DAY


def test_cancel_before_the_cut_off_returns_the_job_and_tells_hr(app):
    w = world()
    one = job(w["campaign"], w["hr"], w["near"])
    a, b = w["shoppers"]
    take(a, one.id, scheduled_at=T0 + 4 * DAY)
    with time_machine.travel(T0 + 3 * DAY - MINUTE, tick=False):
        taking.cancel(db.session, a, one.id, datetime.now(UTC))
        db.session.commit()
    assert ids(b) == [one.id]
    notes = db.session.scalars(select(Notification).where(Notification.kind == "job_cancelled"))
    notes = list(notes)
    assert [n.user_id for n in notes] == [w["hr"].id]
    shown = inbox.item(notes[0], "zh-CN")
    assert shown["title"] == "任务已取消：Near店" and shown["link"] == "/hr/jobs"


def test_cancel_after_the_cut_off_is_refused(app):
    w = world(cancel_cutoff_hours=48)
    one = job(w["campaign"], w["hr"], w["near"])
    a = w["shoppers"][0]
    take(a, one.id, scheduled_at=T0 + 4 * DAY)
    with time_machine.travel(T0 + 2 * DAY + MINUTE, tick=False):
        with pytest.raises(Conflict) as err:
            taking.cancel(db.session, a, one.id, datetime.now(UTC))
    assert err.value.code == "cancel_cutoff_passed"
    db.session.rollback()
    assert db.session.get(Assignment, one.id).rater_id == a.id
