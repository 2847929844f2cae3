"""Attacks on sessions: fixation, forged and replayed cookies, brute-forced passwords (SPEC §9)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from server import create_app
from server.extensions import db
from tests.conftest import TEST_CONFIG
from tests.factories import PASSWORD, ApiClient, make_user


def _cookie(client: Any) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _signed_session(app: Flask, data: dict[str, Any], secret: str | None = None) -> str:
    """Sign a session cookie the way Flask does (optionally with another secret key)."""
    signer_app = app
    if secret is not None:
        signer_app = Flask("forger")
        signer_app.config.update(SECRET_KEY=secret)
    serializer = app.session_interface.get_signing_serializer(signer_app)  # type: ignore[attr-defined]
    return serializer.dumps(data)


# --- session fixation ---------------------------------------------------------------------------


def test_planted_pre_login_session_is_replaced_at_login(app):
    """An attacker plants a session whose CSRF token they know; login must discard it."""
    victim = make_user()
    browser = app.test_client()
    with browser.session_transaction() as sess:
        sess["csrf"] = "attacker-knows-this-token"
        sess["_fresh"] = True
    planted = _cookie(browser)

    api = ApiClient(browser)
    assert api.login(victim.email).status_code == 200
    assert api.csrf != "attacker-knows-this-token"
    assert _cookie(browser) != planted
    # The attacker's copy of the planted cookie is still anonymous.
    attacker = app.test_client()
    attacker.set_cookie("session", planted)
    assert attacker.get("/api/v1/me").status_code == 401
    # The known token does not authorise unsafe requests in the victim's new session.
    forged = browser.post(
        "/api/v1/auth/logout", headers={"X-CSRF-Token": "attacker-knows-this-token"}
    )
    assert forged.status_code == 403
    assert browser.get("/api/v1/me").status_code == 200


def test_login_as_second_user_drops_first_users_session_data(app):
    first, second = make_user(), make_user()
    browser = ApiClient(app.test_client())
    browser.login(first.email)
    old_csrf = browser.csrf
    browser.client.post("/api/v1/auth/login", json={"email": second.email, "password": PASSWORD})
    me = browser.client.get("/api/v1/me").get_json()
    assert me["user"]["id"] == second.id
    assert me["csrf_token"] != old_csrf


# --- forged cookies -----------------------------------------------------------------------------


def test_cookie_signed_with_another_secret_is_refused(app):
    victim = make_user()
    forged = _signed_session(
        app, {"_user_id": victim.session_token, "_fresh": True}, secret="guessed-secret"
    )
    attacker = app.test_client()
    attacker.set_cookie("session", forged)
    assert attacker.get("/api/v1/me").status_code == 401


def test_cookie_naming_a_numeric_user_id_is_refused(app):
    """Even with the real key, the cookie must carry the secret session token, not the id."""
    victim = make_user()
    attacker = app.test_client()
    attacker.set_cookie("session", _signed_session(app, {"_user_id": str(victim.id)}))
    assert attacker.get("/api/v1/me").status_code == 401
    genuine = app.test_client()
    genuine.set_cookie("session", _signed_session(app, {"_user_id": victim.session_token}))
    assert genuine.get("/api/v1/me").status_code == 200  # proves the forgery path is realistic


def test_no_remember_me_cookie_and_forged_remember_cookie_is_ignored(app):
    user = make_user()
    browser = app.test_client()
    resp = browser.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert "remember_token" not in resp.headers.get("Set-Cookie", "")
    attacker = app.test_client()
    attacker.set_cookie("remember_token", f"{user.session_token}|deadbeef")
    assert attacker.get("/api/v1/me").status_code == 401


# --- replay of logged-out cookies ---------------------------------------------------------------


def test_logged_out_cookie_is_refused_for_reads_and_writes(app):
    user = make_user()
    api = ApiClient(app.test_client())
    api.login(user.email)
    stolen, stolen_csrf = _cookie(api.client), api.csrf
    assert api.post("/api/v1/auth/logout").status_code == 204
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/api/v1/me").status_code == 401
    resp = replay.post(
        "/api/v1/me/password",
        headers={"X-CSRF-Token": stolen_csrf},
        json={"current_password": PASSWORD, "new_password": "hijacked-password"},
    )
    assert resp.status_code == 401
    assert ApiClient(app.test_client()).login(user.email).status_code == 200  # password unchanged


def test_logout_on_one_server_ends_the_session_on_another(app):
    """Two app servers share the database and the secret: logout is global."""
    other_server = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    email = make_user().email
    db.session.close()  # the fixture's session must not hold SQLite's write lock
    api = ApiClient(app.test_client())
    api.login(email)
    # Requests made inside the fixture's app context share its session: release SQLite's lock.
    db.session.close()
    stolen = _cookie(api.client)
    replay = other_server.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/api/v1/me").status_code == 200
    assert api.post("/api/v1/auth/logout").status_code == 204
    db.session.close()
    assert replay.get("/api/v1/me").status_code == 401
    with other_server.app_context():
        db.session.remove()
        db.engine.dispose()


def test_cookie_from_before_a_password_reset_by_attacker_is_refused(app):
    """The legitimate owner changes the password: the attacker's stolen cookie dies."""
    user = make_user()
    attacker = ApiClient(app.test_client())
    attacker.login(user.email)
    owner = ApiClient(app.test_client())
    owner.login(user.email)
    assert (
        owner.post(
            "/api/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "brand-new-pass-1"},
        ).status_code
        == 204
    )
    assert attacker.get("/api/v1/me").status_code == 401
    assert attacker.post("/api/v1/auth/logout").status_code in (401, 403)


# --- brute force --------------------------------------------------------------------------------


def _attempt(app: Flask, email: str, password: str, addr: str) -> Any:
    return app.test_client().post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


def test_account_lockout_cannot_be_bypassed_with_email_variants(app):
    make_user(email="target@example.test")
    variants = [
        "target@example.test",
        "TARGET@example.test",
        " target@example.test",
        "Target@Example.Test ",
        "tArGeT@eXaMpLe.TeSt",
    ]
    for i in range(10):
        resp = _attempt(app, variants[i % len(variants)], f"guess-{i:04d}-xx", f"10.9.0.{i}")
        assert resp.status_code == 401
    for i, email in enumerate(variants):
        resp = _attempt(app, email, PASSWORD, f"10.9.1.{i}")
        assert resp.status_code == 429, email
        assert resp.get_json()["error"]["code"] in ("too_many_requests", "too_many_attempts")


def test_throttle_does_not_reveal_which_accounts_exist(app):
    make_user(email="exists@example.test")
    outcomes = {}
    for email in ("exists@example.test", "ghost@example.test"):
        net = f"10.8.{len(outcomes)}"
        codes = [
            _attempt(app, email, f"wrong-{i}-password", f"{net}.{i}").status_code for i in range(11)
        ]
        outcomes[email] = codes
    assert outcomes["exists@example.test"] == outcomes["ghost@example.test"] == [401] * 10 + [429]


def test_password_spraying_from_one_address_is_throttled(app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "5 per 15 minutes"
    for i in range(5):
        make_user(email=f"staff{i}@example.test")
    codes = [
        _attempt(app, f"staff{i % 5}@example.test", "Spring2026!!", "10.7.0.1").status_code
        for i in range(8)
    ]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    # Other addresses are unaffected.
    assert _attempt(app, "staff0@example.test", PASSWORD, "10.7.0.2").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"email": ["target@example.test"], "password": "x" * 12},
        {"email": "target@example.test", "password": None},
        {"email": "target@example.test", "password": "p" * 1_000_000},
        {"email": "target@example.test\x00", "password": "x" * 12},
    ],
)
def test_malformed_login_bodies_are_client_errors(app, body):
    make_user(email="target@example.test")
    resp = app.test_client().post("/api/v1/auth/login", json=body)
    assert 400 <= resp.status_code < 500, resp.get_json()
    assert "error" in resp.get_json()


def test_current_password_check_cannot_be_brute_forced_through_password_change(app):
    """A thief holding a session must not get unlimited guesses of the current password."""
    user = make_user()
    thief = ApiClient(app.test_client())
    thief.login(user.email)
    codes = [
        thief.post(
            "/api/v1/me/password",
            json={"current_password": f"guess-{i:05d}", "new_password": "x" * 12},
        ).status_code
        for i in range(30)
    ]
    assert codes[0] == 403
    assert 429 in codes, codes


def _throttled_after(app: Flask, forwarded: list[str]) -> list[int]:
    codes = []
    for i, addr in enumerate(forwarded):
        resp = app.test_client().post(
            "/api/v1/auth/login",
            json={"email": f"p{i}@example.test", "password": "wrong-pass-1"},
            headers={"X-Forwarded-For": addr},
            environ_base={"REMOTE_ADDR": "10.0.0.254"},
        )
        codes.append(resp.status_code)
    return codes


def test_forwarded_for_is_ignored_without_trusted_proxies(app):
    """A client cannot dodge the per-address limit by inventing X-Forwarded-For."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "2 per 15 minutes"
    codes = _throttled_after(app, ["1.1.1.1", "2.2.2.2", "3.3.3.3"])
    assert codes == [401, 401, 429]


def test_forwarded_for_is_honoured_behind_a_trusted_proxy(tmp_path, _template_db):
    import shutil

    path = tmp_path / "proxy.db"
    shutil.copy(_template_db, path)
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "TRUSTED_PROXIES": 1,
            "LOGIN_LIMIT_PER_ADDRESS": "2 per 15 minutes",
        }
    )
    with app.app_context():
        # Behind the load balancer every request has the same peer; clients differ.
        assert _throttled_after(app, ["1.1.1.1", "1.1.1.1", "2.2.2.2"]) == [401, 401, 401]
        assert _throttled_after(app, ["1.1.1.1"]) == [429]
        https = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" in https.headers
        db.session.remove()
        db.engine.dispose()
