"""SPEC §8 CSRF, §9 sessions: Cross-site request forgery: what a page on another origin can and
cannot make a browser do."""

from __future__ import annotations

import json

import pytest

from tests.factories import PASSWORD, ApiClient, make_user

FOREIGN = [
    "https://evil.example",
    "http://localhost.evil.example",
    "http://evil@localhost.x",
    "https://localhost:4443",
]


@pytest.fixture
def victim(app):
    user = make_user()
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    api.user = user  # type: ignore[attr-defined]
    return api


@pytest.mark.parametrize("origin", FOREIGN)
def test_foreign_origin_refused_even_with_valid_token(victim, origin):
    resp = victim.post(
        "/api/v1/me/password",
        headers={"Origin": origin},
        json={"current_password": PASSWORD, "new_password": "attacker-chosen-1"},
    )
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "csrf_failed"


def test_html_form_post_cannot_change_password(victim):
    """A cross-site <form> sends a simple request: no custom header, no JSON content type."""
    resp = victim.client.post(
        "/api/v1/me/password",
        data={"current_password": PASSWORD, "new_password": "attacker-1234"},
        content_type="application/x-www-form-urlencoded",
    )
    assert resp.status_code == 403
    resp = victim.client.post(
        "/api/v1/me/password",
        content_type="text/plain",
        data=json.dumps({"current_password": PASSWORD, "new_password": "attacker-1234"}),
    )
    assert resp.status_code == 403
    fresh = ApiClient(victim.client.application.test_client())
    assert fresh.login(victim.user.email, PASSWORD).status_code == 200  # password unchanged


def test_sandboxed_null_origin_still_needs_the_token(victim):
    resp = victim.client.post("/api/v1/auth/logout", headers={"Origin": "null"})
    assert resp.status_code == 403
    assert victim.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_every_unsafe_method_needs_the_token(victim, method):
    resp = getattr(victim.client, method)("/api/v1/me/password", json={})
    # 403 from the CSRF guard, before routing decides 405 for the method.
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "csrf_failed"


def test_token_of_another_session_is_refused(app, victim):
    other = ApiClient(app.test_client())
    other.login(make_user().email)
    resp = victim.client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": other.csrf})
    assert resp.status_code == 403


def test_login_csrf_from_foreign_origin_is_refused(app):
    """Logging a victim into the attacker's account (login CSRF) is refused by the origin check."""
    attacker = make_user()
    browser = app.test_client()
    resp = browser.post(
        "/api/v1/auth/login",
        headers={"Origin": "https://evil.example"},
        json={"email": attacker.email, "password": PASSWORD},
    )
    assert resp.status_code == 403
    assert browser.get("/api/v1/me").status_code == 401


def test_same_origin_request_with_token_works(victim):
    resp = victim.post("/api/v1/auth/logout", headers={"Origin": "http://localhost"})
    assert resp.status_code == 204


def test_csrf_token_is_not_readable_cross_site(victim):
    """The token is only in JSON bodies that no foreign page can read (no CORS grant)."""
    resp = victim.client.get("/api/v1/me", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "Access-Control-Allow-Credentials" not in resp.headers
    preflight = victim.client.options(
        "/api/v1/me/password",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-csrf-token",
        },
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
