"""Recurring cycles API (issue 14 §3): HR's templates (create, list, edit, pause, resume,
every error a 4xx in the SPEC shape), the self-check grid for the employee (own row) and the
manager (direct reports, only where the campaign lets managers see them), and completion
per unit for HR."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import time_machine
from sqlalchemy import select

from server.extensions import db
from server.models import Assignment, Campaign
from server.services.cycles import runner
from server.services.sync import batch
from tests.api_client import ApiClient
from tests.cycles_world import at, check_in_answers, cycle_world, self_check_template
from tests.factories import latest_version, make_user

BODY = {
    "name": {"en": "Daily self-check", "zh-CN": "每日自查"},
    "kind": "mixed",
    "forms": {"self": "daily-self-check"},
    "recurrence": "monthly",
    "start_date": "2026-12-01",
    "per_day": True,
}


def test_hr_creates_lists_edits_pauses_and_resumes_a_template(app, hr_client):
    cycle_world()
    resp = hr_client.post("/api/v1/cycle-templates", json=BODY)
    assert resp.status_code == 201, resp.get_json()
    made = resp.get_json()
    assert made["status"] == "active" and made["timezone"] == "Asia/Shanghai"
    assert made["next_period"]["period_start"] >= "2026-12-01" and made["periods"] == []
    tid = made["id"]
    listed = hr_client.get("/api/v1/cycle-templates").get_json()["templates"]
    assert [t["id"] for t in listed] == [tid]
    edited = hr_client.patch(f"/api/v1/cycle-templates/{tid}", json={"window_days": 10})
    assert edited.status_code == 200 and edited.get_json()["window_days"] == 10
    paused = hr_client.post(f"/api/v1/cycle-templates/{tid}/pause").get_json()
    assert paused["status"] == "paused"
    assert hr_client.post(f"/api/v1/cycle-templates/{tid}/resume").get_json()["status"] == "active"
    assert hr_client.get(f"/api/v1/cycle-templates/{tid}").status_code == 200
    assert hr_client.get("/api/v1/cycle-templates/999999").status_code == 404


def test_bad_templates_are_422_with_the_field(app, hr_client):
    cycle_world()
    cases = [
        ({**BODY, "forms": {"self": "no-such-form"}}, "forms.self"),
        ({**BODY, "kind": "customer"}, "forms.self"),
        ({**BODY, "timezone": "Mars/Olympus"}, "timezone"),
        ({**BODY, "end_date": "2026-11-01"}, "end_date"),
        ({**BODY, "kind": "360", "forms": {"self": "service-360"}}, "forms.supervisor"),
        (
            {
                **BODY,
                "kind": "mystery_shop",
                "forms": {"mystery_shopper": "mystery-shop-store"},
                "per_day": False,
            },
            "settings.units",
        ),
    ]
    for body, field in cases:
        resp = hr_client.post("/api/v1/cycle-templates", json=body)
        assert resp.status_code == 422, (body, resp.get_json())
        error = resp.get_json()["error"]
        assert field in error["details"]["fields"], (field, error)
    bad = hr_client.post("/api/v1/cycle-templates", json={**BODY, "recurrence": "hourly"})
    assert bad.status_code == 422
    assert hr_client.get("/api/v1/me/self-checks?month=2026-13").status_code == 422
    assert hr_client.get("/api/v1/me/self-checks?month=soon").status_code == 422


def test_the_template_error_is_bilingual(app, hr_client):
    cycle_world()
    resp = hr_client.post(
        "/api/v1/cycle-templates",
        json={**BODY, "timezone": "Nowhere"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert resp.get_json()["error"]["message"] == "周期模板设置无效。"


def _check_in(person, aid, day):
    item = {
        "id": str(uuid.uuid4()),
        "assignment_id": aid,
        "form_version_id": latest_version("daily-self-check").id,
        "answers": check_in_answers(all_yes=day.day % 2 == 0),
        "na": [],
        "completed_at": at(day, 20).isoformat(),
    }
    with time_machine.travel(at(day, 21), tick=False):
        [result] = batch.store_batch(db.session, person, [item])
    assert result["status"] == "created", result


def _month(world, visible=True):
    template = self_check_template(world, settings={"manager_visibility": visible})
    with time_machine.travel(at(date(2026, 12, 1), 0, 5), tick=False):
        runner.run(db.session, at(date(2026, 12, 1), 0, 5))
        db.session.commit()
    for person in world.staff:
        aid = db.session.scalars(
            select(Assignment.id).where(Assignment.rater_id == person.id)
        ).one()
        for n in range(4):
            _check_in(person, aid, date(2026, 12, 1) + timedelta(days=n))
    return template


def _client(app, user):
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api


def test_the_employee_sees_their_own_row_and_the_manager_the_team(app):
    world = cycle_world(staff=2)
    _month(world)
    with time_machine.travel(at(date(2026, 12, 4), 22)):
        mine = _client(app, world.staff[0]).get("/api/v1/me/self-checks?month=2026-12").get_json()
        team = _client(app, world.manager).get("/api/v1/me/team-self-checks").get_json()
        theirs = _client(app, world.staff[0]).get("/api/v1/me/team-self-checks").get_json()
    [row] = mine["rows"]
    assert row["person"]["id"] == world.staff[0].id and len(row["days"]) == 4
    assert [d["score"] for d in row["days"]] == [80.0, 100.0, 80.0, 100.0]
    assert row["current_streak"] == 4
    assert mine["first"] == "2026-12-01" and mine["last"] == "2026-12-31"
    assert {r["person"]["id"] for r in team["rows"]} == {u.id for u in world.staff}
    assert all("answers" not in d for r in team["rows"] for d in r["days"])
    assert theirs["rows"] == []  # not a manager: no team


def test_the_manager_sees_nothing_where_the_campaign_does_not_allow_it(app):
    world = cycle_world(staff=1)
    _month(world, visible=False)
    with time_machine.travel(at(date(2026, 12, 4), 22)):
        team = _client(app, world.manager).get("/api/v1/me/team-self-checks").get_json()
        mine = _client(app, world.staff[0]).get("/api/v1/me/self-checks").get_json()
    [row] = team["rows"]
    assert row["days"] == [] and row["current_streak"] == 0
    assert len(mine["rows"][0]["days"]) == 4  # the person still sees their own


def test_hr_sees_completion_per_unit(app, hr_client):
    world = cycle_world(staff=2)
    _month(world)
    with time_machine.travel(at(date(2026, 12, 4), 22)):
        api = _client(app, make_user(role="hr"))
        body = api.get("/api/v1/self-checks/completion?month=2026-12").get_json()
    [unit] = body["units"]
    assert unit["unit"]["id"] == world.unit.id
    # manager + 2 staff, 4 days each expected; the 2 staff checked in 4 days each
    assert (unit["people"], unit["expected"], unit["done"]) == (3, 12, 8)
    assert unit["rate"] == round(8 / 12, 4) and unit["longest_streak"] == 4
    assert db.session.scalar(select(Campaign.manager_visibility)) is True
