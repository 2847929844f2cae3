"""HR/admin: the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from server.api.access import STAFF_ROLES, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.models import AuditEvent, User
from server.schemas.org import AuditArgs, AuditListSchema

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit", description="Audit log (hr, admin)")


@blp.route("", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(AuditArgs, location="query")
@blp.response(200, AuditListSchema)
def list_events(args: dict[str, Any]) -> dict[str, Any]:
    """Audit events, newest first (filters: action, actor_id, object_type, object_id,
    since, until; offset, limit <= 500)."""
    stmt = select(AuditEvent)
    for key in ("action", "actor_id", "object_type", "object_id"):
        if args.get(key) is not None:
            stmt = stmt.where(getattr(AuditEvent, key) == args[key])
    if args.get("since"):
        stmt = stmt.where(AuditEvent.created_at >= args["since"])
    if args.get("until"):
        stmt = stmt.where(AuditEvent.created_at < args["until"])
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(
        stmt.add_columns(User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset(args["offset"])
        .limit(args["limit"])
    ).all()
    events = [
        {
            **{
                c: getattr(e, c)
                for c in (
                    "id",
                    "actor_id",
                    "action",
                    "object_type",
                    "object_id",
                    "details",
                    "ip",
                    "created_at",
                )
            },
            "actor_name": name,
        }
        for e, name in rows
    ]
    return {"events": events, "total": total}
