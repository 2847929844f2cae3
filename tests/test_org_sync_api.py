"""Issue 17 §3: the org sync (JSON org import for an HR system with an org:write token):
the import's validation, all-or-nothing with errors per row index, and leavers deactivated
(never deleted) by the documented rule, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import Assignment, AuditEvent, OrgUnit, User
from tests.factories import (
    ApiClient,
    make_assignment,
    make_campaign,
    make_user,
    rating_form,
    save_form,
)

URL = "/api/v1/org/sync"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request: pytest.FixtureRequest) -> Flask:
    name = "app" if request.param == "sqlite" else "pg_app"
    return request.getfixturevalue(name)


def admin_token(app: Flask, scopes: list[str] | None = None) -> dict[str, str]:
    admin = make_user(role="admin")
    api = ApiClient(app.test_client())
    assert api.login(admin.email).status_code == 200
    resp = api.post(
        "/api/v1/admin/api-tokens",
        json={"name": "HR system", "scopes": scopes or ["org:write"], "expires_in_days": 30},
    )
    return {"Authorization": f"Bearer {resp.get_json()['secret']}"}


def person(number: str, manager: str = "", **kw: Any) -> dict[str, Any]:
    return {
        "employee_number": number,
        "name": f"Person {number}",
        "email": f"{number.lower()}@corp.example",
        "unit_path": "Corp/East/Store 1",
        "unit_path_zh": "公司/华东/一店",
        "manager_employee_number": manager or None,
        "locale": "en",
        **kw,
    }


def sync(app: Flask, headers: dict[str, str], people: list[dict[str, Any]], **kw: Any) -> Any:
    body = {"mode": "partial", "people": people, **kw}
    return app.test_client().post(URL, json=body, headers=headers)


def count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_sync_creates_then_is_idempotent(any_app):
    token = admin_token(any_app)
    people = [person("E1"), person("E2", "E1", job_title="Clerk")]
    resp = sync(any_app, token, people)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "units_created": 3,
        "rows": 2,
        "deactivated": [],
        "withdrawn_assignments": 0,
        "skipped": 0,
        "dry_run": False,
    }
    e2 = db.session.scalar(select(User).where(User.employee_number == "E2"))
    assert e2.manager.employee_number == "E1" and e2.unit.name["zh-CN"] == "一店"
    again = sync(any_app, token, people).get_json()
    assert (again["created"], again["unchanged"]) == (0, 2)
    assert sync(any_app, token, [person("E2", job_title="Lead")]).get_json()["updated"] == 1


def test_all_or_nothing_with_errors_per_row_index(any_app):
    token = admin_token(any_app)
    people = [
        person("E1"),
        person("E2", email="not-an-email"),
        person("E3", "NOBODY"),
        person("E1", email="other@corp.example"),
        {"employee_number": "E5"},
    ]
    before = (count(User), count(OrgUnit))
    resp = sync(any_app, token, people)
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "import_invalid"
    found = {(r["index"], r["reason"]) for r in error["details"]["rows"]}
    assert {
        (1, "bad_email"),
        (2, "unknown_manager"),
        (3, "duplicate_employee_number"),
        (4, "missing_field"),
    } <= found
    assert all(set(r) == {"index", "reason", "column", "message"} for r in error["details"]["rows"])
    assert (count(User), count(OrgUnit)) == before  # nothing was written


def test_errors_are_in_the_callers_language(app):
    token = admin_token(app)
    resp = app.test_client().post(
        URL,
        json={"mode": "partial", "people": [person("E1", email="bad")]},
        headers={**token, "Accept-Language": "zh-CN"},
    )
    message = resp.get_json()["error"]["message"]
    assert resp.status_code == 422 and "nothing was imported" not in message


def test_schema_refuses_malformed_bodies(app):
    token = admin_token(app)
    for body in (
        {"mode": "partial", "people": []},
        {"mode": "sometimes", "people": [person("E1")]},
        {"people": [person("E1")]},
        {"mode": "full", "people": [person("E1", active="no")]},
        {"mode": "full", "people": [person("E1", salary=1)]},
        {"mode": "full", "people": [person("E1", name="x\x00")]},
        {"mode": "full", "people": [person("E1", name="x" * 201)]},
        {"mode": "full", "people": [person("E1")], "dry_run": "yes"},
        {"mode": "full", "people": "E1"},
    ):
        resp = app.test_client().post(URL, json=body, headers=token)
        assert resp.status_code == 422, body
    assert count(User) == 1  # the admin


def _world() -> dict[str, Any]:
    """E1 manages E2 and E3; E3 is the leaver: a rater and a subject in open campaigns."""
    version = save_form(rating_form())
    people = {n: make_user(employee_number=n, email=f"{n.lower()}@corp.example") for n in "123"}
    e1, e2, e3 = people["1"], people["2"], people["3"]
    shopper = make_user(role="shopper", employee_number="S9")
    open_c = make_campaign(form=version, status="open")
    released = make_campaign(form=version, status="released")
    rows = {
        "rater_pending": make_assignment(open_c, e3, version, "peer", subject_id=e2.id),
        "rater_submitted": make_assignment(open_c, e3, version, "peer", subject_id=e1.id),
        "subject": make_assignment(open_c, e1, version, "supervisor", subject_id=e3.id),
        "released": make_assignment(released, e3, version, "peer", subject_id=e2.id),
        "other": make_assignment(open_c, e2, version, "peer", subject_id=e1.id),
    }
    rows["rater_submitted"].status = "submitted"
    db.session.commit()
    return {"people": people, "shopper": shopper, "assignments": rows}


def _status(world: dict[str, Any]) -> dict[str, str]:
    db.session.expire_all()
    return {k: db.session.get(Assignment, a.id).status for k, a in world["assignments"].items()}


def _keep(*numbers: str) -> list[dict[str, Any]]:
    return [person(n, email=f"{n.lower()}@corp.example") for n in numbers]


def test_full_sync_deactivates_leavers_by_the_rule(any_app):
    world = _world()
    token = admin_token(any_app)
    leaver = world["people"]["3"]
    session_before = leaver.session_token
    resp = sync(any_app, token, _keep("1", "2"), mode="full")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["deactivated"] == ["3"] and body["withdrawn_assignments"] == 1
    db.session.expire_all()
    gone = db.session.get(User, leaver.id)
    assert gone is not None and gone.active is False  # deactivated, never deleted
    assert gone.session_token != session_before  # every session ended
    assert db.session.get(User, world["shopper"].id).active is True  # not the HR system's
    assert _status(world) == {
        "rater_pending": "declined",  # withdrawn: completion no longer waits for it
        "rater_submitted": "submitted",  # what they wrote still counts
        "subject": "pending",  # their own review goes on
        "released": "pending",  # closed/released campaigns never change
        "other": "pending",
    }
    event = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "user_deactivated", AuditEvent.object_id == str(leaver.id)
        )
    ).one()
    assert event.details == {"source": "org_sync", "withdrawn": 1}
    again = sync(any_app, token, _keep("1", "2"), mode="full").get_json()
    assert again["deactivated"] == []  # a leaver leaves once


def test_partial_sync_deactivates_only_rows_marked_inactive(any_app):
    world = _world()
    token = admin_token(any_app)
    people = [*_keep("1"), {"employee_number": "3", "active": False}]
    people.append({"employee_number": "NEVER-SEEN", "active": False})
    body = sync(any_app, token, people).get_json()
    assert body["deactivated"] == ["3"] and body["skipped"] == 1
    db.session.expire_all()
    assert db.session.get(User, world["people"]["2"].id).active is True
    assert db.session.get(User, world["people"]["3"].id).active is False


def test_nobody_may_report_to_a_leaver(any_app):
    world = _world()
    token = admin_token(any_app)
    people = [person("1", email="1@corp.example"), person("2", "3", email="2@corp.example")]
    resp = sync(any_app, token, people, mode="full")
    assert resp.status_code == 422
    rows = resp.get_json()["error"]["details"]["rows"]
    assert [(r["index"], r["reason"]) for r in rows] == [(1, "manager_leaving")]
    db.session.expire_all()
    assert db.session.get(User, world["people"]["3"].id).active is True  # nothing happened


def test_dry_run_reports_leavers_and_changes_nothing(any_app):
    world = _world()
    token = admin_token(any_app)
    body = sync(any_app, token, _keep("1", "2") + [person("N1")], mode="full", dry_run=True)
    assert body.get_json()["deactivated"] == ["3"] and body.get_json()["dry_run"] is True
    db.session.expire_all()
    assert db.session.get(User, world["people"]["3"].id).active is True
    assert _status(world)["rater_pending"] == "pending"
    assert db.session.scalar(select(User).where(User.employee_number == "N1")) is None


def test_only_org_write_tokens_and_staff_sync(app, hr_client):
    read_only = admin_token(app, ["org:read"])
    assert sync(app, read_only, [person("E1")]).status_code == 403
    resp = hr_client.post(URL, json={"mode": "partial", "people": [person("E1")]})
    assert resp.status_code == 200  # HR with a session (and CSRF) may sync too
    assert sync(app, {}, [person("E2")]).status_code == 401
