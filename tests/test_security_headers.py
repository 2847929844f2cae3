"""Security headers and cookie flags on every kind of response (SPEC §9, API.md CSP)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.factories import PASSWORD, ApiClient, make_user

REQUIRED_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]


def assert_security_headers(resp: Any, *, api: bool | None = None) -> None:
    """The headers every response must carry (reused by the access matrix)."""
    headers = resp.headers
    csp = headers.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, (directive, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("X-Frame-Options") == "DENY"
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin")
    if api:
        cache = headers.get("Cache-Control", "")
        assert "no-store" in cache or "private" in cache or "immutable" in cache, cache


def _json_error(resp: Any, status: int) -> None:
    assert resp.status_code == status, resp.data[:200]
    assert resp.mimetype == "application/json"
    assert set(resp.get_json()["error"]) == {"code", "message", "details"}
    assert_security_headers(resp, api=True)
    assert b"<html" not in resp.data.lower()


@pytest.fixture
def dist(app: Flask, tmp_path: Path) -> Path:
    """A minimal built PWA so static responses can be checked without npm."""
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>app</title>")
    (root / "customer.html").write_text("<!doctype html><title>customer</title>")
    (root / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (root / "manifest.webmanifest").write_text('{"name": "app"}')
    (root / "assets" / "index-abc123.js").write_text("console.log(1)")
    (root / "assets" / "index-abc123.css").write_text("body{}")
    app.config["PWA_DIST"] = str(root)
    return root


def test_json_success_responses(app, employee_client):
    for path in ("/api/v1/me", "/api/v1/openapi.json"):
        resp = employee_client.get(path)
        assert resp.status_code == 200
        assert_security_headers(resp, api=True)
    me = employee_client.get("/api/v1/me")
    assert "no-store" in me.headers["Cache-Control"]  # personal data never in shared caches
    health = employee_client.get("/healthz")
    assert health.status_code == 200
    assert_security_headers(health)


def test_error_responses_of_every_status(app, client, employee_client):
    _json_error(client.get("/api/v1/me"), 401)
    _json_error(employee_client.client.post("/api/v1/auth/logout"), 403)
    _json_error(client.get("/api/v1/no-such-thing"), 404)
    _json_error(client.delete("/api/v1/openapi.json"), 405)
    _json_error(client.post("/api/v1/auth/login", json={"email": 5}), 422)
    _json_error(
        client.post("/api/v1/auth/login", data="{not json", content_type="application/json"), 400
    )  # issue 11 §5: JSON that does not parse is 400 (was 422)
    _json_error(client.post("/api/v1/auth/login", data="x", content_type="text/plain"), 415)
    app.config["MAX_CONTENT_LENGTH"] = 100
    _json_error(
        client.post("/api/v1/auth/login", data="x" * 1000, content_type="application/json"), 413
    )


def test_throttled_response(app, client):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "1 per 15 minutes"
    client.post("/api/v1/auth/login", json={"email": "a@example.test", "password": "wrong-wrong"})
    resp = client.post(
        "/api/v1/auth/login", json={"email": "b@example.test", "password": "wrong-wrong"}
    )
    _json_error(resp, 429)
    assert int(resp.headers["Retry-After"]) > 0


def test_internal_error_response(app, client):
    @app.get("/api/v1/_explode")
    def explode():
        raise RuntimeError("secret detail /etc/passwd")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    resp = client.get("/api/v1/_explode")
    _json_error(resp, 500)
    assert b"secret detail" not in resp.data and b"Traceback" not in resp.data


def test_pwa_not_built_is_json_503(app, client, tmp_path):
    app.config["PWA_DIST"] = str(tmp_path / "missing")
    resp = client.get("/")
    assert resp.status_code == 503
    assert_security_headers(resp)


@pytest.mark.parametrize(
    "path,mimetype,cache",
    [
        ("/", "text/html", "no-cache"),
        ("/today", "text/html", "no-cache"),
        ("/c/some-token", "text/html", "no-cache"),
        ("/sw.js", "text/javascript", "no-cache"),
        ("/manifest.webmanifest", None, "no-cache"),
        ("/assets/index-abc123.js", "text/javascript", "immutable"),
        ("/assets/index-abc123.css", "text/css", "immutable"),
    ],
)
def test_static_pwa_files(client, dist, path, mimetype, cache):
    resp = client.get(path)
    assert resp.status_code == 200
    assert_security_headers(resp)
    if mimetype:
        assert resp.mimetype == mimetype
    assert cache in resp.headers.get("Cache-Control", "")
    resp.close()


def test_static_path_traversal_is_refused(client, dist, tmp_path):
    (tmp_path / "secret.txt").write_text("top secret")
    for path in (
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
    ):
        resp = client.get(path)
        assert b"top secret" not in resp.data, path
        assert_security_headers(resp)
        resp.close()


def test_missing_static_file_is_404_not_the_shell(client, dist):
    resp = client.get("/assets/missing-file.js")
    assert resp.status_code == 404
    assert_security_headers(resp)


def test_session_cookie_flags_over_http(app, client):
    user = make_user()
    resp = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # would break plain-HTTP development


def test_session_cookie_secure_and_hsts_over_https(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    user = make_user()
    browser = app.test_client()
    resp = browser.post(
        "/api/v1/auth/login",
        base_url="https://localhost",
        json={"email": user.email, "password": PASSWORD},
    )
    assert resp.status_code == 200
    cookie = resp.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "max-age=" in resp.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in app.test_client().get("/healthz").headers


def test_cookie_flags_after_logout_and_password_change(app):
    user = make_user()
    api = ApiClient(app.test_client())
    api.login(user.email)
    resp = api.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "another-password-1"},
    )
    assert resp.status_code == 204
    cookie = resp.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The session was renewed, so the old CSRF token is dead; the client re-reads /me.
    assert api.post("/api/v1/auth/logout").status_code == 403
    api.csrf = api.get("/api/v1/me").get_json()["csrf_token"]
    out = api.post("/api/v1/auth/logout")
    assert out.status_code == 204
    cleared = out.headers.get("Set-Cookie", "")
    assert "session=;" in cleared or "Expires=Thu, 01 Jan 1970" in cleared


def test_anonymous_pages_do_not_start_sessions(client, dist):
    for path in ("/", "/healthz", "/api/v1/openapi.json", "/sw.js"):
        resp = client.get(path)
        assert "Set-Cookie" not in resp.headers, path
        resp.close()
