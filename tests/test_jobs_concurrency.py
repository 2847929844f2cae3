"""Issue 16 §1: no double booking under concurrent requests. Two shoppers (each in their own
session and thread) take the same job at the same moment, on SQLite and on PostgreSQL: one
holds it, the other is told `job_taken`; the same for HR approving two applications."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.extensions import db
from server.models import Assignment, JobApplication, User
from server.services.jobs import applications, taking
from tests.jobs_world import T0, job, world


def _race(app: Any, work: Any, args: list[tuple]) -> list[str]:
    """Run `work(session, *arg)` in one thread per arg, started together; the outcomes."""
    barrier = threading.Barrier(len(args))
    out: list[str] = []

    def run(arg: tuple) -> None:
        with app.app_context():
            session = Session(db.engine)
            try:
                barrier.wait()
                work(session, *arg)
                session.commit()
                out.append("ok")
            except Conflict as err:
                session.rollback()
                out.append(err.code or "")
            finally:
                session.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(out)


def _take(session: Session, shopper_id: int, job_id: int) -> None:
    taking.take(session, session.get(User, shopper_id), job_id, T0, {})


def _two_shoppers_race(app: Any) -> None:
    w = world()
    one = job(w["campaign"], w["hr"], w["near"])
    a, b = (s.id for s in w["shoppers"])
    job_id = one.id
    db.session.close()  # an open SQLite transaction here would hold the write lock
    assert _race(app, _take, [(a, job_id), (b, job_id)]) == ["job_taken", "ok"]
    assert db.session.get(Assignment, job_id).rater_id in (a, b)


def _decide(session: Session, hr_id: int, application_id: int) -> None:
    row = session.get(JobApplication, application_id)
    applications.decide(session, session.get(User, hr_id), row, "approve", T0)


def _two_approvals_race(app: Any) -> None:
    w = world(mode="approval")
    one = job(w["campaign"], w["hr"], w["near"])
    rows = [applications.apply(db.session, s, one.id, T0) for s in w["shoppers"]]
    db.session.commit()
    args = [(w["hr"].id, r.id) for r in rows]
    db.session.close()
    outcomes = _race(app, _decide, args)
    assert outcomes[-1] == "ok" and outcomes[0] in ("job_taken", "already_decided")


def test_two_shoppers_race_for_one_job_on_sqlite(app):
    _two_shoppers_race(app)


def test_two_approvals_race_for_one_job_on_sqlite(app):
    _two_approvals_race(app)


def test_two_shoppers_race_for_one_job_on_postgresql(pg_app):
    _two_shoppers_race(pg_app)


def test_two_approvals_race_for_one_job_on_postgresql(pg_app):
    _two_approvals_race(pg_app)


def _one_shopper_two_jobs(app: Any) -> None:
    w = world()  # at most 1 visit of a unit per shopper in the campaign
    first = job(w["campaign"], w["hr"], w["near"])
    second = job(w["campaign"], w["hr"], w["near"])
    me, ids = w["shoppers"][0].id, (first.id, second.id)
    db.session.close()
    assert _race(app, _take, [(me, ids[0]), (me, ids[1])]) == ["ok", "requirements_not_met"]


def test_one_shopper_racing_for_two_jobs_of_a_unit_keeps_the_limit_on_sqlite(app):
    _one_shopper_two_jobs(app)


def test_one_shopper_racing_for_two_jobs_of_a_unit_keeps_the_limit_on_postgresql(pg_app):
    _one_shopper_two_jobs(pg_app)
