"""Issue 14 §4 review timers: a visit through both timers with controlled time, each step
exactly once under double runs, a human decision racing the timer, the escalate-instead
setting, the audit events' rule and the notices recorded once (SQLite; PostgreSQL in
test_visit_timers_postgresql.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from server.domain_errors import Conflict
from server.extensions import db
from server.models import ActionItem, Assignment, Submission, VisitTimerEvent
from server.services.scoring.counting import counted_status
from server.services.visits import timers, visits
from server.tasks import periodic
from tests.timers_scene import T0, audits, count, hr_return, notes, report, run, scene

H = timedelta(hours=1)


def test_waiting_report_is_reminded_then_auto_accepted_once(app):
    s = scene()
    sub = report(s, T0)
    assert run(T0 + 59 * H) == {}
    assert run(T0 + 60 * H) == {"hr_reminded": 1}
    assert run(T0 + 61 * H) == {}  # once per visit and timer
    reminders = notes("review_timer")
    assert sorted(n.user_id for n in reminders) == sorted(u.id for u in s["hr"])
    assert reminders[0].params["timer"] == "auto_accept_after_hours"
    assert reminders[0].params["unit"] == {"en": "Store 12", "zh-CN": "十二号店"}
    assert run(T0 + 72 * H - timedelta(seconds=1)) == {}
    assert run(T0 + 72 * H) == {"auto_accepted": 1}
    assert run(T0 + 72 * H) == {}  # a second run of the same moment
    assert run(T0 + 90 * H) == {}
    db.session.refresh(sub)
    assert (sub.status, sub.reviewer_id) == ("approved", None)
    assert counted_status(sub.relationship, sub.status, sub.is_late, sub.late_accepted)
    [event] = audits("visit_auto_accepted")
    assert event.actor_id is None and event.object_id == sub.id
    assert event.details["rule"] == "auto_accept_after_hours" and event.details["hours"] == 72
    [note] = notes("visit_auto_accepted")
    assert note.user_id == s["shopper"].id and note.link == f"/visits/{s['visit'].id}"
    assert note.params["rule"] == "auto_accept_after_hours" and note.params["hours"] == 72
    assert count(VisitTimerEvent) == 1


def test_the_periodic_action_runs_once_per_slot_and_twice_acts_once(app):
    s = scene()
    sub = report(s, T0)
    at = T0 + 80 * H
    first = periodic.tick(db.session, at, ["visit_timers"])
    again = periodic.tick(db.session, at + timedelta(minutes=3), ["visit_timers"])
    later = periodic.tick(db.session, at + timedelta(minutes=15), ["visit_timers"])
    assert first == {"visit_timers": {"auto_accepted": 1}}
    assert again == {"visit_timers": None}  # the same slot: claimed already
    assert later == {"visit_timers": {}}
    assert db.session.get(Submission, sub.id).status == "approved"
    assert len(audits("visit_auto_accepted")) == 1 and len(notes("visit_auto_accepted")) == 1


def test_returned_report_not_resubmitted_closes_the_visit_as_rejected(app):
    s = scene()
    sub = report(s, T0)
    back = T0 + 5 * H
    hr_return(s, sub, back, "The receipt photo is missing")
    [returned] = notes("visit_returned")
    assert returned.params["reason"] == "The receipt photo is missing"
    assert run(back + 17 * H) == {}
    assert run(back + 18 * H) == {"shopper_reminded": 1}
    assert run(back + 19 * H) == {}
    [reminder] = notes("review_timer")
    assert reminder.user_id == s["shopper"].id
    assert reminder.params["timer"] == "auto_reject_after_hours"
    assert run(back + 24 * H) == {"auto_rejected": 1}
    assert run(back + 24 * H) == {} and run(back + 30 * H) == {}
    assert db.session.get(Assignment, s["visit"].id).status == "declined"
    assert db.session.get(Submission, sub.id).status == "rejected"
    [event] = audits("visit_auto_rejected")
    assert event.details["rule"] == "auto_reject_after_hours" and event.details["hours"] == 24
    [note] = notes("visit_auto_rejected")
    assert note.user_id == s["shopper"].id and note.params["rule"] == "auto_reject_after_hours"


def test_returned_report_resubmitted_in_time_is_not_closed(app):
    s = scene()
    sub = report(s, T0)
    back = T0 + 5 * H
    hr_return(s, sub, back)
    newer = report(s, back + 23 * H, replaces=sub.id)
    assert run(back + 24 * H) == {}
    assert run(back + 40 * H) == {}
    assert db.session.get(Assignment, s["visit"].id).status == "submitted"
    assert audits("visit_auto_rejected") == [] and notes("visit_auto_rejected") == []
    # The resubmission has a review timer of its own, counted from its arrival.
    assert run(back + 23 * H + 72 * H) == {"auto_accepted": 1}
    assert db.session.get(Submission, newer.id).status == "approved"


def test_a_human_decision_committed_first_wins_over_the_timer(app):
    s = scene()
    sub = report(s, T0)
    due = timers._waiting(db.session, {})  # the timer has listed the report...
    db.session.rollback()
    with time_machine.travel(T0 + 71 * H, tick=False):  # ...and HR decides first
        visits.review(db.session, s["hr"][0], sub, {"decision": "approve"})
        db.session.commit()
    [(sub_id, settings)] = due
    assert timers._waiting_step(db.session, sub_id, settings, T0 + 72 * H) == []
    db.session.commit()
    assert db.session.get(Submission, sub.id).reviewer_id == s["hr"][0].id
    assert audits("visit_auto_accepted") == [] and notes("visit_auto_accepted") == []
    assert len(notes("visit_approved")) == 1
    assert count(VisitTimerEvent) == 0


def test_a_human_decision_after_the_timer_sees_the_automatic_one(app):
    s = scene()
    sub = report(s, T0)
    assert run(T0 + 72 * H) == {"auto_accepted": 1}
    with pytest.raises(Conflict) as err:
        visits.review(db.session, s["hr"][0], sub, {"decision": "approve"})
    assert err.value.code == "already_decided"
    db.session.rollback()


def test_a_resubmission_racing_the_close_wins_when_committed_first(app):
    s = scene()
    sub = report(s, T0)
    hr_return(s, sub, T0 + H)
    [(sub_id, settings)] = timers._returned(db.session, {})
    db.session.rollback()
    report(s, T0 + 2 * H, replaces=sub.id)
    assert timers._returned_step(db.session, sub_id, settings, T0 + 30 * H) == []
    db.session.commit()
    assert db.session.get(Assignment, s["visit"].id).status == "submitted"


def test_escalate_instead_notifies_hr_and_flags_the_visit_without_deciding(app):
    s = scene({"review_timeout": "escalate", "review_hours": 48, "review_reminder_hours": 6})
    sub = report(s, T0)
    assert run(T0 + 42 * H) == {"hr_reminded": 1}
    assert run(T0 + 48 * H) == {"escalated": 1}
    assert run(T0 + 48 * H) == {} and run(T0 + 200 * H) == {}
    assert db.session.get(Submission, sub.id).status == "received"
    [event] = db.session.scalars(select(VisitTimerEvent)).all()
    assert (event.rule, event.hours) == ("escalate_after_hours", 48)
    escalations = notes("visit_review_escalated")
    assert sorted(n.user_id for n in escalations) == sorted(u.id for u in s["hr"])
    assert escalations[0].link == "/hr/review"
    [audit] = audits("visit_review_escalated")
    assert audit.details["rule"] == "escalate_after_hours" and audit.details["hours"] == 48
    assert audits("visit_auto_accepted") == [] and notes("visit_auto_accepted") == []
    # HR still decides it by hand.
    visits.review(db.session, s["hr"][0], sub, {"decision": "approve"})
    db.session.commit()
    assert db.session.get(Submission, sub.id).status == "approved"


def test_timers_off_do_nothing(app):
    s = scene({"review_timeout": "off", "resubmit_timeout": "off"})
    sub = report(s, T0)
    assert run(T0 + 500 * H) == {}
    hr_return(s, sub, T0 + 500 * H)
    assert run(T0 + 900 * H) == {}
    assert count(VisitTimerEvent) == 0


def test_late_reports_wait_for_hr(app):
    s = scene()
    sub = report(s, T0)
    sub.is_late, sub.status = True, "late"
    db.session.commit()
    assert run(T0 + 500 * H) == {}
    assert db.session.get(Submission, sub.id).status == "late"


def test_auto_accept_opens_the_action_items_of_failed_critical_items(app):
    s = scene()
    sub = report(s, T0)
    sub.critical_failures = ["greeted_proactively"]
    db.session.commit()
    assert db.session.scalars(select(ActionItem)).all() == []
    run(T0 + 72 * H)
    # An approval opens the visit's action items: the automatic one does the same as HR's.
    opened = db.session.scalars(select(ActionItem).where(ActionItem.submission_id == sub.id))
    assert [a.question_id for a in opened] == ["greeted_proactively"]


def test_human_approve_and_return_notify_the_shopper_once_with_the_visit_link(app):
    s = scene()
    sub = report(s, T0)
    with time_machine.travel(T0 + H, tick=False):
        visits.review(db.session, s["hr"][0], sub, {"decision": "approve"})
        db.session.commit()
    [note] = notes("visit_approved")
    assert note.user_id == s["shopper"].id and note.link == f"/visits/{s['visit'].id}"
    assert note.params["unit"] == {"en": "Store 12", "zh-CN": "十二号店"}
    assert note.params["visit_id"] == s["visit"].id and note.params["submission_id"] == sub.id
    assert set(note.params) == {"visit_id", "submission_id", "unit"}  # no employee named


def test_two_consumers_at_once_accept_once_on_sqlite(app):
    import threading

    s = scene()
    report(s, T0)
    out: list = []

    def consumer(minutes: int) -> None:
        with app.app_context():
            out.append(run(T0 + 72 * H + timedelta(minutes=minutes)))

    threads = [threading.Thread(target=consumer, args=(m,)) for m in (0, 15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(sum(o.values()) for o in out) == [0, 1]
    db.session.expire_all()
    assert len(audits("visit_auto_accepted")) == 1 and len(notes("visit_auto_accepted")) == 1
