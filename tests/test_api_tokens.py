"""Issue 17 §1: API tokens: issued once and stored hashed, bearer authentication without a
cookie or CSRF, scopes, expiry and revocation (time-machine), the creator's rights, rate
limiting, usage audit events, and the OpenAPI security scheme."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from server.extensions import db, limiter
from server.models import ApiToken, AuditEvent, User
from tests.factories import ApiClient, make_user

URL = "/api/v1/admin/api-tokens"


def issue(admin: ApiClient, scopes: list[str], days: int = 30, name: str = "HR sync") -> str:
    resp = admin.post(URL, json={"name": name, "scopes": scopes, "expires_in_days": days})
    assert resp.status_code == 201, resp.get_json()
    return str(resp.get_json()["secret"])


def fresh_admin(app) -> ApiClient:
    """An admin signed in now (inside a time machine: the cookie is of that time)."""
    user = make_user(role="admin")
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    api.user = user  # type: ignore[attr-defined]
    return api


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_secret_is_shown_once_and_stored_hashed(app, admin_client):
    resp = admin_client.post(
        URL, json={"name": "Payroll", "scopes": ["reviews:read"], "expires_in_days": 90}
    )
    body = resp.get_json()
    secret = body["secret"]
    assert secret.startswith("svt_") and body["token"]["status"] == "active"
    row = db.session.scalars(select(ApiToken)).one()
    assert secret.split("_", 2)[1] == row.prefix
    assert row.secret_hash == hashlib.sha256(secret.split("_", 2)[2].encode()).hexdigest()
    assert secret not in str(row.__dict__)
    listed = admin_client.get(URL).get_json()
    assert "secret" not in listed["tokens"][0] and secret not in str(listed)
    assert listed["tokens"][0]["scopes"] == ["reviews:read"]
    assert "org:write" in listed["scopes"]
    created = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "api_token_created"))
    assert created.one().details["name"] == "Payroll"


def test_only_admins_manage_tokens(app, hr_client, admin_client):
    assert hr_client.get(URL).status_code == 403
    assert hr_client.post(URL, json={}).status_code == 403
    token = issue(admin_client, ["org:read", "org:write", "audit:read"])
    # no scope opens token administration: a token cannot mint or revoke tokens
    for method, url in (("get", URL), ("post", URL), ("post", f"{URL}/1/revoke")):
        resp = getattr(app.test_client(), method)(url, headers=bearer(token), json={})
        assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "token_scope"


def test_create_is_validated(app, admin_client):
    bad = [
        {"name": "", "scopes": ["reviews:read"], "expires_in_days": 1},
        {"name": "x", "scopes": [], "expires_in_days": 1},
        {"name": "x", "scopes": ["root"], "expires_in_days": 1},
        {"name": "x", "scopes": ["reviews:read"], "expires_in_days": 0},
        {"name": "x", "scopes": ["reviews:read"], "expires_in_days": 367},
        {"name": "x", "scopes": ["reviews:read"], "expires_in_days": "5"},
        {"name": "x\x00", "scopes": ["reviews:read"], "expires_in_days": 5},
        {"name": "x", "scopes": ["reviews:read"], "expires_in_days": 5, "role": "admin"},
    ]
    for body in bad:
        resp = admin_client.post(URL, json=body)
        assert resp.status_code == 422, body
        assert set(resp.get_json()["error"]) == {"code", "message", "details"}


def test_bearer_works_without_cookie_and_without_csrf(app, admin_client):
    token = issue(admin_client, ["org:read", "org:write"])
    plain = app.test_client()
    resp = plain.get("/api/v1/users", headers=bearer(token))
    assert resp.status_code == 200 and "Set-Cookie" not in resp.headers
    resp = plain.post(
        "/api/v1/org/sync", headers=bearer(token), json={"mode": "partial", "people": [{}]}
    )
    assert resp.status_code == 422  # past CSRF and authorisation: the body is looked at
    assert resp.get_json()["error"]["code"] == "import_invalid"


def test_cookie_requests_still_need_csrf(app, admin_client):
    resp = admin_client.client.post("/api/v1/org/sync", json={"mode": "partial", "people": [{}]})
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "csrf_failed"


def test_bearer_header_wins_over_a_cookie(app, admin_client):
    """Decision: with a Bearer header the cookie is ignored: its user and CSRF duty do not
    apply, the token's scopes do; a bad token is 401 even beside a valid session."""
    token = issue(admin_client, ["reviews:read"])
    client = admin_client.client  # carries the admin's session cookie
    assert client.get("/api/v1/users").status_code == 200
    assert client.get("/api/v1/users", headers=bearer(token)).status_code == 403
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 403
    resp = client.get("/api/v1/users", headers=bearer("svt_bad"))
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "invalid_token"
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_scopes_open_only_their_routes(app, admin_client):
    reviews = issue(admin_client, ["reviews:read"])
    org = issue(admin_client, ["org:read"])
    plain = app.test_client()
    assert plain.get("/api/v1/scorecard", headers=bearer(reviews)).status_code == 200
    assert plain.get("/api/v1/scorecard", headers=bearer(org)).status_code == 403
    assert plain.get("/api/v1/org/units", headers=bearer(org)).status_code == 200
    assert plain.get("/api/v1/audit", headers=bearer(org)).status_code == 403
    assert plain.get("/api/v1/openapi.json", headers=bearer(org)).status_code == 200
    assert plain.get("/api/v1/no-such-route", headers=bearer(org)).status_code == 404


def test_expiry_and_revocation(app, admin_client):
    start = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    plain = app.test_client()
    with time_machine.travel(start, tick=False) as clock:
        admin = fresh_admin(app)
        token = issue(admin, ["org:read"], days=1)
        assert plain.get("/api/v1/org/units", headers=bearer(token)).status_code == 200
        clock.move_to(start + timedelta(days=1) - timedelta(seconds=1))
        assert plain.get("/api/v1/org/units", headers=bearer(token)).status_code == 200
        clock.move_to(start + timedelta(days=1))
        resp = plain.get("/api/v1/org/units", headers=bearer(token))
        listed = admin.get(URL).get_json()["tokens"][0]
    assert resp.status_code == 401
    assert resp.get_json()["error"]["message"] == "The API token has expired."
    assert listed["status"] == "expired"

    token = issue(admin_client, ["org:read"])
    row_id = admin_client.get(URL).get_json()["tokens"][0]["id"]
    assert admin_client.post(f"{URL}/{row_id}/revoke").status_code == 200
    assert admin_client.post(f"{URL}/{row_id}/revoke").get_json()["status"] == "revoked"
    resp = plain.get("/api/v1/org/units", headers={**bearer(token), "Accept-Language": "zh-CN"})
    assert resp.status_code == 401
    assert resp.get_json()["error"]["code"] == "invalid_token"
    assert resp.get_json()["error"]["message"] != "The API token was revoked."  # translated
    assert admin_client.post(f"{URL}/999999/revoke").status_code == 404
    revoked = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "api_token_revoked"))
    assert len(revoked.all()) == 1


def test_a_token_never_exceeds_its_creator(app, admin_client):
    token = issue(admin_client, ["org:read"])
    plain = app.test_client()
    creator = db.session.get(User, admin_client.user.id)
    make_user(role="admin")  # so the creator is not the last admin
    creator.role = "hr"
    db.session.commit()
    assert plain.get("/api/v1/org/units", headers=bearer(token)).status_code == 401
    creator.role, creator.active = "admin", False
    db.session.commit()
    assert plain.get("/api/v1/org/units", headers=bearer(token)).status_code == 401
    creator.active = True
    db.session.commit()
    assert plain.get("/api/v1/org/units", headers=bearer(token)).status_code == 200


def test_wrong_secret_with_a_real_prefix_is_refused(app, admin_client):
    token = issue(admin_client, ["org:read"])
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    resp = app.test_client().get("/api/v1/org/units", headers=bearer(forged))
    assert resp.status_code == 401
    assert resp.get_json()["error"]["message"] == "The API token is malformed or unknown."


def test_rate_limited_per_token(app, admin_client):
    app.config["API_TOKEN_LIMIT"] = "3 per minute"
    limiter.reset()
    one, two = issue(admin_client, ["org:read"]), issue(admin_client, ["org:read"])
    plain = app.test_client()
    codes = [plain.get("/api/v1/org/units", headers=bearer(one)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    resp = plain.get("/api/v1/org/units", headers=bearer(one))
    assert resp.get_json()["error"]["code"] == "too_many_requests"
    assert int(resp.headers["Retry-After"]) >= 1
    assert plain.get("/api/v1/org/units", headers=bearer(two)).status_code == 200


def _uses() -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == "api_token_used")
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


def test_use_is_audited_once_a_minute_and_every_write(app, admin_client):
    start = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    plain = app.test_client()
    with time_machine.travel(start, tick=False) as clock:
        admin = fresh_admin(app)
        token = issue(admin, ["org:read", "org:write"])
        for _ in range(5):
            plain.get("/api/v1/org/units", headers=bearer(token))
        assert len(_uses()) == 1
        row = db.session.scalars(select(ApiToken)).one()
        assert row.last_used_at == start
        clock.move_to(start + timedelta(seconds=61))
        plain.get("/api/v1/users", headers=bearer(token))
        plain.get("/api/v1/users", headers=bearer(token))
        assert len(_uses()) == 2
        for _ in range(2):
            plain.post("/api/v1/org/sync", headers=bearer(token), json={"mode": "partial"})
        uses = _uses()
    assert len(uses) == 4
    assert [u.details["endpoint"] for u in uses] == [
        "org.list_units",
        "users.list_users",
        "org_sync.sync_org",
        "org_sync.sync_org",
    ]
    assert all(u.actor_id == admin.user.id and u.object_type == "ApiToken" for u in uses)
    db.session.expire_all()
    listed = admin_client.get(URL).get_json()["tokens"][0]
    assert listed["last_used_at"].startswith("2027-03-01T09:01:01")


def test_openapi_describes_the_bearer_scheme(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    sync = doc["paths"]["/api/v1/org/sync"]["post"]
    assert {"bearerToken": []} in sync["security"] and sync["x-token-scopes"] == ["org:write"]
    review = doc["paths"]["/api/v1/campaigns/{campaign_id}/reviews/{employee_id}"]["get"]
    assert review["x-token-scopes"] == ["reviews:read"]
    assert "security" not in doc["paths"]["/api/v1/me"]["get"]
    assert "security" not in doc["paths"][URL]["post"]


def test_the_console_offers_exactly_the_servers_scopes():
    import re
    from pathlib import Path

    from server.services.tokens.scopes import SCOPE_NAMES

    source = (Path(__file__).parent.parent / "pwa/src/hr/tokens.js").read_text(encoding="utf-8")
    listed = re.search(r"export const SCOPES = \[([^\]]*)\]", source)
    assert listed is not None
    assert tuple(re.findall(r"'([^']+)'", listed.group(1))) == SCOPE_NAMES


def test_rate_limit_in_the_database_store(tmp_path, _template_db):
    """The default store (database://, shared by every node) counts per token too."""
    import shutil

    from server import create_app
    from tests.conftest import TEST_CONFIG

    shutil.copy(_template_db, tmp_path / "db.sqlite")
    config = {
        **TEST_CONFIG,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "RATELIMIT_STORAGE_URI": "database://",
        "API_TOKEN_LIMIT": "2 per minute",
    }
    app = create_app(config)
    with app.app_context():
        limiter.reset()
        token = issue(fresh_admin(app), ["org:read"])
        plain = app.test_client()
        codes = [
            plain.get("/api/v1/org/units", headers=bearer(token)).status_code for _ in range(3)
        ]
        assert codes == [200, 200, 429]
        db.session.remove()
        db.engine.dispose()


def test_with_cookie_and_bearer_the_request_is_the_tokens(app, admin_client, hr_client):
    """An HR cookie plus an admin's org:write token: no CSRF asked, the sync runs as the
    token's creator (the audit names the admin, not the cookie's HR user)."""
    token = issue(admin_client, ["org:write"])
    person = {
        "employee_number": "E77",
        "name": "Both",
        "email": "both@corp.example",
        "unit_path": "Corp/Store",
    }
    resp = hr_client.client.post(
        "/api/v1/org/sync", headers=bearer(token), json={"mode": "partial", "people": [person]}
    )
    assert resp.status_code == 200, resp.get_json()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "org_imported")).one()
    assert event.actor_id == admin_client.user.id != hr_client.user.id
