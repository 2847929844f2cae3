"""The follow-up an owner schedules for an action item (issue 14 §2): a call (to the customer,
when they left a contact with consent) or a follow-up mystery-shop visit (created through
server.services.visits.followup, which then records it here). Scheduling again replaces the
plan; a closed item takes none. Also: what an item's detail shows beside the item itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid
from server.models import ActionEscalation, ActionFollowUp, ActionItem, CustomerContact, User
from server.services.attachments.attachments import held_by
from server.services.org import accounts

KINDS = ("call", "visit")


def schedule(
    session: Session,
    user: User,
    item: ActionItem,
    data: dict[str, Any],
    now: datetime,
    visit_id: int | None = None,
) -> ActionFollowUp:
    """Record (or replace) the item's follow-up: kind, when, note, the visit it created."""
    if item.status == "closed":
        raise Conflict("invalid_transition", "The item is already closed.")
    row = session.scalar(select(ActionFollowUp).where(ActionFollowUp.item_id == item.id))
    if row is None:
        row = ActionFollowUp(item_id=item.id)
        session.add(row)
    row.kind, row.scheduled_at, row.visit_id = data["kind"], data["at"], visit_id
    row.note, row.created_by_id, row.created_at = data.get("note"), user.id, now
    entry = {
        "at": now.isoformat(),
        "by": user.id,
        "by_name": user.name,
        "action": "followup",
        "text": data.get("note") or "",
        "followup": {"kind": data["kind"], "at": data["at"].isoformat(), "visit_id": visit_id},
    }
    item.notes = [*(item.notes or []), entry]
    accounts.audit(session, user, "action_item_followup", item, kind=data["kind"])
    session.flush()
    return row


def followup_of(session: Session, item: ActionItem) -> dict[str, Any] | None:
    """The scheduled follow-up of an item, as the detail shows it."""
    row = session.scalar(select(ActionFollowUp).where(ActionFollowUp.item_id == item.id))
    if row is None:
        return None
    return {
        "kind": row.kind,
        "at": row.scheduled_at,
        "visit_id": row.visit_id,
        "note": row.note,
    }


def escalations_of(session: Session, item: ActionItem) -> list[dict[str, Any]]:
    """The escalation levels sent for the item, oldest first (recipients by count only)."""
    rows = session.scalars(
        select(ActionEscalation)
        .where(ActionEscalation.item_id == item.id)
        .order_by(ActionEscalation.at, ActionEscalation.stage, ActionEscalation.level)
    )
    return [
        {"stage": r.stage, "level": r.level, "at": r.at, "recipients": len(r.recipients or [])}
        for r in rows
    ]


def contact_of(session: Session, item: ActionItem) -> dict[str, Any] | None:
    """The customer's contact behind the item (given with consent), else None."""
    if item.submission_id is None:
        return None
    row = session.scalar(
        select(CustomerContact).where(CustomerContact.submission_id == item.submission_id)
    )
    if row is None:
        return None
    return {"name": row.name, "phone": row.phone, "email": row.email}


def check_photo(session: Session, user: User, sha256: str) -> str:
    """A closing photo must be one this user uploaded (the attachment pipeline)."""
    if not held_by(session, user.id, [sha256]):
        raise Invalid(
            "invalid", "Upload the photo first.", {"fields": {"photo": "missing_attachment"}}
        )
    return sha256


def note_extras(session: Session, user: User, body: dict[str, Any]) -> dict[str, Any]:
    """The extra fields of a stage note: the solution (respond), a checked photo (close)."""
    extra: dict[str, Any] = {}
    if body.get("solution") and body["action"] == "respond":
        extra["solution"] = body["solution"].strip()
    if body.get("photo"):
        if body["action"] != "close":
            raise Invalid(
                "invalid", "A photo goes with closing.", {"fields": {"photo": "close_only"}}
            )
        extra["photo"] = check_photo(session, user, body["photo"])
    return extra
