"""Send one delivery at most once at a time, record the attempt, retry or give up.

1. `claim`, in its own short write transaction: `pending` and due (or `sending` left by a
   consumer that died `STALE_CLAIM` ago), endpoint enabled -> `sending`, one attempt
   counted. Of two consumers holding the same delivery only one claims it.
2. POST with no transaction open (signed now: a fresh timestamp per attempt).
3. `_outcome`, in a write transaction: the attempt row; a 2xx is `delivered` and clears the
   endpoint's failure count; otherwise `pending` again after `backoff(attempts)` (1, 2, 4,
   8, 16 minutes), or `failed` after `MAX_ATTEMPTS`. `DISABLE_AFTER` consecutive failed
   attempts disable the endpoint and every admin is notified once.
A `failed` or `delivered` delivery is replayed by an admin (`replay`): `pending`, due now.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session

from server.database import write_transaction
from server.domain_errors import Conflict, NotFound
from server.models import User, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from server.models.base import utcnow
from server.services.notifications import notify
from server.services.webhooks import endpoints, signing, transport

MAX_ATTEMPTS = 6
DISABLE_AFTER = 10
RETRY_BASE = timedelta(minutes=1)
STALE_CLAIM = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """The wait after failed attempt number `attempts` (1-based): 1, 2, 4, 8… minutes."""
    return RETRY_BASE * 2 ** max(0, attempts - 1)


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    attempt: int
    url: str
    #: The current secret, then the previous one while its grace window lasts.
    secrets: tuple[str, ...]
    kind: str
    key: str
    body: bytes


def _sendable(now: datetime) -> Any:
    enabled = exists().where(
        WebhookEndpoint.id == WebhookDelivery.endpoint_id, WebhookEndpoint.enabled.is_(True)
    )
    due = or_(
        and_(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now),
        and_(WebhookDelivery.status == "sending", WebhookDelivery.claimed_at < now - STALE_CLAIM),
    )
    return and_(due, enabled)


def claim(session: Session, delivery_id: int, now: datetime) -> Claimed | None:
    """Take the delivery for one attempt, or None when it is not due, done or taken."""
    with write_transaction(session):
        attempt = session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, _sendable(now))
            .values(status="sending", claimed_at=now, attempts=WebhookDelivery.attempts + 1)
            .returning(WebhookDelivery.attempts)
        ).scalar_one_or_none()
        if attempt is None:
            return None
        delivery = session.get(WebhookDelivery, delivery_id)
        assert delivery is not None
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        event = session.get(WebhookEvent, delivery.event_id)
        assert endpoint is not None and event is not None
        raw = signing.body(event.key, event.kind, event.created_at.isoformat(), event.payload)
        valid = (endpoint.secret, *endpoints.previous_secrets(endpoint, now))
        return Claimed(delivery_id, attempt, endpoint.url, valid, event.kind, event.key, raw)


def deliver(session: Session, delivery_id: int, allow_local_http: bool = False) -> str:
    """One attempt of the delivery if it is due; its status afterwards. An address that
    reaches a private network now (DNS can change) is a failed attempt (transport)."""
    now = utcnow()
    claimed = claim(session, delivery_id, now)
    if claimed is None:
        status = session.scalar(
            select(WebhookDelivery.status).where(WebhookDelivery.id == delivery_id)
        )
        session.rollback()
        return str(status)
    stamp = int(now.timestamp())
    headers = signing.headers(claimed.secrets, stamp, claimed.body, claimed.kind, claimed.key)
    started = time.perf_counter()
    answer = transport.post(claimed.url, claimed.body, headers, allow_local=allow_local_http)
    duration = int((time.perf_counter() - started) * 1000)
    return _outcome(session, claimed, answer, now, duration)


def _outcome(
    session: Session, claimed: Claimed, answer: transport.Answer, now: datetime, ms: int
) -> str:
    ok = answer.status is not None and 200 <= answer.status < 300
    with write_transaction(session):
        session.add(
            WebhookAttempt(
                delivery_id=claimed.delivery_id,
                number=claimed.attempt,
                started_at=now,
                status_code=answer.status,
                duration_ms=ms,
                error=None if ok else answer.error,
            )
        )
        delivery = session.get(WebhookDelivery, claimed.delivery_id)
        assert delivery is not None
        delivery.last_status_code, delivery.last_error = answer.status, answer.error
        if ok:
            delivery.status, delivery.delivered_at = "delivered", now
            _endpoint_ok(session, delivery.endpoint_id)
        else:
            final = claimed.attempt >= MAX_ATTEMPTS
            delivery.status = "failed" if final else "pending"
            delivery.next_attempt_at = now + backoff(claimed.attempt)
            _endpoint_failed(session, delivery.endpoint_id, now)
        return delivery.status


def _endpoint_ok(session: Session, endpoint_id: int) -> None:
    session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .values(consecutive_failures=0)
    )


def _endpoint_failed(session: Session, endpoint_id: int, now: datetime) -> None:
    failures = session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .values(consecutive_failures=WebhookEndpoint.consecutive_failures + 1)
        .returning(WebhookEndpoint.consecutive_failures)
    ).scalar_one()
    if failures < DISABLE_AFTER:
        return
    disabled = session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.enabled.is_(True))
        .values(enabled=False, disabled_at=now)
        .returning(WebhookEndpoint.url)
    ).scalar_one_or_none()
    if disabled is not None:
        tell_admins(session, endpoint_id, disabled, now)


def tell_admins(session: Session, endpoint_id: int, url: str, now: datetime) -> int:
    """Notify every active admin that the endpoint was disabled (once per disabling)."""
    admins = session.scalars(select(User.id).where(User.role == "admin", User.active.is_(True)))
    stamp = f"{now:%Y%m%dT%H%M%S}"
    told = 0
    for admin_id in admins:
        note = notify(
            session,
            admin_id,
            "webhook_disabled",
            key=f"webhook_disabled:{endpoint_id}:{stamp}:{admin_id}",
            params={"title": url[:300], "endpoint_id": endpoint_id},
            link="/hr/webhooks",
        )
        told += note is not None
    return told


def due(session: Session, now: datetime, limit: int = 500) -> list[int]:
    """Ids of deliveries a sweep should queue (due, or left `sending` by a dead consumer)."""
    stmt = select(WebhookDelivery.id).where(_sendable(now)).order_by(WebhookDelivery.id)
    return list(session.scalars(stmt.limit(limit)))


def replay(session: Session, delivery_id: int, now: datetime | None = None) -> WebhookDelivery:
    """Send a delivered or failed delivery again (a fresh round of attempts)."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound("not_found", "No such webhook delivery.")
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        raise Conflict("endpoint_disabled", "Enable the endpoint before replaying.")
    if delivery.status not in ("delivered", "failed"):
        raise Conflict("delivery_in_progress", "This delivery is still being sent.")
    delivery.status, delivery.attempts = "pending", 0
    delivery.next_attempt_at = now or utcnow()
    session.flush()
    return delivery
