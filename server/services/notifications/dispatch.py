"""Which pending notifications become e-mails now, and in which letters (issue 14 §1).

Rules, per recipient, on their local clock (their unit's time zone):
- an inactive account gets nothing (`skipped`, note "inactive");
- a reminder is skipped when the person switched reminder e-mails off ("switched_off"),
  when its task is done ("task_done") or its due day has passed ("expired");
- during quiet hours nothing is sent: the notifications stay `pending` and go in the first
  run after the quiet hours end;
- events and escalations due at one run go in one letter ("notification:<first id>");
- reminders go in one digest per person per local day ("reminder_digest:<user>:<day>", a
  unique outbox key): reminders that come after today's digest wait for tomorrow's.

A letter is taken by `claim`: one conditional UPDATE (pending -> sent) of exactly its
notifications, in the transaction that records its outbox row, so two dispatchers never
send the same notification twice (the second finds them taken and rolls back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.messages import N_, localize
from server.models import Assignment, MailMessage, Notification, User
from server.services.notifications import texts
from server.services.notifications.clock import MailRules, local_day, quiet_ends, user_zone
from server.services.notifications.kinds import KINDS

MANY_NEW = N_("You have {n} new notifications")


@dataclass
class Letter:
    """One e-mail to be: its recipient, message kind, outbox key and notifications."""

    user: User
    kind: str  # "notification" | "reminder_digest"
    key: str
    notes: list[Notification]


@dataclass
class Plan:
    letters: list[Letter]
    counts: dict[str, int]


def _pending(session: Session) -> dict[int, list[Notification]]:
    stmt = (
        select(Notification)
        .where(Notification.email == "pending")
        .order_by(Notification.user_id, Notification.id)
    )
    by_user: dict[int, list[Notification]] = {}
    for note in session.scalars(stmt):
        by_user.setdefault(note.user_id, []).append(note)
    return by_user


def _skip(session: Session, notes: list[Notification], reason: str) -> None:
    ids = [n.id for n in notes]
    session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.email == "pending")
        .values(email="skipped", email_note=reason)
    )


def skip_reason(session: Session, user: User, note: Notification, today: date) -> str | None:
    """Why this notification is not e-mailed at all (None: it is, now or later)."""
    if KINDS.get(note.kind) != "reminder":
        return None
    params = note.params or {}
    if not user.reminder_emails:
        return "switched_off"
    assignment_id = params.get("assignment_id")
    if isinstance(assignment_id, int):
        assignment = session.get(Assignment, assignment_id)
        if assignment is None or assignment.status != "pending":
            return "task_done"
    due = params.get("due")
    if isinstance(due, str) and due[:10] < today.isoformat():
        return "expired"
    return None


def _sort(session: Session, user: User, notes: list[Notification], today: date) -> Any:
    events: list[Notification] = []
    reminders: list[Notification] = []
    skipped = 0
    for note in notes:
        reason = skip_reason(session, user, note, today)
        if reason:
            _skip(session, [note], reason)
            skipped += 1
        elif KINDS.get(note.kind) == "reminder":
            reminders.append(note)
        else:
            events.append(note)
    return events, reminders, skipped


def _plan_user(
    session: Session, user: User | None, notes: list[Notification], now: datetime, rules: MailRules
) -> tuple[list[Letter], dict[str, int]]:
    if user is None or not user.active or not user.email:
        _skip(session, notes, "inactive")
        return [], {"skipped": len(notes)}
    tz = user_zone(session, user, rules)
    today = local_day(now, tz)
    events, reminders, skipped = _sort(session, user, notes, today)
    counts = {"skipped": skipped}
    if quiet_ends(now, tz, rules) is not None:
        return [], {**counts, "held_quiet": len(events) + len(reminders)}
    letters = []
    if events:
        letters.append(Letter(user, "notification", f"notification:{events[0].id}", events))
    if reminders:
        key = f"reminder_digest:{user.id}:{today.isoformat()}"
        if session.scalar(select(MailMessage.id).where(MailMessage.key == key)) is None:
            letters.append(Letter(user, "reminder_digest", key, reminders))
        else:
            counts["held_daily"] = len(reminders)
    return letters, counts


def plan(session: Session, now: datetime, rules: MailRules) -> Plan:
    """The letters to send now; skipped notifications are marked (the caller commits)."""
    letters: list[Letter] = []
    counts: dict[str, int] = {}
    for user_id, notes in _pending(session).items():
        made, seen = _plan_user(session, session.get(User, user_id), notes, now, rules)
        letters.extend(made)
        for name, value in seen.items():
            counts[name] = counts.get(name, 0) + value
    return Plan(letters, counts)


def claim(session: Session, letter: Letter, now: datetime) -> bool:
    """Take the letter's notifications (pending -> sent); False when another took any."""
    ids = [n.id for n in letter.notes]
    result = session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.email == "pending")
        .values(email="sent", emailed_at=now, email_note=letter.key[:100])
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == len(ids)


def letter_context(letter: Letter, base_url: str) -> dict[str, Any]:
    """What the letter's templates show: each item's words in the recipient's language."""
    locale = letter.user.locale
    items = []
    for note in letter.notes:
        words = texts.render(note.kind, note.params, locale)
        items.append({**words, "url": f"{base_url}/#{note.link or '/inbox'}"})
    context: dict[str, Any] = {"items": items, "inbox_url": f"{base_url}/#/inbox"}
    if letter.kind == "notification":
        many = localize(MANY_NEW, {"n": len(items)}, locale)
        context["subject"] = items[0]["title"] if len(items) == 1 else many
    return context
