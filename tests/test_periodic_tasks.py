"""Periodic tasks (issue 13 §1): each periodic action runs once per time slot even with two
schedulers or a rerun, records what it did, and the housekeeping action cleans up."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import time_machine
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from server import create_app
from server.extensions import db
from server.models import Job, LoginAttempt, PeriodicRun, RateLimitCounter, WorkerHeartbeat
from server.tasks import housekeeping as hk
from server.tasks import periodic
from tests.conftest import TEST_CONFIG

T0 = datetime(2026, 12, 4, 21, 7, 30, tzinfo=UTC)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from([1, 2, 5, 10, 15, 30, 60]),
)
def test_a_slot_is_the_time_floored_to_the_period(now, minutes):
    slot = periodic.slot_of(now, minutes)
    start = datetime.strptime(slot, "%Y-%m-%dT%H:%M")
    assert start <= now.replace(second=0, microsecond=0) < start + timedelta(minutes=minutes)
    assert start.minute % minutes == 0


def test_two_schedulers_on_one_database_act_once_per_slot(app):
    other = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    calls: list[str] = []

    def action(session, now):
        calls.append(now.isoformat())
        return {"n": len(calls)}

    def run_on(flask_app):
        with flask_app.app_context():
            run = periodic.run_once(db.session, "probe", 15, action)
            db.session.remove()
            return run is not None

    with time_machine.travel(T0, tick=False):
        assert [run_on(app), run_on(other), run_on(app)] == [True, False, False]
    with time_machine.travel(T0 + timedelta(minutes=7), tick=False):
        assert not run_on(other)  # 21:14:30 is still the 21:00 slot
    with time_machine.travel(T0 + timedelta(minutes=8), tick=False):
        assert run_on(other)  # 21:15 slot
    assert len(calls) == 2
    with app.app_context():
        runs = db.session.scalars(select(PeriodicRun).order_by(PeriodicRun.slot)).all()
        assert [(r.slot, r.outcome) for r in runs] == [
            ("2026-12-04T21:00", {"n": 1}),
            ("2026-12-04T21:15", {"n": 2}),
        ]
        assert all(r.finished_at is not None for r in runs)
    with other.app_context():
        db.engine.dispose()


def test_a_failed_action_records_its_error_and_keeps_its_slot(app):
    def boom(session, now):
        raise RuntimeError("disk full")

    with time_machine.travel(T0, tick=False):
        run = periodic.run_once(db.session, "boom", 5, boom)
        assert run is not None and run.outcome == {"error": "RuntimeError: disk full"}
        assert periodic.run_once(db.session, "boom", 5, boom) is None


def _seed_old_rows(now):
    old, fresh = now - timedelta(hours=1), now - timedelta(minutes=1)
    db.session.add_all(
        [
            LoginAttempt(scope="account", key="a" * 64, at=old),
            LoginAttempt(scope="account", key="b" * 64, at=fresh),
            RateLimitCounter(key="gone", count=3, expires_at=now - timedelta(seconds=1)),
            RateLimitCounter(key="kept", count=3, expires_at=now + timedelta(seconds=30)),
            WorkerHeartbeat(name="h:1/w", host="h", pid=1, seen_at=now - timedelta(days=2)),
            WorkerHeartbeat(name="h:2/w", host="h", pid=2, seen_at=fresh),
            PeriodicRun(task="old", slot="2026-10-01T00:00", started_at=now - timedelta(days=31)),
            Job(id=str(uuid.uuid4()), kind="reviews_zip", status="running", updated_at=old),
            Job(id=str(uuid.uuid4()), kind="reviews_zip", status="running", updated_at=fresh),
        ]
    )
    db.session.commit()


def test_housekeeping_runs_once_per_slot_and_records_what_it_removed(app):
    with time_machine.travel(T0, tick=False):
        _seed_old_rows(T0)
        hk.housekeeping()  # immediate mode: runs here, as the consumer would
        hk.housekeeping()  # the second scheduler's copy of the same slot
    runs = db.session.scalars(select(PeriodicRun)).all()
    assert [(r.task, r.slot) for r in runs] == [("housekeeping", "2026-12-04T21:00")]  # "old" went
    assert runs[0].outcome == {
        "login_attempts": 1,
        "rate_limit_counters": 1,
        "heartbeats": 1,
        "periodic_runs": 1,
        "stale_jobs": 1,
    }
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 1
    statuses = sorted((j.status, j.error or "") for j in db.session.scalars(select(Job)))
    assert statuses == [("failed", "interrupted"), ("running", "")]


def test_housekeeping_is_scheduled_every_15_minutes():
    fires = [
        m
        for m in range(60)
        if hk.housekeeping.task_class.validate_datetime(None, T0.replace(minute=m))
    ]
    assert fires == [0, 15, 30, 45]


def test_a_worker_heartbeat_is_one_row_touched_on_every_beat(app):
    name = periodic.worker_name()
    with time_machine.travel(T0, tick=False):
        periodic.beat(db.session, name)
    with time_machine.travel(T0 + timedelta(seconds=20), tick=False):
        periodic.beat(db.session, name)
    rows = db.session.scalars(select(WorkerHeartbeat)).all()
    assert [(r.started_at, r.seen_at) for r in rows] == [(T0, T0 + timedelta(seconds=20))]
    assert periodic.seen_since(db.session, T0 + timedelta(seconds=1)) == rows
    assert periodic.seen_since(db.session, T0 + timedelta(seconds=21)) == []


def test_scheduler_tick_runs_each_action_once_per_slot_at_the_given_time(app, runner):
    first = runner.invoke(args=["scheduler", "tick", "--at", "2026-12-04T21:07:30"])
    assert first.exit_code == 0, first.output
    assert "housekeeping: {" in first.output
    slots = db.session.scalars(
        select(PeriodicRun.slot).where(PeriodicRun.task == "housekeeping")
    ).all()
    assert slots == ["2026-12-04T21:00"]
    again = runner.invoke(args=["scheduler", "tick", "--at", "2026-12-04T21:14+00:00"])
    assert again.exit_code == 0 and "housekeeping: {" not in again.output
    ran_first = db.session.scalars(
        select(PeriodicRun.task).where(
            PeriodicRun.started_at == datetime(2026, 12, 4, 21, 7, 30, tzinfo=UTC)
        )
    ).all()
    assert sorted(ran_first) == sorted(periodic.ACTIONS)
    bad = runner.invoke(args=["scheduler", "tick", "--at", "yesterday"])
    assert bad.exit_code == 2
