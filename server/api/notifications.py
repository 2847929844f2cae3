"""The inbox (every signed-in role), the reminder e-mail switch, and HR's per-campaign list
of who was reminded when (issue 14 §1)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.messages import request_locale
from server.schemas.notifications import (
    InboxQuerySchema,
    InboxSchema,
    MarkedSchema,
    NotificationSchema,
    NotificationSettingsSchema,
    ReminderListSchema,
)
from server.services.campaigns import campaigns
from server.services.notifications import history, inbox

blp = Blueprint(
    "notifications", __name__, url_prefix="/api/v1", description="Notifications (inbox)"
)


@blp.route("/me/notifications", methods=["GET"])
@login_required
@blp.arguments(InboxQuerySchema, location="query")
@blp.response(200, InboxSchema)
def list_notifications(args: dict[str, Any]) -> dict[str, Any]:
    """My notifications, newest first (offset, limit ≤ 200, unread_only), each in the
    request's language; `total` before paging and my `unread` count."""
    user, locale = current(), request_locale()
    notes, total = inbox.list_inbox(db.session, user, **args)
    return {
        "notifications": [inbox.item(n, locale) for n in notes],
        "total": total,
        "unread": inbox.unread_count(db.session, user),
    }


@blp.route("/me/notifications/<id:notification_id>/read", methods=["POST"])
@login_required
@blp.response(200, NotificationSchema)
def read_notification(notification_id: int) -> dict[str, Any]:
    """Mark one of my notifications read (again: no change). Another person's id: 404."""
    user = current()
    note = inbox.mark_read(db.session, user, notification_id, datetime.now(UTC))
    db.session.commit()
    return inbox.item(note, request_locale())


@blp.route("/me/notifications/read-all", methods=["POST"])
@login_required
@blp.response(200, MarkedSchema)
def read_all_notifications() -> dict[str, Any]:
    """Mark all my notifications read."""
    marked = inbox.mark_all_read(db.session, current(), datetime.now(UTC))
    db.session.commit()
    return {"marked": marked, "unread": 0}


@blp.route("/me/notification-settings", methods=["GET"])
@login_required
@blp.response(200, NotificationSettingsSchema)
def get_notification_settings() -> dict[str, Any]:
    """Whether I receive reminder e-mails (escalations and events always come)."""
    return {"reminder_emails": current().reminder_emails}


@blp.route("/me/notification-settings", methods=["PATCH"])
@login_required
@blp.arguments(NotificationSettingsSchema)
@blp.response(200, NotificationSettingsSchema)
def set_notification_settings(body: dict[str, Any]) -> dict[str, Any]:
    """Switch my reminder e-mails on or off."""
    user = inbox.set_reminder_emails(db.session, current(), body["reminder_emails"])
    db.session.commit()
    return {"reminder_emails": user.reminder_emails}


@blp.route("/campaigns/<id:campaign_id>/reminders", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, ReminderListSchema)
def campaign_reminders(campaign_id: int) -> dict[str, Any]:
    """HR: who was told of or reminded of their own task in the campaign, and when
    (recorded, e-mailed); never whom they rate."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    return {"reminders": history.campaign_reminders(db.session, campaign)}
