"""Admin: the outbox (every message the platform sent or tried to send)."""

from __future__ import annotations

from typing import Any

from server.api.access import roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.mail import outbox
from server.schemas.account import MailListArgs, MailListSchema

blp = Blueprint(
    "mail", __name__, url_prefix="/api/v1/admin/mail", description="Outgoing mail (admin)"
)


@blp.route("", methods=["GET"])
@roles_required("admin")
@blp.arguments(MailListArgs, location="query")
@blp.response(200, MailListSchema)
def list_mail(args: dict[str, Any]) -> dict[str, Any]:
    """Messages, newest first (filter: status queued|sending|sent|failed; offset, limit),
    with their attempts and last error. The messages' text is not kept."""
    messages, total = outbox.list_messages(db.session, **args)
    return {"messages": messages, "total": total}
