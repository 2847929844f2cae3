"""Issue 14 §1 with controlled time: reminders (3 days before, on the day, none after
submission, none twice), quiet hours, the daily digest, the switch, read from a real SMTP
server in both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.extensions import db
from server.models import MailMessage, Notification
from server.tasks import periodic
from tests import mail_smtp
from tests.factories import campaign_and_form, make_assignment, make_unit, make_user
from tests.mail_smtp import SmtpServer

smtp_server = mail_smtp.smtp_server

DUE = date(2026, 12, 20)


def shanghai(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Asia/Shanghai (UTC+8) in December 2026, as UTC."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC) - (
        datetime(2026, 1, 1, 8, tzinfo=UTC) - datetime(2026, 1, 1, tzinfo=UTC)
    )


def run(name: str, now: datetime) -> dict:
    """Run one periodic action directly (no slot claim: as a second process would)."""
    return periodic.ACTIONS[name][1](db.session, now)


def world(locale: str = "en", tasks: int = 1, tz: str | None = "Asia/Shanghai"):
    unit = make_unit(timezone=tz)
    rater = make_user(unit_id=unit.id, locale=locale)
    campaign, version = campaign_and_form(status="open", period_end=DUE)
    found = []
    for _ in range(tasks):
        subject = make_user(unit_id=unit.id, name="Li Wei")
        found.append(make_assignment(campaign, rater, version, "peer", subject_id=subject.id))
    db.session.commit()
    return rater, campaign, found


def reminders(user_id: int) -> list[Notification]:
    stmt = select(Notification).where(
        Notification.user_id == user_id, Notification.kind == "reminder"
    )
    return list(db.session.scalars(stmt.order_by(Notification.id)))


def digests(smtp: SmtpServer, email: str) -> list:
    return [
        m for m in smtp.to(email) if m["Subject"] in ("Your tasks due soon", "您即将到期的任务")
    ]


@pytest.fixture
def smtp(app, smtp_server: SmtpServer) -> SmtpServer:
    app.config["MAIL_URL"] = smtp_server.url
    return smtp_server


def test_reminders_three_days_before_and_on_the_day_each_once(app):
    rater, _, [task] = world()
    for day in (15, 16):
        run("notification_events", shanghai(day, 10))
    assert reminders(rater.id) == []
    for _ in range(2):  # the periodic action twice in one slot, and again later that day
        run("notification_events", shanghai(17, 10))
    run("notification_events", shanghai(17, 18))
    [before] = reminders(rater.id)
    assert before.key == f"reminder:{task.id}:3" and before.params["days"] == 3
    assert before.link == f"/form/{task.id}"
    run("notification_events", shanghai(18, 10))
    run("notification_events", shanghai(20, 9))
    run("notification_events", shanghai(20, 9, 5))
    assert [n.key for n in reminders(rater.id)] == [
        f"reminder:{task.id}:3",
        f"reminder:{task.id}:0",
    ]
    run("notification_events", shanghai(21, 9))  # after the due day: nothing more
    assert len(reminders(rater.id)) == 2


def test_no_reminder_once_the_task_is_submitted(app):
    rater, _, [task] = world()
    task.status = "submitted"
    db.session.commit()
    run("notification_events", shanghai(17, 10))
    run("notification_events", shanghai(20, 10))
    assert reminders(rater.id) == []


def test_a_reminder_for_a_task_done_before_the_mail_run_is_skipped_with_a_note(app, smtp):
    rater, _, [task] = world()
    run("notification_events", shanghai(17, 10))
    task.status = "submitted"
    db.session.commit()
    run("notification_mail", shanghai(17, 10, 5))
    [note] = reminders(rater.id)
    assert (note.email, note.email_note) == ("skipped", "task_done")
    assert digests(smtp, rater.email) == []


def test_quiet_hours_hold_the_mail_until_eight_local(app, smtp):
    rater, _, _ = world()
    run("notification_events", shanghai(17, 22))
    assert run("notification_mail", shanghai(17, 22, 5))["held_quiet"] >= 1
    assert run("notification_mail", shanghai(18, 7, 55))["held_quiet"] >= 1
    assert smtp.to(rater.email) == []
    run("notification_mail", shanghai(18, 8))
    assert len(digests(smtp, rater.email)) == 1
    [note] = reminders(rater.id)
    assert note.email == "sent" and note.emailed_at == shanghai(18, 8)


def test_two_due_items_make_one_digest_and_one_per_day(app, smtp):
    rater, _, tasks = world(tasks=2)
    run("notification_events", shanghai(17, 10))
    run("notification_mail", shanghai(17, 10))
    [message] = digests(smtp, rater.email)
    text = message.get_body(("plain",)).get_content()
    assert text.count("Your rating of Li Wei is due in 3 days (2026-12-20).") == 2
    assert message["Subject"] == "Your tasks due soon"
    # A third task reminded the same day waits for tomorrow's digest.
    campaign, version = tasks[0].campaign, _version(tasks[0])
    extra = make_assignment(campaign, rater, version, "self", subject_id=rater.id)
    extra.due_at = datetime(2026, 12, 17, 12, tzinfo=UTC)
    db.session.commit()
    run("notification_events", shanghai(17, 11))
    assert run("notification_mail", shanghai(17, 11))["held_daily"] == 1
    assert len(digests(smtp, rater.email)) == 1


def _version(task):
    from server.models import FormVersion

    return db.session.get(FormVersion, task.form_version_id)


def test_the_switch_stops_reminder_mail_but_not_events(app, smtp):
    rater, _, _ = world()
    rater.reminder_emails = False
    db.session.commit()
    run("notification_events", shanghai(17, 10))
    run("notification_mail", shanghai(17, 10))
    [note] = reminders(rater.id)
    assert (note.email, note.email_note) == ("skipped", "switched_off")
    [opened] = smtp.to(rater.email)  # the "new task" event still comes
    assert opened["Subject"].startswith("New task:")


def test_never_sent_twice_by_two_runs_or_two_dispatchers(app, smtp):
    rater, _, _ = world()
    run("notification_events", shanghai(17, 10))
    other = Session(db.engine)
    from server.services.notifications import dispatch
    from server.tasks import notifications as tasks

    plan_b = dispatch.plan(other, shanghai(17, 10), tasks.rules())
    other.commit()
    run("notification_mail", shanghai(17, 10))
    run("notification_mail", shanghai(17, 10, 5))
    sent_b = [tasks._send_letter(other, letter, shanghai(17, 10)) for letter in plan_b.letters]
    other.close()
    assert sent_b and not any(sent_b)
    assert len(smtp.to(rater.email)) == 2  # one "new task" letter, one digest
    keys = db.session.scalars(select(MailMessage.key).where(MailMessage.recipient == rater.email))
    assert len(list(keys)) == 2


@pytest.mark.parametrize(
    ("locale", "subject", "line"),
    [
        ("en", "Your tasks due soon", "Your rating of Li Wei is due today (2026-12-20)."),
        ("zh-CN", "您即将到期的任务", "您对 Li Wei 的评价今天到期（2026-12-20）。"),
    ],
)
def test_the_digest_is_in_the_recipients_language(app, smtp, locale, subject, line):
    rater, _, _ = world(locale=locale)
    run("notification_events", shanghai(20, 9))
    run("notification_mail", shanghai(20, 9))
    [message] = [m for m in smtp.to(rater.email) if m["Subject"] == subject]
    assert line in message.get_body(("plain",)).get_content()
    assert line in message.get_body(("html",)).get_content()
    assert message["Content-Language"] == locale


def test_a_unit_time_zone_moves_the_quiet_hours(app, smtp):
    rater, _, _ = world(tz="Europe/London")  # 10:00 in Shanghai is 02:00 in London
    run("notification_events", shanghai(17, 10))
    assert run("notification_mail", shanghai(17, 10))["held_quiet"] >= 1
    assert smtp.to(rater.email) == []
