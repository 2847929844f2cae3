"""The leaver rule (server/services/org/leavers.py) on every path that deactivates a person:
HR/admin by hand (`PATCH /api/v1/users/{id}` with `active: false`) and the CLI, as the org
sync does (tests/test_org_sync_api.py); the CSV/XLSX org import never deactivates anyone.
SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent, User
from server.services.org import org_import
from server.services.org.org_file import COLUMNS
from tests.factories import ApiClient, make_user
from tests.test_org_sync_api import _status, _world

RULE = {
    "rater_pending": "declined",  # withdrawn: completion no longer waits for it
    "rater_submitted": "submitted",  # what they wrote still counts
    "subject": "pending",  # their own review goes on
    "released": "pending",  # closed/released campaigns never change
    "other": "pending",
}
UNTOUCHED = {**RULE, "rater_pending": "pending"}


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request: pytest.FixtureRequest) -> Flask:
    name = "app" if request.param == "sqlite" else "pg_app"
    return request.getfixturevalue(name)


def logged_in(app: Flask, role: str) -> ApiClient:
    api = ApiClient(app.test_client())
    api.user = make_user(role=role)  # type: ignore[attr-defined]
    assert api.login(api.user.email).status_code == 200  # type: ignore[attr-defined]
    return api


def deactivations(user_id: int) -> list[dict[str, Any]]:
    found = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "user_deactivated", AuditEvent.object_id == str(user_id)
        )
    )
    return [e.details for e in found]


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_deactivating_by_hand_applies_the_leaver_rule(any_app: Flask, role: str) -> None:
    world = _world()
    leaver = world["people"]["3"]
    session_before = leaver.session_token
    api = logged_in(any_app, role)
    resp = api.patch(f"/api/v1/users/{leaver.id}", json={"active": False})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["active"] is False
    assert _status(world) == RULE
    gone = db.session.get(User, leaver.id)
    assert gone is not None and gone.active is False and gone.session_token != session_before
    assert deactivations(leaver.id) == [{"source": "users_admin", "withdrawn": 1}]
    # deactivating again changes nothing; reactivating does not bring the tasks back
    assert api.patch(f"/api/v1/users/{leaver.id}", json={"active": False}).status_code == 200
    assert api.patch(f"/api/v1/users/{leaver.id}", json={"active": True}).status_code == 200
    assert _status(world) == RULE and len(deactivations(leaver.id)) == 1


def test_an_edit_without_deactivation_withdraws_nothing(any_app: Flask) -> None:
    world = _world()
    api = logged_in(any_app, "hr")
    leaver = world["people"]["3"]
    resp = api.patch(f"/api/v1/users/{leaver.id}", json={"job_title": "Sales", "active": True})
    assert resp.status_code == 200
    assert _status(world) == UNTOUCHED and deactivations(leaver.id) == []


def test_the_cli_applies_the_leaver_rule(app: Flask) -> None:
    world = _world()
    leaver = world["people"]["3"]
    result = app.test_cli_runner().invoke(args=["users", "deactivate", leaver.email])
    assert result.exit_code == 0, result.output
    assert _status(world) == RULE
    assert deactivations(leaver.id) == [{"source": "cli", "withdrawn": 1}]


def test_the_org_import_never_deactivates(any_app: Flask) -> None:
    """The file has no `active` column and a person absent from it stays as they are."""
    world = _world()
    header = "employee_number,name,email,unit_path\n"
    text = header + "1,Person 1,1@corp.example,Corp/East\n2,Person 2,2@corp.example,Corp/East\n"
    org_import.import_org(db.session, org_import.read_rows("org.csv", text.encode()), None)
    db.session.commit()
    assert db.session.get(User, world["people"]["3"].id).active is True
    assert _status(world) == UNTOUCHED
    assert "active" not in COLUMNS
