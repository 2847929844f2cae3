"""Liveness and readiness."""

from flask import Blueprint
from sqlalchemy import text

from server.errors import ApiError
from server.extensions import db

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz() -> dict[str, str]:
    """Answer ok after a round trip to the database."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        db.session.rollback()
        raise ApiError(503, "database_unavailable", "The database is unreachable.") from exc
    return {"status": "ok"}
