"""The outbox: a row per message, recorded once per event, sent at most once by a consumer.

- `record` writes the row in the caller's transaction; the event's `key` is unique, so an
  event recorded twice (a retried request, a duplicated task) is the one row it made first.
- `deliver` sends a recorded message. It first claims the row in its own short transaction
  (`queued` -> `sending`, one attempt counted), so of two consumers holding the same task
  only one sends; a claim older than `STALE_CLAIM` (its consumer died) may be taken again.
  No transaction is open while the SMTP server is talked to. Then the outcome is written:
  `sent`; `failed` for a permanent refusal (SMTP 5xx) or when `MAX_ATTEMPTS` are used up;
  else back to `queued` and `TemporaryFailure` is raised so the queue retries with backoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.database import write_transaction
from server.mail.compose import Outgoing
from server.mail.transport import DeliveryError, TemporaryFailure, Transport
from server.models import MailMessage
from server.models.base import utcnow

#: Attempts per message (the first send and its retries).
MAX_ATTEMPTS = 5
#: A `sending` row older than this was left by a consumer that died mid-send.
STALE_CLAIM = timedelta(minutes=10)
ERROR_LIMIT = 1000


def record(session: Session, outgoing: Outgoing) -> tuple[MailMessage, bool]:
    """The row of `outgoing`'s event, and whether this call created it (flushes). A message
    that could not be made (`outgoing.error`) is recorded as failed."""
    existing = _by_key(session, outgoing.key)
    if existing is not None:
        return existing, False
    row = MailMessage(
        key=outgoing.key,
        recipient=outgoing.recipient,
        kind=outgoing.kind,
        locale=outgoing.locale,
        subject=outgoing.subject[:300],
        status="failed" if outgoing.error else "queued",
        attempts=0,
        last_error=outgoing.error,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # a parallel request recorded the same event first
        found = _by_key(session, outgoing.key)
        if found is None:
            raise
        return found, False
    return row, True


def _by_key(session: Session, key: str) -> MailMessage | None:
    return session.scalars(select(MailMessage).where(MailMessage.key == key)).first()


@dataclass(frozen=True)
class Envelope:
    """What sending needs besides the row: the bytes and the envelope addresses."""

    raw: bytes
    sender: str
    name: str


def claim(session: Session, message_id: int, now: datetime | None = None) -> str | None:
    """Take the row for sending (its recipient), or None when it is sent, failed or taken."""
    now = now or utcnow()
    sendable = or_(
        MailMessage.status == "queued",
        (MailMessage.status == "sending") & (MailMessage.claimed_at < now - STALE_CLAIM),
    )
    with write_transaction(session):
        result = session.execute(
            update(MailMessage)
            .where(MailMessage.id == message_id, sendable)
            .values(status="sending", claimed_at=now, attempts=MailMessage.attempts + 1)
            .returning(MailMessage.recipient)
        )
        return result.scalar_one_or_none()


def deliver(session: Session, message_id: int, envelope: Envelope, transport: Transport) -> str:
    """Send the message once; its status afterwards (raises TemporaryFailure to retry)."""
    recipient = claim(session, message_id)
    if recipient is None:
        return str(session.scalar(select(MailMessage.status).where(MailMessage.id == message_id)))
    try:
        transport.send(envelope.raw, envelope.sender, recipient, envelope.name)
    except DeliveryError as err:
        return _failed(session, message_id, err)
    with write_transaction(session):
        done = session.execute(
            update(MailMessage)
            .where(MailMessage.id == message_id)
            .values(status="sent", sent_at=utcnow(), last_error=None)
        )
    if not getattr(done, "rowcount", 1) and hasattr(transport, "remove"):
        # the row went while the message was being written (its recipient was erased):
        # the stored copy goes too
        transport.remove(envelope.name)
        return "erased"
    return "sent"


def _failed(session: Session, message_id: int, err: DeliveryError) -> str:
    with write_transaction(session):
        row = session.get(MailMessage, message_id)
        assert row is not None
        row.last_error = str(err)[:ERROR_LIMIT]
        final = err.permanent or row.attempts >= MAX_ATTEMPTS
        row.status = "failed" if final else "queued"
    if not final:
        raise TemporaryFailure(str(err))
    return "failed"


def fail_interrupted(session: Session, now: datetime | None = None) -> int:
    """Mark `sending` rows whose claim is stale as failed: their consumer died mid-send and
    their bytes went with its task (nothing can resend them). Returns how many; the caller
    commits. Running it twice changes nothing more."""
    now = now or utcnow()
    result = session.execute(
        update(MailMessage)
        .where(MailMessage.status == "sending", MailMessage.claimed_at < now - STALE_CLAIM)
        .values(status="failed", last_error="interrupted: the consumer stopped while sending")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def list_messages(
    session: Session, *, status: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[MailMessage], int]:
    """Messages, newest first, with the total before paging."""
    stmt = select(MailMessage)
    if status:
        stmt = stmt.where(MailMessage.status == status)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(MailMessage.created_at.desc(), MailMessage.id.desc())
    return list(session.scalars(page.offset(offset).limit(limit))), total
