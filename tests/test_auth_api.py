"""Login, logout, CSRF, session invalidation and throttling (SPEC §8-9)."""

from __future__ import annotations

from tests.factories import PASSWORD, ApiClient, make_user


def test_login_is_case_insensitive_and_returns_csrf(app, client):
    user = make_user(email="Mixed.Case@Example.test")
    resp = client.post(
        "/api/v1/auth/login", json={"email": "MIXED.case@example.TEST", "password": PASSWORD}
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["user"]["id"] == user.id
    assert body["user"]["email"] == "mixed.case@example.test"
    assert len(body["csrf_token"]) >= 32
    me = client.get("/api/v1/me").get_json()
    assert me["user"]["role"] == "employee" and me["csrf_token"] == body["csrf_token"]


def test_wrong_password_and_unknown_user_get_same_401(app, client):
    make_user(email="a@example.test")
    for email in ("a@example.test", "nobody@example.test"):
        resp = client.post(
            "/api/v1/auth/login", json={"email": email, "password": "wrong-pass-123"}
        )
        assert resp.status_code == 401
        assert resp.get_json()["error"]["code"] == "invalid_credentials"


def test_inactive_user_cannot_log_in(app, client):
    make_user(email="gone@example.test", active=False)
    resp = client.post(
        "/api/v1/auth/login", json={"email": "gone@example.test", "password": PASSWORD}
    )
    assert resp.status_code == 401


def test_me_requires_session(client):
    resp = client.get("/api/v1/me")
    assert resp.status_code == 401
    assert resp.get_json()["error"]["code"] == "unauthenticated"


def test_unsafe_request_without_csrf_token_is_refused(app, employee_client):
    raw = employee_client.client
    resp = raw.post("/api/v1/auth/logout")
    assert resp.status_code == 403
    assert resp.get_json()["error"]["code"] == "csrf_failed"
    resp = raw.post("/api/v1/auth/logout", headers={"X-CSRF-Token": "forged"})
    assert resp.status_code == 403
    assert employee_client.get("/api/v1/me").status_code == 200  # still logged in


def test_foreign_origin_is_refused_even_with_token(app, employee_client):
    resp = employee_client.post("/api/v1/auth/logout", headers={"Origin": "https://evil.example"})
    assert resp.status_code == 403


def _cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_logout_invalidates_older_cookies(app):
    user = make_user()
    first = ApiClient(app.test_client())
    first.login(user.email)
    stolen = _cookie(first.client)
    second = ApiClient(app.test_client())
    second.login(user.email)
    assert first.post("/api/v1/auth/logout").status_code == 204
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/api/v1/me").status_code == 401
    # every other session of the user ended too
    assert second.get("/api/v1/me").status_code == 401


def test_password_change_invalidates_other_sessions_but_keeps_this_one(app):
    user = make_user()
    other = ApiClient(app.test_client())
    other.login(user.email)
    me = ApiClient(app.test_client())
    me.login(user.email)
    resp = me.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "new-password-456"},
    )
    assert resp.status_code == 204
    assert other.get("/api/v1/me").status_code == 401
    assert me.get("/api/v1/me").status_code == 200
    fresh = ApiClient(app.test_client())
    assert fresh.login(user.email, "new-password-456").status_code == 200
    assert ApiClient(app.test_client()).login(user.email).status_code == 401


def test_password_change_checks_current_and_length(app, employee_client):
    bad = employee_client.post(
        "/api/v1/me/password",
        json={"current_password": "nope-nope-nope", "new_password": "another-password"},
    )
    assert bad.status_code == 403
    short = employee_client.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422


def test_deactivation_invalidates_sessions(app):
    from server.extensions import db
    from server.services.org import accounts

    user = make_user()
    api = ApiClient(app.test_client())
    api.login(user.email)
    accounts.set_active(user, False)
    db.session.commit()
    assert api.get("/api/v1/me").status_code == 401


def test_login_rotates_session_cookie(app):
    user = make_user()
    c = app.test_client()
    c.get("/api/v1/me")
    c.set_cookie("session", "attacker-chosen-value")
    ApiClient(c).login(user.email)
    assert _cookie(c) != "attacker-chosen-value"
    assert c.get("/api/v1/me").status_code == 200


def test_login_throttled_per_account_with_retry_after(app):
    make_user(email="victim@example.test")
    for i in range(10):
        c = app.test_client()
        resp = c.post(
            "/api/v1/auth/login",
            json={"email": "victim@example.test", "password": f"wrong-{i}-xxxxx"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
        )
        assert resp.status_code == 401
    resp = app.test_client().post(
        "/api/v1/auth/login",
        json={"email": "VICTIM@example.test", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.1.1"},
    )
    assert resp.status_code == 429
    assert int(resp.headers["Retry-After"]) > 0
    assert resp.get_json()["error"]["code"] == "too_many_requests"


def test_login_throttled_per_address(app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    c = app.test_client()
    for i in range(3):
        assert (
            c.post(
                "/api/v1/auth/login",
                json={"email": f"x{i}@example.test", "password": "wrong-password"},
            ).status_code
            == 401
        )
    resp = c.post("/api/v1/auth/login", json={"email": "y@example.test", "password": "whatever-1"})
    assert resp.status_code == 429
    assert "Retry-After" in resp.headers


def test_successful_logins_are_not_throttled(app):
    user = make_user()
    for _ in range(15):
        assert ApiClient(app.test_client()).login(user.email).status_code == 200


def test_password_hash_is_argon2id(app):
    user = make_user()
    assert user.password_hash.startswith("$argon2id$")
