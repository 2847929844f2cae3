"""Issue 17 §1 on PostgreSQL: concurrent requests of one token in the same minute record
one usage event (the conditional UPDATE decides, two sessions racing), and the whole
bearer path (scope, expiry, revocation, audit) works on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import ApiToken, AuditEvent
from server.services.tokens import tokens
from tests.factories import make_user

THREADS = 6


def _uses() -> int:
    stmt = select(func.count()).where(AuditEvent.action == "api_token_used")
    return int(db.session.scalar(stmt) or 0)


def test_racing_uses_in_one_minute_record_once(pg_app: Flask) -> None:
    admin = make_user(role="admin")
    issued = tokens.issue(db.session, admin, "race", ["org:read"], 30, datetime.now(UTC))
    db.session.commit()
    token_id, admin_id = issued.row.id, admin.id
    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    barrier = threading.Barrier(THREADS)
    written: list[bool] = []

    def use(at: datetime) -> None:
        with pg_app.app_context():
            session = db.session()
            session.get(ApiToken, token_id)  # each session holds its transaction open
            barrier.wait()
            use = {"method": "GET", "endpoint": "org.list_units", "ip": None, "write": None}
            written.append(tokens.record_use(session, token_id, admin_id, use, at))
            session.commit()
            db.session.remove()

    threads = [threading.Thread(target=use, args=(now,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(written) == [False] * (THREADS - 1) + [True]
    db.session.expire_all()
    assert _uses() == 1
    assert db.session.get(ApiToken, token_id).last_used_at == now
    later = now + timedelta(minutes=1)
    use_later = {"method": "GET", "endpoint": "org.list_units", "ip": None, "write": None}
    assert tokens.record_use(db.session, token_id, admin_id, use_later, later) is True
    db.session.commit()
    assert _uses() == 2


def test_bearer_path_on_postgresql(pg_app: Flask) -> None:
    from tests.test_api_tokens import bearer, fresh_admin, issue

    admin = fresh_admin(pg_app)
    token = issue(admin, ["org:read"], days=1)
    plain = pg_app.test_client()
    assert plain.get("/api/v1/org/units", headers=bearer(token)).status_code == 200
    assert plain.get("/api/v1/audit", headers=bearer(token)).status_code == 403
    row_id = admin.get("/api/v1/admin/api-tokens").get_json()["tokens"][0]["id"]
    assert admin.post(f"/api/v1/admin/api-tokens/{row_id}/revoke").status_code == 200
    resp = plain.get("/api/v1/org/units", headers=bearer(token))
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "invalid_token"
    assert _uses() == 1
