"""Stars at period end with controlled time (issue 14 tests): the hourly action computes the
month that ended, exactly once under double runs (same slot, later slots, two sessions racing
on PostgreSQL), and keeps history."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.extensions import db
from server.models import LeagueEntry, ServiceStar, StarPeriod
from server.services.stars import compute
from server.tasks import periodic
from server.tasks import stars as star_task
from tests import stars_world


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_month_is_computed_at_its_end_once(app):
    stars_world.build()
    before = periodic.tick(db.session, datetime(2026, 11, 30, 23, 0, tzinfo=UTC), ["service_stars"])
    assert before["service_stars"]["periods"] == 1  # October: nothing ended in it
    assert _count(ServiceStar) == 0
    at_end = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    first = periodic.tick(db.session, at_end, ["service_stars"])
    assert first["service_stars"] == {"periods": 1, "stars": 4, "units": 1}
    # the same slot again (a second scheduler), then later slots: nothing twice
    assert periodic.tick(db.session, at_end, ["service_stars"]) == {"service_stars": None}
    later = periodic.tick(db.session, datetime(2026, 12, 1, 1, 0, tzinfo=UTC), ["service_stars"])
    assert later["service_stars"] == {"periods": 0, "stars": 0, "units": 0}
    assert _count(ServiceStar) == 4 and _count(StarPeriod) == 2 and _count(LeagueEntry) == 1


def test_the_scheduled_task_uses_the_clock_and_settings(app):
    stars_world.build()
    app.config.update(STARS_COUNT=1, STARS_GRACE_DAYS=2)
    minutes, action = periodic.ACTIONS["service_stars"]
    assert minutes == 60 and star_task.service_stars is periodic.REGISTRY["service_stars"]
    with time_machine.travel(datetime(2026, 12, 2, 12, 5, tzinfo=UTC), tick=False):
        periodic.run_once(db.session, "service_stars", minutes, action)  # Oct: Nov needs 2 days
        assert _count(ServiceStar) == 0
    with time_machine.travel(datetime(2026, 12, 3, 0, 5, tzinfo=UTC), tick=False):
        assert periodic.run_once(db.session, "service_stars", minutes, action) is not None
        assert periodic.run_once(db.session, "service_stars", minutes, action) is None
    names = db.session.scalars(select(ServiceStar.rank).where(ServiceStar.period == "2026-11"))
    assert list(names) == [1]
    mark = db.session.scalars(select(StarPeriod).where(StarPeriod.period == "2026-11")).one()
    assert (mark.star_count, mark.min_observations) == (1, 3)


def test_two_sessions_racing_compute_once_on_postgresql(pg_app):
    with pg_app.app_context():
        stars_world.build(period_end=date(2026, 11, 30))
        db.session.remove()
        barrier, results = threading.Barrier(2), []

        def run() -> None:
            with pg_app.app_context(), Session(db.engine) as session:
                barrier.wait()
                results.append(
                    compute.compute_period(
                        session, "2026-11", compute.Settings(), datetime(2026, 12, 1, tzinfo=UTC)
                    )["periods"]
                )

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(results) == [0, 1]
        assert _count(ServiceStar) == 4 and _count(StarPeriod) == 1
