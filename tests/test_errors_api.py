"""Every error is JSON in the SPEC §8 shape; security headers on every response."""

from __future__ import annotations

import pytest


def _assert_error(resp, status, code=None):
    assert resp.status_code == status, resp.data[:300]
    assert resp.is_json, resp.data[:200]
    err = resp.get_json()["error"]
    assert set(err) == {"code", "message", "details"}
    if code:
        assert err["code"] == code
    return err


def test_unknown_api_path_is_json_404(client):
    _assert_error(client.get("/api/v1/nope"), 404, "not_found")


def test_wrong_method_is_json_405(client):
    _assert_error(client.get("/api/v1/auth/login"), 405, "method_not_allowed")


def test_malformed_json_is_json_error(client):
    resp = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    assert resp.status_code in (400, 422)
    _assert_error(resp, resp.status_code)


def test_wrong_types_and_unknown_fields_are_422(client):
    err = _assert_error(client.post("/api/v1/auth/login", json={"email": 5, "password": []}), 422)
    assert "email" in str(err["details"])
    err = _assert_error(
        client.post(
            "/api/v1/auth/login", json={"email": "a@b.c", "password": "x", "role": "admin"}
        ),
        422,
    )
    assert "role" in str(err["details"])


def test_huge_body_is_json_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    resp = client.post("/api/v1/auth/login", data="x" * 5000, content_type="application/json")
    _assert_error(resp, 413, "too_large")


def test_unexpected_exception_is_json_500_with_request_id(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    err = _assert_error(client.get("/boom"), 500, "internal_error")
    assert err["details"]["request_id"]
    assert "kaboom" not in err["message"]


def test_healthz(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok"}


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/auth/login" in doc["paths"]


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/me", "/api/v1/nope", "/"])
def test_security_headers_on_every_kind_of_response(client, path):
    resp = client.get(path)
    resp.close()
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"]


def test_session_cookie_flags(app, client):
    from tests.factories import PASSWORD, make_user

    user = make_user()
    resp = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
