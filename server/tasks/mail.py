"""Mail tasks: send one recorded message (server/mail/outbox.py), retried with backoff.

A temporary failure (SMTP 4xx, connection refused, timeout) is retried after 1, 2, 4, 8
minutes (`outbox.MAX_ATTEMPTS` attempts in all), then the message is marked failed; a
permanent one (SMTP 5xx) is marked failed at once. A task run twice (a retry after a lost
acknowledgement, a duplicate) finds the message sent or claimed and sends nothing.
Every 10 minutes, a message a dead consumer left `sending` is marked failed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from server import mail
from server.extensions import db
from server.mail import Outgoing
from server.mail.outbox import MAX_ATTEMPTS, Envelope
from server.tasks import task
from server.tasks.periodic import every

#: The first retry waits this long (seconds); each next one twice as long.
RETRY_DELAY = 60


@task(retries=MAX_ATTEMPTS - 1, retry_delay=RETRY_DELAY, retry_backoff=2)
def deliver(message_id: int, raw: bytes) -> str:
    """Send message `message_id` (its rendered bytes `raw`) unless already sent or failed."""
    envelope = Envelope(raw, mail.envelope_sender(mail.sender()), f"{message_id:08d}")
    return mail.outbox.deliver(db.session, message_id, envelope, mail.transport())


def send(message_id: int, outgoing: Outgoing) -> None:
    """Queue the sending of a recorded message, once its row is committed (with no
    transaction left open: in immediate mode the task runs now, in its own session).
    A message that could not be made (recorded as failed) is not queued."""
    if outgoing.error is None:
        deliver(message_id, outgoing.raw)


@every(10)
def fail_interrupted(session: Session, now: datetime) -> dict[str, int]:
    """Every 10 minutes: messages left `sending` by a consumer that died are marked failed
    (once per slot, recorded in `periodic_run` like every periodic action)."""
    return {"failed": mail.outbox.fail_interrupted(session)}
