"""Notifications that run by themselves (issue 14 §1), every 5 minutes, once per slot:

- `notification_events`: tell raters their tasks are open, shoppers their visits, employees
  their review is released (server/services/notifications/events.py), and record the
  reminders due today (reminders.py);
- `notification_mail`: turn pending notifications into e-mails (dispatch.py: quiet hours,
  one reminder digest per person per local day, the person's switch, nothing for a done
  task). Each letter's outbox row and the marking of its notifications are committed
  together, then the message is queued (server/tasks/mail.py sends it, with retries).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from server import mail
from server.services.notifications import dispatch, events, reminders
from server.services.notifications.clock import MailRules, parse_hhmm
from server.tasks import mail as mail_tasks
from server.tasks.periodic import every


def rules() -> MailRules:
    """Quiet hours and the default time zone, from the app's Config."""
    config = current_app.config
    return MailRules(
        default_zone=str(config.get("DEFAULT_TIMEZONE") or "Asia/Shanghai"),
        quiet_start=parse_hhmm(str(config.get("QUIET_HOURS_START", "21:00"))),
        quiet_end=parse_hhmm(str(config.get("QUIET_HOURS_END", "08:00"))),
    )


def base_url() -> str:
    return str(current_app.config.get("PUBLIC_URL") or "http://localhost:5000").rstrip("/")


@every(5)
def notification_events(session: Session, now: datetime) -> dict[str, int]:
    """Record "opened" and "released" events and today's reminders (committed)."""
    summary = events.announce_tasks(session, rules())
    summary["review_released"] = events.announce_releases(session, now)
    summary.update(reminders.remind(session, now, rules()))
    session.commit()
    return summary


def _send_letter(session: Session, letter: dispatch.Letter, now: datetime) -> bool:
    context = dispatch.letter_context(letter, base_url())
    outgoing = mail.message_for(letter.user, letter.kind, key=letter.key, context=context)
    row, created = mail.outbox.record(session, outgoing)
    if not created or not dispatch.claim(session, letter, now):
        session.rollback()  # another dispatcher sent these (or this letter) already
        return False
    message_id = row.id
    session.commit()
    mail_tasks.send(message_id, outgoing)
    return True


@every(5)
def notification_mail(session: Session, now: datetime) -> dict[str, int]:
    """E-mail what is due (see the module docstring); counts of what happened."""
    plan = dispatch.plan(session, now, rules())
    session.commit()
    sent = sum(_send_letter(session, letter, now) for letter in plan.letters)
    return {**plan.counts, "letters": sent}
