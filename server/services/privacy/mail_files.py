"""Stored copies of sent mail (the `file://` mail backend's .eml files) on erasure.

The outbox rows of mail to the person are deleted with their contacts (erasure.py); the
file backend keeps each message it sent as `<folder>/<id>.eml`, and those files hold the
person's name and address too. On erasure, every stored message is read (headers decoded,
every text part decoded from its transfer encoding and charset):

- a message addressed to the person (To/Cc/Bcc holds their address) is deleted;
- a message to someone else that names them (a reminder "your rating of <name>") is
  rewritten with the pseudonym in place of every occurrence of the old name, address or
  employee number, case-insensitively, as a substring (a namesake whose name holds theirs
  sees the pseudonym there too: the copy of a sent message is worth less than the erasure);
- a message still holding an old value after the rewrite (a part the rewrite cannot
  reach) is deleted.

A transport that keeps nothing (SMTP) has no `stored`, and there is nothing to do.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

from server.mail.transport import ascii_address

ADDRESS_HEADERS = ("To", "Cc", "Bcc")


def _pattern(old: Mapping[str, str]) -> re.Pattern[str] | None:
    keys = sorted((k for k in old if k), key=len, reverse=True)  # longest first
    if not keys:
        return None
    return re.compile("|".join(re.escape(k) for k in keys), re.IGNORECASE)


def _parse(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.SMTP)
    assert isinstance(message, EmailMessage)
    return message


def text_of(raw: bytes) -> str:
    """Everything readable in a message: the raw bytes, the decoded headers and every
    decoded text part (what the erasure test searches)."""
    out = [raw.decode("utf-8", "ignore")]
    try:
        message = _parse(raw)
        out += [f"{k}: {v}" for k, v in message.items()]
        for part in message.walk():
            if part.get_content_maintype() == "text":
                out.append(str(part.get_content()))
    except Exception:  # noqa: BLE001 - an unreadable file: its raw text is all there is
        pass
    return "\n".join(out)


def holds(raw: bytes, old: Mapping[str, str]) -> bool:
    """Whether the message's text holds an old value (case-insensitively, casefolded: a
    copy the rewrite's pattern cannot match, "STRASSE" for "Straße", is found here)."""
    text = text_of(raw).casefold()
    return any(k.casefold() in text for k in old if k)


def _addressed_to(message: EmailMessage, email: str) -> bool:
    values = [str(v) for h in ADDRESS_HEADERS for v in message.get_all(h, [])]
    theirs = {email.casefold(), ascii_address(email).casefold()}
    return any(addr.casefold() in theirs for _, addr in getaddresses(values))


def _rewritten(message: EmailMessage, pattern: re.Pattern[str], old: Mapping[str, str]) -> bytes:
    by_key = {k.casefold(): v for k, v in old.items() if k}

    def sub(text: str) -> str:
        return pattern.sub(lambda m: by_key.get(m.group(0).casefold(), "[erased]"), text)

    for name, value in list(message.items()):
        new = sub(str(value))
        if new != str(value):
            message.replace_header(name, new)
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.is_multipart():
            continue
        content = str(part.get_content())
        new = sub(content)
        if new != content:
            part.set_content(new, subtype=part.get_content_subtype(), charset="utf-8")
    return message.as_bytes()


def erase(transport: Any, old: Mapping[str, str], email: str) -> int:
    """Delete or rewrite every stored message that holds a key of `old` (the person's old
    name, address and employee number -> their pseudonyms); `email` is their old address.
    Returns how many stored messages were deleted or rewritten."""
    if not hasattr(transport, "stored"):
        return 0
    pattern = _pattern(old)
    if pattern is None:
        return 0
    changed = 0
    for name in transport.stored():
        raw = transport.read(name)
        if raw is None or not holds(raw, old):
            continue
        changed += 1
        try:
            message = _parse(raw)
            if not _addressed_to(message, email):
                new = _rewritten(message, pattern, old)
                if not holds(new, old):
                    transport.rewrite(name, new)
                    continue
        except Exception:  # noqa: BLE001 - a message that cannot be rewritten is deleted
            pass
        transport.remove(name)
    return changed
