"""SPEC §8 HR/admin API, §9 roles: User administration, the audit log and form uploads: roles, rules
and errors."""

from __future__ import annotations

import io

import pytest

from server.extensions import db
from tests.factories import PASSWORD, ApiClient, make_user, sync_forms


def client_for(app, role: str) -> ApiClient:
    client = ApiClient(app.test_client())
    client.user = make_user(role=role)  # type: ignore[attr-defined]
    assert client.login(client.user.email).status_code == 200  # type: ignore[attr-defined]
    return client


def test_hr_creates_employee_and_shopper_not_hr(hr_client):
    resp = hr_client.post(
        "/api/v1/users",
        json={
            "email": "New@X.test",
            "name": "新员工",
            "role": "employee",
            "password": "long-enough-pw",
            "employee_number": "N1",
        },
    )
    assert resp.status_code == 201 and resp.get_json()["email"] == "new@x.test"
    assert (
        hr_client.post(
            "/api/v1/users", json={"email": "s@x.test", "name": "Shopper", "role": "shopper"}
        ).status_code
        == 201
    )
    resp = hr_client.post("/api/v1/users", json={"email": "h@x.test", "name": "H", "role": "hr"})
    assert resp.status_code == 403
    dup = hr_client.post(
        "/api/v1/users", json={"email": "new@x.test", "name": "x", "role": "employee"}
    )
    assert dup.status_code == 409 and dup.get_json()["error"]["code"] == "email_taken"
    taken = hr_client.post(
        "/api/v1/users",
        json={"email": "o@x.test", "name": "x", "role": "employee", "employee_number": "N1"},
    )
    assert taken.status_code == 409
    listed = hr_client.get("/api/v1/users?q=新员工").get_json()
    assert listed["total"] == 1 and listed["users"][0]["employee_number"] == "N1"


def test_only_admin_changes_roles(app):
    hr = client_for(app, "hr")
    admin = client_for(app, "admin")
    target = make_user()
    resp = hr.patch(f"/api/v1/users/{target.id}", json={"role": "hr"})
    assert resp.status_code == 403
    resp = admin.patch(f"/api/v1/users/{target.id}", json={"role": "hr"})
    assert resp.status_code == 200 and resp.get_json()["role"] == "hr"
    events = admin.get("/api/v1/audit?action=role_changed").get_json()["events"]
    assert events[0]["details"] == {"old": "employee", "new": "hr"}
    assert events[0]["actor_name"] == admin.user.name  # type: ignore[attr-defined]
    # HR can no longer edit that account
    assert hr.patch(f"/api/v1/users/{target.id}", json={"name": "x"}).status_code == 403


def test_last_admin_is_kept(app):
    admin = client_for(app, "admin")
    me = admin.user  # type: ignore[attr-defined]
    resp = admin.patch(f"/api/v1/users/{me.id}", json={"role": "employee"})
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "last_admin"
    assert admin.patch(f"/api/v1/users/{me.id}", json={"active": False}).status_code == 409


def test_deactivation_ends_sessions(app):
    hr = client_for(app, "hr")
    employee = client_for(app, "employee")
    assert employee.get("/api/v1/me").status_code == 200
    target = employee.user  # type: ignore[attr-defined]
    assert hr.patch(f"/api/v1/users/{target.id}", json={"active": False}).status_code == 200
    assert employee.get("/api/v1/me").status_code == 401
    assert ApiClient(app.test_client()).login(target.email, PASSWORD).status_code == 401


def test_manager_cycle_and_unknown_unit_rejected(hr_client):
    boss = make_user()
    report = make_user(manager_id=boss.id)
    resp = hr_client.patch(f"/api/v1/users/{boss.id}", json={"manager_id": report.id})
    assert resp.status_code == 422
    assert hr_client.patch(f"/api/v1/users/{boss.id}", json={"unit_id": 999}).status_code == 422
    assert hr_client.get("/api/v1/users/99999").status_code == 404


def test_audit_log_filters_and_paging(hr_client):
    for _ in range(3):
        hr_client.post(
            "/api/v1/users", json={"email": f"u{_}@x.test", "name": "U", "role": "employee"}
        )
    page = hr_client.get("/api/v1/audit?action=user_created&limit=2").get_json()
    assert page["total"] == 3 and len(page["events"]) == 2
    assert hr_client.get("/api/v1/audit?limit=0").status_code == 422


FORM = """key: quick-check
title: {en: Quick check, zh-CN: 快速检查}
relationships: [self]
scale: {min: 1, max: 5}
sections:
  - id: s1
    title: {en: Basics, zh-CN: 基本}
    questions:
      - id: q1
        type: rating
        label: {en: Greeting, zh-CN: 问候}
"""


def post_form(client, text: str):
    return client.post(
        "/api/v1/forms",
        data={"file": (io.BytesIO(text.encode()), "f.yaml")},
        content_type="multipart/form-data",
    )


def test_form_upload_versions_only_on_change(hr_client):
    sync_forms()
    first = post_form(hr_client, FORM)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["created"] is True and first.get_json()["version"] == 1
    same = post_form(hr_client, FORM)
    assert same.status_code == 200 and same.get_json()["created"] is False
    changed = post_form(hr_client, FORM.replace("Greeting", "Warm greeting"))
    assert changed.get_json()["version"] == 2
    forms = hr_client.get("/api/v1/forms").get_json()["forms"]
    quick = next(f for f in forms if f["key"] == "quick-check")
    assert [v["version"] for v in quick["versions"]] == [1, 2]
    assert {f["key"] for f in forms} >= {"service-360", "mystery-shop-store"}


@pytest.mark.parametrize(
    "text",
    [
        FORM.replace("type: rating", "type: slider"),
        "key: [unclosed",
        FORM.replace("relationships: [self]\n", ""),
    ],
)
def test_form_upload_invalid(hr_client, text):
    resp = post_form(hr_client, text)
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "invalid_form"
    assert resp.get_json()["error"]["details"]["errors"]
    db.session.rollback()


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/api/v1/users"),
        ("post", "/api/v1/users"),
        ("get", "/api/v1/users/1"),
        ("patch", "/api/v1/users/1"),
        ("get", "/api/v1/audit"),
        ("get", "/api/v1/forms"),
        ("post", "/api/v1/forms"),
    ],
)
@pytest.mark.parametrize("role, expected", [("employee", 403), ("shopper", 403), (None, 401)])
def test_access_matrix(app, method, url, role, expected):
    client = ApiClient(app.test_client())
    if role:
        client.login(make_user(role=role).email)
    assert getattr(client, method)(url).status_code == expected
