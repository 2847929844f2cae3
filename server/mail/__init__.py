"""Mail: messages in the recipient's language, recorded in an outbox, sent by the queue.

Configuration (server/config.py): MAIL_URL (`file://` .eml files in instance/mail/ by
default, `smtp://`, `smtps://`), MAIL_FROM, MAIL_TIMEOUT.

Sending is three steps, so that nothing is sent for a request that rolled back and nothing
is sent twice for one event:
1. `message_for(user, kind, key=..., context=...)` renders the message (compose.py);
2. `outbox.record(session, outgoing)` writes its row in the request's transaction, once per
   event key; the view commits;
3. `server.tasks.mail.send(message_id, outgoing)` queues the sending task (retries with
   backoff), unless the message could not be made (`outgoing.error`: recorded as failed).

The rendered bytes travel in the task, not the database: a one-time link inside a message
is only ever stored as its hash.

Public surface: `message_for`, `transport`, `sender`, `envelope_sender`, `compose`,
`outbox`, `Outgoing`, `KINDS` and the delivery errors (transport.py).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

from server.mail import outbox
from server.mail.compose import KINDS, Outgoing, compose, envelope_sender
from server.mail.transport import (
    DeliveryError,
    PermanentFailure,
    TemporaryFailure,
    Transport,
    from_url,
)
from server.models import User

__all__ = [
    "KINDS",
    "DeliveryError",
    "Outgoing",
    "PermanentFailure",
    "TemporaryFailure",
    "Transport",
    "compose",
    "configured_transport",
    "envelope_sender",
    "message_for",
    "outbox",
    "sender",
    "transport",
]


def sender() -> str:
    """The From header of the app's mail (MAIL_FROM)."""
    return str(current_app.config["MAIL_FROM"])


def transport() -> Transport:
    """The transport MAIL_URL names, for the current app."""
    config = current_app.config
    return from_url(config["MAIL_URL"], current_app.instance_path, config["MAIL_TIMEOUT"])


def configured_transport() -> Transport | None:
    """The current app's transport, or None outside an app or when MAIL_URL names no
    transport (nothing is stored or sent then): for code that only cleans up stored mail."""
    if not has_app_context():
        return None
    try:
        return transport()
    except ValueError:  # an unknown MAIL_URL scheme
        return None


def message_for(user: User, kind: str, *, key: str, context: dict[str, Any]) -> Outgoing:
    """Render message `kind` for `user`, in the user's language."""
    return compose(
        kind,
        key=key,
        sender=sender(),
        recipient=user.email,
        name=user.name,
        locale=user.locale,
        context=context,
    )
