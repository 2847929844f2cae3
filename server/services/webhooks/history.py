"""The console's list of deliveries (newest first) with their attempts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import WebhookAttempt, WebhookDelivery, WebhookEvent

ATTEMPTS_SHOWN = 20


def listing(
    session: Session,
    endpoint_id: int | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], int]:
    """(deliveries with their attempts, total matching)."""
    stmt = select(WebhookDelivery, WebhookEvent.kind).join(
        WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id
    )
    if endpoint_id is not None:
        stmt = stmt.where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    found = session.execute(stmt.order_by(WebhookDelivery.id.desc()).offset(offset).limit(limit))
    return [row(session, d, kind) for d, kind in found], int(total)


def row(session: Session, delivery: WebhookDelivery, kind: str) -> dict[str, Any]:
    attempts = session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery.id)
        .order_by(WebhookAttempt.id.desc())
        .limit(ATTEMPTS_SHOWN)
    )
    return {
        "id": delivery.id,
        "endpoint_id": delivery.endpoint_id,
        "event_key": delivery.event_key,
        "event_type": kind,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at if delivery.status == "pending" else None,
        "delivered_at": delivery.delivered_at,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "created_at": delivery.created_at,
        "history": [
            {
                "number": a.number,
                "started_at": a.started_at,
                "status_code": a.status_code,
                "duration_ms": a.duration_ms,
                "error": a.error,
            }
            for a in attempts
        ],
    }


def one(session: Session, delivery_id: int) -> dict[str, Any]:
    found = session.execute(
        select(WebhookDelivery, WebhookEvent.kind)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id == delivery_id)
    ).one()
    return row(session, found[0], found[1])
