"""Issue 17 §4-5 on PostgreSQL: two admins erasing the same person at once (two sessions
racing) erase them once, the other gets 409 `already_erased`; the retention sweep and the
scan of every column run on PostgreSQL's JSONB too."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import time_machine
from sqlalchemy import select

from server import storage
from server.domain_errors import Conflict
from server.extensions import db
from server.models import AuditEvent, Notification, User
from server.models.base import utcnow
from server.services.org import accounts
from server.services.privacy import erasure, policy, retention
from tests.factories import make_user
from tests.privacy_helpers import scan_database


def _erase_in_thread(app: Any, user_id: int, results: list[str], start: threading.Barrier) -> None:
    with app.app_context():
        session = db.session
        user = session.get(User, user_id)
        start.wait()
        try:
            erasure.erase(session, storage.for_app(app), user, None)
            session.commit()
            results.append("erased")
        except Conflict as err:
            session.rollback()
            results.append(err.code)
        finally:
            db.session.remove()


def test_two_admins_erasing_at_once_erase_once(pg_app: Any) -> None:
    person = make_user(name="Racing Person", email="race@x.test", employee_number="R-1")
    db.session.add(
        Notification(key="race", user_id=person.id, kind="t", params={"who": "Racing Person"})
    )
    accounts.audit(db.session, None, "login_failed", email="race@x.test")
    db.session.commit()
    results: list[str] = []
    start = threading.Barrier(2)
    threads = [
        threading.Thread(target=_erase_in_thread, args=(pg_app, person.id, results, start))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["already_erased", "erased"]
    db.session.expire_all()
    erased = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "privacy.erase")
    ).all()
    assert len(erased) == 1
    assert scan_database(["Racing Person", "race@x.test", "R-1"]) == []


def test_retention_on_postgresql(pg_app: Any) -> None:
    with time_machine.travel(utcnow() - timedelta(days=800), tick=False):
        accounts.audit(db.session, None, "old.event")
        db.session.commit()
    accounts.audit(db.session, None, "new.event")
    db.session.commit()
    report = retention.sweep(db.session, storage.for_app(pg_app), utcnow(), policy.DEFAULTS)
    db.session.commit()
    assert report["audit_events"] == 1
    left = db.session.scalars(select(AuditEvent.action)).all()
    assert "old.event" not in left and "new.event" in left
