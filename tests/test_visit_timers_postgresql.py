"""Issue 14 §4 review timers on PostgreSQL (`pg_app`): the whole life of a visit, a human
decision holding the row while the timer runs (the human wins, the timer does nothing), a
decision after the timer (refused: already decided), and two consumers running the timers
at the same moment (one auto-accept)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.extensions import db
from server.models import Assignment, Submission, User, VisitTimerEvent
from server.services.visits import timers, visits
from tests.timers_scene import DEFAULTS, T0, audits, count, hr_return, notes, report, run, scene

H = timedelta(hours=1)


def _in_thread(app, at, out: list) -> threading.Thread:
    def work() -> None:
        with app.app_context():
            out.append(timers.run_timers(db.session, at, DEFAULTS))

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_pg_a_visit_through_both_timers(pg_app):
    s = scene()
    sub = report(s, T0)
    assert run(T0 + 60 * H) == {"hr_reminded": 1}
    assert run(T0 + 72 * H) == {"auto_accepted": 1}
    assert run(T0 + 72 * H) == {}
    assert db.session.get(Submission, sub.id).status == "approved"
    other = scene()
    gone = report(other, T0)
    hr_return(other, gone, T0 + H)
    assert run(T0 + 25 * H) == {"auto_rejected": 1}
    assert run(T0 + 26 * H) == {}
    assert db.session.get(Assignment, other["visit"].id).status == "declined"
    assert len(audits("visit_auto_accepted")) == 1 and len(audits("visit_auto_rejected")) == 1


def test_pg_human_decision_holding_the_row_wins_over_the_timer(pg_app):
    s = scene()
    sub = report(s, T0)
    human = Session(db.engine)
    try:
        visits.review(
            human,
            human.get(User, s["hr"][0].id),
            human.get(Submission, sub.id),
            {"decision": "reject", "reason": "Redo the photos"},
        )
        out: list = []
        thread = _in_thread(pg_app, T0 + 72 * H, out)
        thread.join(1.5)
        assert thread.is_alive(), "the timer's write waits for the human's row lock"
        human.commit()
        thread.join(20)
        assert out == [{}]
    finally:
        human.close()
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).status == "rejected"
    assert count(VisitTimerEvent) == 0 and notes("visit_auto_accepted") == []


def test_pg_human_decision_after_the_timer_is_refused(pg_app):
    s = scene()
    sub = report(s, T0)
    human = Session(db.engine)
    try:
        stale = human.get(Submission, sub.id)  # HR opened the report before the timer ran
        assert stale.status == "received"
        assert run(T0 + 72 * H) == {"auto_accepted": 1}
        with pytest.raises(Conflict) as err:
            visits.review(human, human.get(User, s["hr"][0].id), stale, {"decision": "approve"})
        assert err.value.code == "already_decided"
        human.rollback()
    finally:
        human.close()
    assert len(audits("visit_auto_accepted")) == 1 and audits("visit_approved") == []


def test_pg_two_consumers_at_once_accept_once(pg_app):
    s = scene()
    report(s, T0)
    out: list = []
    threads = [_in_thread(pg_app, T0 + 72 * H + timedelta(minutes=m), out) for m in (0, 15)]
    for thread in threads:
        thread.join(30)
    assert sorted(sum(o.values()) for o in out) == [0, 1]
    db.session.expire_all()
    assert len(audits("visit_auto_accepted")) == 1 and len(notes("visit_auto_accepted")) == 1
