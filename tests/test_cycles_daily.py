"""The daily self-check is per day (issue 14 §3): one check-in per person per local day
(a second the same day is a `conflict` / `already_checked_in`, a replay of the same id
stays a `duplicate`), the next day is accepted again, the Today list says due/done today,
and streaks count days in a row. Time is controlled with time_machine."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from server.extensions import db
from server.models import Assignment, DailyCheckin
from server.services.cycles import grid, runner
from server.services.sync import daily
from tests.api_client import ApiClient
from tests.cycles_world import at, check_in_answers, cycle_world, self_check_template
from tests.factories import latest_version


def _item(assignment_id: int, when: datetime, **kw) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "assignment_id": assignment_id,
        "form_version_id": latest_version("daily-self-check").id,
        "answers": check_in_answers(),
        "na": [],
        "started_at": (when - timedelta(minutes=2)).isoformat(),
        "completed_at": when.isoformat(),
        "device_time": when.isoformat(),
        **kw,
    }


class _Client:
    """Logs in afresh at each controlled moment (a session is issued at a real time)."""

    def __init__(self, app, user) -> None:
        self.app, self.user = app, user

    def __getattr__(self, method):
        def call(*args, **kw):
            api = ApiClient(self.app.test_client())
            assert api.login(self.user.email).status_code == 200
            return getattr(api, method)(*args, **kw)

        return call


def _login(app, user) -> _Client:
    return _Client(app, user)


def _setup(app):
    world = cycle_world(staff=1)
    self_check_template(world)
    runner.run(db.session, at(date(2026, 12, 1), 0, 5))
    db.session.commit()
    person = world.staff[0]
    assignment = db.session.scalars(
        select(Assignment).where(Assignment.rater_id == person.id)
    ).one()
    return world, person, assignment.id


def _send(api, item):
    resp = api.post("/api/v1/sync", json={"submissions": [item]})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["results"][0]


def test_a_month_of_daily_self_checks(app):
    world, person, aid = _setup(app)
    api = _login(app, person)
    skipped = {date(2026, 12, 10), date(2026, 12, 11)}
    for n in range(31):
        day = date(2026, 12, 1) + timedelta(days=n)
        if day in skipped:
            continue
        with time_machine.travel(at(day, 21), tick=False):
            first = _item(aid, at(day, 20, 55))
            assert _send(api, first)["status"] == "created"
            assert _send(api, first)["status"] == "duplicate"  # a replay is not an error
            second = _send(api, _item(aid, at(day, 21)))
            assert second["status"] == "conflict"
            assert second["error"]["code"] == "already_checked_in"
            assert second["error"]["details"] == {"day": day.isoformat()}
            [listed] = api.get("/api/v1/me/assignments").get_json()["assignments"]
            assert listed["daily"] == {"day": day.isoformat(), "done": True}
    assert db.session.scalar(select(func.count()).select_from(DailyCheckin)) == 29
    with time_machine.travel(at(date(2026, 12, 31), 22), tick=False):
        body = api.get("/api/v1/me/self-checks?month=2026-12").get_json()
    [row] = body["rows"]
    assert len(row["days"]) == 29 and row["days"][0] == {
        "day": "2026-12-01",
        "score": 100.0,
        "outcome": "pass",
    }
    assert (row["current_streak"], row["longest_streak"]) == (20, 20)  # 12th..31st; 1st..9th is 9


def test_the_next_morning_the_self_check_is_due_again(app):
    world, person, aid = _setup(app)
    api = _login(app, person)
    with time_machine.travel(at(date(2026, 12, 3), 18), tick=False):
        [a] = api.get("/api/v1/me/assignments").get_json()["assignments"]
        assert a["daily"] == {"day": "2026-12-03", "done": False}
        assert _send(api, _item(aid, at(date(2026, 12, 3), 18)))["status"] == "created"
    with time_machine.travel(at(date(2026, 12, 4), 8), tick=False):
        [a] = api.get("/api/v1/me/assignments").get_json()["assignments"]
        assert a["status"] == "pending" and a["daily"] == {"day": "2026-12-04", "done": False}
        assert _send(api, _item(aid, at(date(2026, 12, 4), 8)))["status"] == "created"


def test_an_evening_check_in_synced_next_morning_counts_for_its_evening(app):
    world, person, aid = _setup(app)
    api = _login(app, person)
    evening = at(date(2026, 12, 5), 23, 30)
    with time_machine.travel(at(date(2026, 12, 6), 7), tick=False):
        assert _send(api, _item(aid, evening))["status"] == "created"
        assert _send(api, _item(aid, at(date(2026, 12, 6), 7)))["status"] == "created"
    days = set(db.session.scalars(select(DailyCheckin.day)))
    assert days == {date(2026, 12, 5), date(2026, 12, 6)}


def test_a_second_check_in_in_one_batch_is_refused_and_replaces_does_not_apply(app):
    world, person, aid = _setup(app)
    api = _login(app, person)
    with time_machine.travel(at(date(2026, 12, 8), 12), tick=False):
        a, b = _item(aid, at(date(2026, 12, 8), 11)), _item(aid, at(date(2026, 12, 8), 12))
        resp = api.post("/api/v1/sync", json={"submissions": [a, b]}).get_json()["results"]
        assert [r["status"] for r in resp] == ["created", "conflict"]
        again = _send(api, _item(aid, at(date(2026, 12, 8), 12), replaces=a["id"]))
        assert again["status"] == "invalid"


def test_a_day_outside_the_month_is_refused(app):
    world, person, aid = _setup(app)
    api = _login(app, person)
    with time_machine.travel(at(date(2027, 1, 1), 0, 30), tick=False):
        # December's campaign is still open (the scheduler closes it later), the day is Jan 1.
        result = _send(api, _item(aid, at(date(2027, 1, 1), 0, 20)))
        assert result["status"] == "conflict" and result["error"]["code"] == "outside_period"


def test_the_local_day_uses_the_time_zone_and_a_sane_completed_at():
    now = datetime(2026, 12, 5, 16, 30, tzinfo=UTC)  # 00:30 on Dec 6 in Shanghai
    assert daily.day_for(None, now, "Asia/Shanghai") == date(2026, 12, 6)
    assert daily.day_for(now - timedelta(hours=1), now, "Asia/Shanghai") == date(2026, 12, 5)
    assert daily.day_for(now - timedelta(days=5), now, "Asia/Shanghai") == date(2026, 12, 6)
    assert daily.day_for(now + timedelta(days=1), now, "Asia/Shanghai") == date(2026, 12, 6)
    assert daily.day_for(now, now, "UTC") == date(2026, 12, 5)


def test_streaks():
    d = date(2026, 12, 10)
    run = {d - timedelta(days=i) for i in range(4)}
    assert grid.streaks(run, d) == (4, 4)
    assert grid.streaks(run, d + timedelta(days=1)) == (4, 4)  # today is not over yet
    assert grid.streaks(run, d + timedelta(days=2)) == (0, 4)
    older = {date(2026, 11, 1) + timedelta(days=i) for i in range(6)}
    assert grid.streaks(run | older, d) == (4, 6)
    assert grid.streaks(set(), d) == (0, 0)
    assert grid.streaks({date(2026, 12, 31), date(2027, 1, 1)}, date(2027, 1, 1)) == (2, 2)
