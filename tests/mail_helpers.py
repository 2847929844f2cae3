"""Helpers of the mail tests: the link inside a message, queued retries run now."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from server.tasks import huey

LINK = re.compile(r"https?://\S+?/#/reset\?token=([A-Za-z0-9_-]+)(&kind=invitation)?")


def body(message: EmailMessage, kind: str) -> str:
    """The text of the `plain` or `html` part."""
    part = message.get_body(preferencelist=(kind,))
    assert part is not None and part.get_content_type() == f"text/{kind}"
    return str(part.get_content())


def link_token(message: EmailMessage) -> str:
    """The one-time token of the link in a message (the same in both parts)."""
    found = {m.group(1) for kind in ("plain", "html") for m in LINK.finditer(body(message, kind))}
    assert len(found) == 1, found
    return found.pop()


def run_retries(limit: int = 20) -> int:
    """Run every retry the queue scheduled (immediate mode keeps them in the schedule);
    returns how many ran. Retries that fail again are scheduled again and run too."""
    ran = 0
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=30)  # huey: naive UTC
    for _ in range(limit):
        due = huey.read_schedule(later)
        if not due:
            return ran
        for task in due:
            huey.execute(task, later)
            ran += 1
    return ran
