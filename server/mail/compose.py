"""Messages: multipart text + HTML from Jinja templates, in the recipient's language.

Each kind of message has a subject (a msgid below) and two templates in
`server/mail/templates/`: `<kind>.txt` and `<kind>.html`. The templates' words are gettext
msgids (`{{ _("Hello {name},", name=name) }}`, extracted by `make i18n` through babel.cfg),
looked up in the recipient's catalogue (server/messages.py, the one the API's errors use),
never the request's; durations are formatted by Babel in that locale (Flask-Babel's
`force_locale`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any

import flask_babel
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from server.mail.transport import ascii_address
from server.messages import N_, babel_name, localize

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The subject of each kind of message (its templates are `<kind>.txt` and `<kind>.html`).
SUBJECTS = {
    "password_reset": N_("Reset your password"),
    "invitation": N_("Your account on the service evaluation platform"),
    "notification": N_("News from the service evaluation platform"),
    "reminder_digest": N_("Your tasks due soon"),
}
KINDS = tuple(SUBJECTS)


ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Outgoing:
    """A rendered message and what the outbox records about it."""

    key: str
    kind: str
    locale: str
    recipient: str
    subject: str
    raw: bytes
    #: Why the message could not be made (it is recorded as failed, never sent).
    error: str | None = None


def _text(locale: str, msgid: str, **params: Any) -> str:
    """A msgid in `locale`, its `{name}` values formatted in (the templates' `_`)."""
    return localize(msgid, params, locale)


def one_line(text: str) -> str:
    """Header-safe text: every run of whitespace (line breaks included) one space."""
    return " ".join(text.split())


def compose(
    kind: str,
    *,
    key: str,
    sender: str,
    recipient: str,
    name: str,
    locale: str,
    context: dict[str, Any],
) -> Outgoing:
    """Render message `kind` for `recipient` in `locale` (zh-CN or en)."""
    values = {**context, "name": one_line(name), "email": recipient, "lang": locale}
    with flask_babel.force_locale(babel_name(locale)):
        for field, value in context.items():
            if isinstance(value, timedelta):
                values[field] = flask_babel.format_timedelta(value, threshold=1)
    values["_"] = functools.partial(_text, locale)
    # A message may bring its own (already translated) subject: a notification's title.
    subject = one_line(str(context.get("subject") or _text(locale, SUBJECTS[kind])))
    values["subject"] = subject
    text = ENV.get_template(f"{kind}.txt").render(values)
    html = ENV.get_template(f"{kind}.html").render(values)
    meta = (key, kind, locale, recipient, subject)
    try:
        raw = _message(
            sender,
            Address(values["name"], addr_spec=ascii_address(recipient)),
            subject,
            locale,
            text,
            html,
        )
    except ValueError as err:  # a header defect: a non-ASCII local part, a malformed address
        return Outgoing(*meta, b"", error=f"The address cannot be written in a message: {err}")
    return Outgoing(*meta, raw)


def _message(sender: str, to: Address, subject: str, locale: str, text: str, html: str) -> bytes:
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = locale  # after: multipart moves Content-* into the parts
    return message.as_bytes()


def envelope_sender(sender: str) -> str:
    """The bare address of a From header (`Name <a@b>` -> `a@b`)."""
    return parseaddr(sender)[1] or sender


def _domain(sender: str) -> str:
    return envelope_sender(sender).rpartition("@")[2] or "localhost"
