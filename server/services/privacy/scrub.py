"""Copies of a person's identity kept outside their account row, replaced by the pseudonym.

Names and addresses are copied where they were true at the time: an action item's notes
name who wrote them, an audit event of a failed login the address tried, a notification or a
job failure the person's name, a mail its recipient. Each such column is listed here, and a
value is replaced only where it equals the old name, e-mail address (case-insensitively) or
employee number exactly, so nothing else written in the same column changes.

A mail's subject is a line rendered from a template (it may hold a name among other
words): every occurrence of an old value in it is replaced (`SUBSTRING_COLUMNS`).

Free text written by others (a comment that mentions someone) is not rewritten: it is their
words, and the review aggregates count it. The erasure test scans every text and JSON column
of every table of the demo for the old identity.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import (
    ActionFollowUp,
    ActionItem,
    Assignment,
    AuditEvent,
    Job,
    MailMessage,
    Notification,
    Submission,
)

#: JSON columns that may hold a copy of a name or address.
JSON_COLUMNS = (
    (Notification, "params"),
    (AuditEvent, "details"),
    (ActionItem, "notes"),
    (Job, "failures"),
    (Job, "state"),
    (Assignment, "scenario"),
)
#: Text columns that may hold a copy of a name or address.
TEXT_COLUMNS = (
    (MailMessage, "recipient"),
    (ActionFollowUp, "note"),
    (Submission, "review_reason"),
)

#: Rendered lines whose every occurrence of an old value is replaced.
SUBSTRING_COLUMNS = ((MailMessage, "subject"),)


def replaced(value: Any, mapping: Mapping[str, str]) -> Any:
    """`value` with every string leaf equal to a key of `mapping` (case-insensitively)
    replaced by its value."""
    if isinstance(value, str):
        return mapping.get(value.casefold(), value)
    if isinstance(value, dict):
        return {k: replaced(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [replaced(v, mapping) for v in value]
    return value


def _scrub_json(session: Session, model: Any, column: str, mapping: Mapping[str, str]) -> int:
    col = getattr(model, column)
    pk = model.__mapper__.primary_key[0]
    changed = 0
    for key, value in session.execute(select(pk, col).where(col.is_not(None))).all():
        new = replaced(value, mapping)
        if new != value:
            session.execute(update(model).where(pk == key).values({column: new}))
            changed += 1
    return changed


def _scrub_text(session: Session, model: Any, column: str, mapping: Mapping[str, str]) -> int:
    col = getattr(model, column)
    pk = model.__mapper__.primary_key[0]
    changed = 0
    for key, value in session.execute(select(pk, col).where(col.is_not(None))).all():
        if value.casefold() in mapping:
            session.execute(
                update(model).where(pk == key).values({column: mapping[value.casefold()]})
            )
            changed += 1
    return changed


def _scrub_substrings(session: Session, model: Any, column: str, mapping: Mapping[str, str]) -> int:
    col = getattr(model, column)
    pk = model.__mapper__.primary_key[0]
    keys = sorted(mapping, key=len, reverse=True)  # longest first
    pattern = re.compile("|".join(re.escape(k) for k in keys), re.IGNORECASE)
    changed = 0
    for key, value in session.execute(select(pk, col).where(col.is_not(None))).all():
        new = pattern.sub(lambda m: mapping.get(m.group(0).casefold(), "[erased]"), value)
        if new != value:
            session.execute(update(model).where(pk == key).values({column: new[:300]}))
            changed += 1
    return changed


def scrub(session: Session, old: Mapping[str, str]) -> int:
    """Replace every listed copy of an old identity value (the keys of `old`) by its
    pseudonym; returns how many rows changed."""
    mapping = {k.casefold(): v for k, v in old.items() if k}
    if not mapping:
        return 0
    total = sum(_scrub_json(session, m, c, mapping) for m, c in JSON_COLUMNS)
    total += sum(_scrub_substrings(session, m, c, mapping) for m, c in SUBSTRING_COLUMNS)
    return total + sum(_scrub_text(session, m, c, mapping) for m, c in TEXT_COLUMNS)
