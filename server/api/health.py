"""Liveness and readiness.

`GET /healthz`: a database round trip (load balancers). `GET /healthz?deep=1` from an admin
session or from the machine itself (127.0.0.1, ::1) also checks the task queue's storage
(a length call) and the object storage (put, get and delete of a probe key); it answers 503
with the failing parts named when one fails. Anyone else asking for `deep` gets the shallow
answer (the deep one reveals which services the deployment uses).
"""

from __future__ import annotations

import logging
import os
import uuid
from typing import Any

from flask import Blueprint, request
from flask_login import current_user
from sqlalchemy import text

from server import storage
from server.errors import ApiError
from server.extensions import db
from server.tasks import huey

blp = Blueprint("health", __name__)
log = logging.getLogger(__name__)
LOCAL = ("127.0.0.1", "::1")


def _database() -> None:
    db.session.execute(text("SELECT 1"))


def _queue() -> None:
    huey.pending_count()


def _storage() -> None:
    store = storage.for_app()
    key = f"health/probe-{os.getpid()}-{uuid.uuid4().hex}.bin"
    store.put(key, b"probe")
    try:
        if store.get(key) != b"probe":
            raise RuntimeError("storage returned other bytes")
    finally:
        store.delete(key)


def _may_go_deep() -> bool:
    if request.remote_addr in LOCAL:
        return True
    return bool(current_user.is_authenticated and current_user.role == "admin")


def _deep() -> tuple[dict[str, Any], int]:
    checks: dict[str, str] = {}
    for name, check in (("database", _database), ("queue", _queue), ("storage", _storage)):
        try:
            check()
            checks[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure makes the node not ready
            log.warning("healthz: %s check failed", name, exc_info=True)
            if name == "database":
                db.session.rollback()
            checks[name] = "error"
    ok = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ok else "failing", "checks": checks}, 200 if ok else 503


@blp.get("/healthz")
def healthz() -> Any:
    """Answer ok after a round trip to the database (deep: queue and storage too)."""
    if request.args.get("deep") and _may_go_deep():
        return _deep()
    try:
        _database()
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        db.session.rollback()
        raise ApiError(503, "database_unavailable", "The database is unreachable.") from exc
    return {"status": "ok"}
