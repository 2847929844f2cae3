"""Issue 13 §4 (mail): messages go through a real SMTP server (aiosmtpd) or into .eml
files, multipart text + HTML in the recipient's language, through the queue with retries;
a refused address is failed and not retried, the same event is never sent twice."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server import mail
from server.extensions import db
from server.mail.outbox import MAX_ATTEMPTS
from server.messages import has_translation
from server.models import MailMessage
from server.tasks import huey
from server.tasks import mail as mail_tasks
from tests import mail_smtp
from tests.factories import make_user
from tests.mail_helpers import body, link_token, run_retries
from tests.mail_smtp import SmtpServer, free_port

RESET = "/api/v1/auth/password-reset"
smtp_server = mail_smtp.smtp_server  # the fixture
TEMPLATES = Path(__file__).resolve().parent.parent / "server" / "mail" / "templates"


def ask_reset(client: Any, email: str) -> None:
    resp = client.post(RESET, json={"email": email})
    assert resp.status_code == 202, resp.get_json()


def row_of(email: str) -> SimpleNamespace:
    """The message row's values; no transaction is left open (a task may run next)."""
    db.session.commit()
    row = db.session.scalars(select(MailMessage).where(MailMessage.recipient == email)).one()
    values = SimpleNamespace(**{c.key: getattr(row, c.key) for c in MailMessage.__table__.c})
    db.session.commit()
    return values


@pytest.mark.parametrize(
    ("locale", "subject", "greeting"),
    [("zh-CN", "重置您的密码", "您好"), ("en", "Reset your password", "Hello")],
)
def test_reset_mail_is_multipart_in_the_recipients_language(
    app, client, smtp_server: SmtpServer, locale: str, subject: str, greeting: str
) -> None:
    app.config["MAIL_URL"] = smtp_server.url
    user = make_user(locale=locale, name="Li Lei")
    ask_reset(client, user.email.upper())  # the request's language does not matter
    [message] = smtp_server.to(user.email)
    assert message["Subject"] == subject
    assert message["Content-Language"] == locale
    assert message.is_multipart() and message.get_content_type() == "multipart/alternative"
    text, html = body(message, "plain"), body(message, "html")
    assert greeting in text and greeting in html and "Li Lei" in text
    assert f'<html lang="{locale}">' in html
    assert ("1小时" if locale == "zh-CN" else "1 hour") in text
    assert len(link_token(message)) >= 40
    row = row_of(user.email)
    assert (row.status, row.attempts, row.kind, row.locale) == ("sent", 1, "password_reset", locale)
    assert row.subject == subject and row.sent_at is not None


def test_file_backend_writes_an_eml_that_parses(app, client, tmp_path: Path) -> None:
    app.config["MAIL_URL"] = f"file://{tmp_path}/outbox"
    user = make_user(locale="en")
    ask_reset(client, user.email)
    [eml] = (tmp_path / "outbox").glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == user.email
    assert message["Subject"] == "Reset your password"
    assert "Reset your password" in body(message, "html")  # type: ignore[arg-type]
    assert not list((tmp_path / "outbox").glob("*.part"))
    assert row_of(user.email).status == "sent"


def test_a_permanently_refused_address_is_failed_and_not_retried(
    app, client, smtp_server: SmtpServer
) -> None:
    app.config["MAIL_URL"] = smtp_server.url
    user = make_user()
    smtp_server.refuse.add(user.email)
    ask_reset(client, user.email)
    assert run_retries() == 0
    row = row_of(user.email)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error is not None and row.last_error.startswith("550")
    assert smtp_server.arrived == []


def test_temporary_refusals_are_retried_then_sent(app, client, smtp_server: SmtpServer) -> None:
    app.config["MAIL_URL"] = smtp_server.url
    user = make_user()
    smtp_server.busy = 2
    ask_reset(client, user.email)
    row = row_of(user.email)
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.last_error is not None and row.last_error.startswith("451")
    assert run_retries() == 2
    row = row_of(user.email)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)
    assert len(smtp_server.to(user.email)) == 1


def test_an_unreachable_server_is_retried_a_bounded_number_of_times(app, client) -> None:
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nothing listens: refused
    user = make_user()
    ask_reset(client, user.email)
    assert run_retries() == MAX_ATTEMPTS - 1
    row = row_of(user.email)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert "ConnectionRefusedError" in (row.last_error or "")
    assert huey.scheduled_count() == 0


def test_an_address_that_cannot_be_written_is_failed_not_a_500(
    app, client, smtp_server: SmtpServer
) -> None:
    app.config["MAIL_URL"] = smtp_server.url
    eai = make_user(email="用户@example.test")  # needs SMTPUTF8: not sent
    ask_reset(client, eai.email)
    row = row_of(eai.email)
    assert (row.status, row.attempts) == ("failed", 0)
    assert "cannot be written" in (row.last_error or "")
    idn = make_user(email="li@例子.test")  # the domain goes as IDNA
    ask_reset(client, idn.email)
    assert [a.rcpt_tos for a in smtp_server.arrived] == [["li@xn--fsqu00a.test"]]
    assert row_of(idn.email).status == "sent" and huey.scheduled_count() == 0


def test_messages_left_sending_by_a_dead_consumer_are_marked_failed(app) -> None:
    now = datetime.now(UTC)
    for minutes in (11, 5):
        db.session.add(
            MailMessage(
                key=f"dead:{minutes}",
                recipient=f"m{minutes}@example.test",
                kind="password_reset",
                locale="en",
                subject="s",
                status="sending",
                attempts=1,
                claimed_at=now - timedelta(minutes=minutes),
            )
        )
    db.session.commit()
    mail_tasks.fail_interrupted()
    mail_tasks.fail_interrupted()  # a second run changes nothing more
    assert row_of("m11@example.test").status == "failed"
    assert "interrupted" in (row_of("m11@example.test").last_error or "")
    assert row_of("m5@example.test").status == "sending"


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(records=st.integers(1, 4), runs=st.integers(0, 3), busy=st.integers(0, 2))
def test_the_same_event_is_sent_once(
    app, smtp_server: SmtpServer, records: int, runs: int, busy: int
) -> None:
    """Recorded and queued again and again, tasks repeated, retries after refusals: one
    row, one message."""
    app.config["MAIL_URL"] = smtp_server.url
    smtp_server.busy = busy
    user = make_user(locale="en")
    key = f"test:{uuid.uuid4()}"
    ids = set()
    for _ in range(records):
        outgoing = mail.message_for(
            user, "password_reset", key=key, context={"link": "x", "valid_for": timedelta(hours=1)}
        )
        row, _created = mail.outbox.record(db.session, outgoing)
        ids.add(message_id := row.id)
        db.session.commit()
        mail_tasks.send(message_id, outgoing)  # a duplicate task for the same event
    for _ in range(runs):
        mail_tasks.deliver(message_id, outgoing.raw)
    run_retries()
    assert len(ids) == 1
    assert len(smtp_server.to(user.email)) == 1
    count = db.session.scalar(select(func.count()).where(MailMessage.key == key))
    assert count == 1 and row_of(user.email).status == "sent"


def test_admins_list_the_outbox(app, client, admin_client, hr_client, runner, smtp_server) -> None:
    app.config["MAIL_URL"] = smtp_server.url
    user = make_user()
    smtp_server.refuse.add(user.email)
    ask_reset(client, user.email)
    resp = admin_client.get("/api/v1/admin/mail?status=failed")
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["total"] == 1
    [item] = data["messages"]
    assert item["recipient"] == user.email and item["status"] == "failed"
    assert item["last_error"].startswith("550") and item["kind"] == "password_reset"
    assert admin_client.get("/api/v1/admin/mail?status=sent").get_json()["total"] == 0
    assert admin_client.get("/api/v1/admin/mail?limit=0").status_code == 422
    assert hr_client.get("/api/v1/admin/mail").status_code == 403
    assert client.get("/api/v1/admin/mail").status_code == 401
    out = runner.invoke(args=["mail", "list"], env={"LANG": "en"})
    assert out.exit_code == 0, out.output
    assert user.email in out.output and "failed" in out.output
    assert "1 of 1 messages" in out.output


def test_every_template_msgid_has_a_chinese_translation() -> None:
    found = {
        message
        for _f, _l, message, _c, _ctx in extract_from_dir(
            str(TEMPLATES), method_map=[("**", "jinja2")], comment_tags=()
        )
    }
    assert len(found) >= 9
    assert [m for m in sorted(found) if not has_translation(m, "zh-CN")] == []


def test_reset_by_mail_on_postgresql(pg_app, smtp_server: SmtpServer) -> None:
    """The claim (UPDATE … RETURNING), the outbox and the link on PostgreSQL."""
    pg_app.config["MAIL_URL"] = smtp_server.url
    client = pg_app.test_client()
    user = make_user(locale="zh-CN")
    smtp_server.busy = 1
    ask_reset(client, user.email)
    assert run_retries() == 1
    [message] = smtp_server.to(user.email)
    assert message["Subject"] == "重置您的密码"
    confirm = {"token": link_token(message), "password": "pg-new-password-1"}
    assert client.post(f"{RESET}/confirm", json=confirm).status_code == 204
    assert client.post(f"{RESET}/confirm", json=confirm).status_code == 410
    row = row_of(user.email)
    assert (row.status, row.attempts) == ("sent", 2)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_parallel_consumers_send_a_message_once(request, engine: str, smtp_server) -> None:
    """Four consumers run the same task at once: the claim lets one of them send."""
    app = request.getfixturevalue("app" if engine == "sqlite" else "pg_app")
    app.config["MAIL_URL"] = smtp_server.url
    user = make_user()
    outgoing = mail.message_for(
        user, "invitation", key="parallel", context={"link": "x", "valid_for": timedelta(days=7)}
    )
    row, _ = mail.outbox.record(db.session, outgoing)
    message_id = row.id
    db.session.commit()
    with ThreadPoolExecutor(4) as pool:
        statuses = list(
            pool.map(lambda _: mail_tasks.deliver.call_local(message_id, outgoing.raw), range(4))
        )
    assert statuses.count("sent") >= 1 and len(smtp_server.to(user.email)) == 1
    assert row_of(user.email).attempts == 1
