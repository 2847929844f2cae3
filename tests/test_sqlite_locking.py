"""SPEC §8 sync, §11 PDF: SQLite: reads never hold the write lock; nothing renders inside a
transaction (issue 11 §3).

Real SQLite files, real threads: a review PDF download is held inside WeasyPrint by an Event
(no sleeps) while other sessions write, log in, sync and read. A raw sqlite3 connection with
`timeout=0` probes the write lock: `BEGIN IMMEDIATE` succeeds at once when it is free and
raises "database is locked" at once when anything holds it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select, text

from server import database
from server.extensions import db
from server.models import AuditEvent, Job, Submission
from server.reports import render
from tests.factories import (
    ApiClient,
    field_form,
    make_assignment,
    make_campaign,
    make_user,
    save_form,
    sub,
)
from tests.reports_data import build

WAIT = 60  # seconds: a bound for a broken build, never reached by a passing one


def db_path(app: Flask) -> str:
    return str(app.config["SQLALCHEMY_DATABASE_URI"]).removeprefix("sqlite:///")


def write_lock_is_free(app: Flask) -> bool:
    """Try to take the write lock without waiting (timeout 0), and give it back."""
    conn = sqlite3.connect(db_path(app), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as err:
        assert "locked" in str(err)
        return False
    finally:
        conn.close()


def settle(app: Flask) -> None:
    """End this test's own transaction (outside a request it begins IMMEDIATE), so the lock
    is free before the threads start. Read ORM attributes before this, not after."""
    db.session.commit()
    assert write_lock_is_free(app)


def login(app: Flask, user: Any) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api


def in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Run `call` in its own thread (its own app context, hence its own session)."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def result(thread: threading.Thread, out: dict[str, Any]) -> Any:
    thread.join(WAIT)
    assert not thread.is_alive(), "request still running"
    if "error" in out:
        raise out["error"]
    return out["value"]


class HeldRender:
    """Patch html_to_pdf: note the transaction state, signal, wait for release, render."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, app: Flask) -> None:
        self.app = app
        self.rendering = threading.Event()
        self.release = threading.Event()
        self.seen: list[dict[str, bool]] = []
        original = render.html_to_pdf

        def held(html: str) -> bytes:
            self.seen.append(
                {
                    "in_transaction": db.session().in_transaction(),
                    "lock_free": write_lock_is_free(app),
                }
            )
            self.rendering.set()
            assert self.release.wait(WAIT)
            return original(html)

        monkeypatch.setattr(render, "html_to_pdf", held)


@contextmanager
def statements(app: Flask) -> Iterator[list[tuple[str, str]]]:
    """Every statement sent to the database, as (thread name, SQL)."""
    sent: list[tuple[str, str]] = []

    def capture(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        sent.append((threading.current_thread().name, statement))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)


def transactions(sent: list[tuple[str, str]]) -> list[list[str]]:
    """Split one thread's statements into transactions (each starts with a BEGIN)."""
    out: list[list[str]] = []
    for _, sql in sent:
        if sql.startswith("BEGIN"):
            out.append([sql])
        elif out:
            out[-1].append(sql)
    return out


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def test_review_pdf_render_holds_no_lock_and_others_go_on(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build(app)
    hr = make_user(role="hr")
    shopper = make_user(role="shopper")
    version = save_form(field_form())
    campaign = make_campaign("mixed", form=version)
    assignment = make_assignment(campaign, shopper, version)
    item = sub(assignment, version)
    pdf_url = f"/api/v1/campaigns/{data.campaign.id}/reviews/{data.other.id}.pdf"
    downloader, reader, syncer = login(app, hr), login(app, data.employee), login(app, shopper)
    late = make_user(role="employee").email
    reader_id, hr_id, other_id = data.employee.id, hr.id, data.other.id
    held = HeldRender(monkeypatch, app)
    settle(app)

    thread, out = in_thread(lambda: downloader.get(pdf_url))
    assert held.rendering.wait(WAIT)
    try:
        # While WeasyPrint lays the review out: no transaction of the download is open...
        assert held.seen == [{"in_transaction": False, "lock_free": True}]
        assert write_lock_is_free(app)
        # ...so another user's write, login and read go through without waiting.
        sync = result(*in_thread(lambda: syncer.post("/api/v1/sync", json={"submissions": [item]})))
        assert sync.status_code == 200, sync.get_json()
        assert sync.get_json()["results"][0]["status"] == "created"
        fresh = ApiClient(app.test_client())
        assert result(*in_thread(lambda: fresh.login(late))).status_code == 200
        me = result(*in_thread(lambda: reader.get("/api/v1/me")))
        assert me.status_code == 200 and me.get_json()["user"]["id"] == reader_id
    finally:
        held.release.set()
    resp = result(thread, out)
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    db.session.rollback()
    assert db.session.get(Submission, item["id"]) is not None
    audited = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "review.download")
    ).all()
    assert [(e.actor_id, e.object_id) for e in audited] == [(hr_id, str(other_id))]


def test_unit_summary_pdf_renders_with_no_transaction_open(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build(app)
    hr = login(app, make_user(role="hr"))
    held = HeldRender(monkeypatch, app)
    held.release.set()
    url = f"/api/v1/campaigns/{data.campaign.id}/units/{data.unit.id}/summary.pdf"
    settle(app)
    resp = result(*in_thread(lambda: hr.get(url)))
    assert resp.status_code == 200
    assert held.seen == [{"in_transaction": False, "lock_free": True}]
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "unit_summary.download"))


def test_get_requests_begin_deferred_and_write_only_in_short_immediate_transactions(
    app: Flask,
) -> None:
    """Every GET (including those that audit) starts with a plain BEGIN; any write it makes
    is in a separate BEGIN IMMEDIATE transaction; unsafe requests begin IMMEDIATE."""
    data = build(app)
    hr_user = make_user(role="hr")
    hr = login(app, hr_user)
    employee = login(app, data.employee)
    job = Job(
        id="00000000-0000-4000-8000-000000000001",
        kind="reviews_zip",
        campaign_id=data.campaign.id,
        status="running",
        total=1,
        done=0,
        failures=[],
    )
    db.session.add(job)
    db.session.commit()
    db.session.execute(text("UPDATE job SET updated_at = '2020-01-01 00:00:00'"))  # stale
    db.session.commit()
    cid, uid = data.campaign.id, data.unit.id
    hr_email = hr_user.email
    gets = [
        (employee, "/api/v1/me"),
        (employee, "/api/v1/me/reviews"),
        (hr, f"/api/v1/campaigns/{cid}/reviews/{data.other.id}"),
        (hr, f"/api/v1/campaigns/{cid}/reviews/{data.other.id}.pdf"),
        (hr, f"/api/v1/campaigns/{cid}/units/{uid}/summary"),
        (hr, f"/api/v1/campaigns/{cid}/units/{uid}/summary.pdf"),
        (hr, f"/api/v1/campaigns/{cid}/exports/answers.csv"),
        (hr, f"/api/v1/campaigns/{cid}/exports/summary.xlsx"),
        (hr, f"/api/v1/jobs/{job.id}"),
        (hr, "/api/v1/jobs/00000000-0000-4000-8000-00000000ffff"),
    ]
    job_id = job.id
    settle(app)
    for client, url in gets:
        with statements(app) as sent:
            resp = result(*in_thread(lambda c=client, u=url: c.get(u)))  # type: ignore[misc]
        assert resp.status_code in (200, 404), (url, resp.status_code)
        txs = transactions(sent)
        assert txs and txs[0][0] == "BEGIN", (url, txs)
        for tx in txs:
            if any(sql.lstrip().upper().startswith(WRITES) for sql in tx[1:]):
                assert tx[0] == "BEGIN IMMEDIATE", (url, tx)
    db.session.rollback()
    assert db.session.get(Job, job_id).status == "failed"  # the stale job was ended
    settle(app)
    fresh = ApiClient(app.test_client())
    unsafe: list[tuple[str, Callable[[], Any]]] = [
        ("logout", lambda: employee.post("/api/v1/auth/logout")),
        ("login", lambda: fresh.login(hr_email)),
    ]
    for name, call in unsafe:
        with statements(app) as sent:
            resp = result(*in_thread(call))
        assert resp.status_code in (200, 204), (name, resp.status_code)
        txs = transactions(sent)
        assert txs and all(tx[0] == "BEGIN IMMEDIATE" for tx in txs), (name, txs)


def test_write_in_a_read_transaction_is_refused_under_testing(app: Flask) -> None:
    user = make_user()
    db.session.commit()
    with pytest.raises(database.WriteInReadTransaction), database.read_transaction(db.session):
        db.session.execute(text("UPDATE user SET name = 'x' WHERE id = :id"), {"id": user.id})
    with database.write_transaction(db.session):
        db.session.execute(text("UPDATE user SET name = 'y' WHERE id = :id"), {"id": user.id})
    assert db.session.scalar(text("SELECT name FROM user WHERE id = :id"), {"id": user.id}) == "y"


def test_write_transaction_takes_the_lock_at_once_and_releases_it(app: Flask) -> None:
    user = make_user()
    db.session.commit()
    with statements(app) as sent, database.write_transaction(db.session):
        assert not write_lock_is_free(app)
        db.session.get(type(user), user.id)
    assert write_lock_is_free(app)
    assert [s for _, s in sent][0] == "BEGIN IMMEDIATE"
    with statements(app) as sent, database.read_transaction(db.session):
        db.session.get(type(user), user.id)
        assert write_lock_is_free(app)
    assert [s for _, s in sent][0] == "BEGIN"


def test_a_get_leaves_no_read_transaction_behind(app: Flask) -> None:
    """When the app context outlives the request (tests, CLI) the snapshot is ended too."""
    user = make_user()
    client = login(app, user)
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 200
    assert not db.session().in_transaction()
    make_user()  # a write from this context right after a GET begins IMMEDIATE, no error
    db.session.commit()


def test_batch_worker_reads_in_one_deferred_transaction_while_a_writer_holds_the_lock(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ZIP/`flask reviews build` worker reads its review in one plain-BEGIN transaction
    (one snapshot, no write lock) and renders after it ended, even while another
    connection holds the write lock."""
    from server.services.reviews import batch

    data = build(app)
    campaign_id, employee_id = data.campaign.id, data.other.id
    settle(app)
    monkeypatch.setattr(batch, "WORKER_NICENESS", 0)  # this is the test process, not a worker
    batch._init_worker(batch.WorkerConfig(str(app.config["SQLALCHEMY_DATABASE_URI"])))
    engine = batch._state["engine"]
    sent: list[str] = []
    seen: list[bool] = []

    def capture(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        sent.append(statement)

    original = render.html_to_pdf

    def spy(html: str) -> bytes:
        seen.append(engine.pool.checkedout() == 0)
        return original(html)

    writer = sqlite3.connect(db_path(app), timeout=0, isolation_level=None)
    event.listen(engine, "before_cursor_execute", capture)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE user SET name = name")
        render.html_to_pdf = spy  # type: ignore[assignment]
        outcome = batch.build_one(campaign_id, employee_id)
    finally:
        render.html_to_pdf = original  # type: ignore[assignment]
        writer.execute("ROLLBACK")
        writer.close()
        event.remove(engine, "before_cursor_execute", capture)
        engine.dispose()
    assert outcome.error is None and outcome.pdf
    assert sent[0] == "BEGIN" and sum(s.startswith("BEGIN") for s in sent) == 1
    assert not any(s.lstrip().upper().startswith(WRITES) for s in sent)
    assert seen == [True]


def test_pdf_layout_can_run_in_a_helper_process() -> None:
    """PDF_RENDER_PROCESSES > 0: the layout runs in another process (the web worker's threads
    keep the GIL); 0 runs it in the calling thread."""
    import os

    from server.reports import offload

    html = "<html><body><p>offload 测试</p></body></html>"
    try:
        pdf = offload.call(1, render.html_to_pdf, html)
        pid = offload.call(1, os.getpid)
    finally:
        pool = offload._pool
        if pool is not None:
            offload._discard(pool)
    assert pdf.startswith(b"%PDF") and pid != os.getpid()
    assert offload.call(0, os.getpid) == os.getpid()


def test_downloads_read_then_audit_on_postgresql(pg_app: Flask) -> None:
    """The read / render / short audit write sequence also holds on PostgreSQL."""
    data = build(pg_app)
    hr_user = make_user(role="hr")
    hr = login(pg_app, hr_user)
    cid, uid, other = data.campaign.id, data.unit.id, data.other.id
    db.session.commit()
    for url in (
        f"/api/v1/campaigns/{cid}/reviews/{other}.pdf",
        f"/api/v1/campaigns/{cid}/reviews/{other}",
        f"/api/v1/campaigns/{cid}/units/{uid}/summary.pdf",
        f"/api/v1/campaigns/{cid}/exports/answers.csv",
        f"/api/v1/campaigns/{cid}/exports/answers.csv",
    ):
        resp = result(*in_thread(lambda u=url: hr.get(u)))  # type: ignore[misc]
        assert resp.status_code == 200, (url, resp.status_code)
    db.session.rollback()
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == hr_user.id)
    ).all()
    assert sorted(a for a in actions if a != "login") == [
        "export.answers",
        "export.answers",
        "review.download",
        "review.read",
        "unit_summary.download",
    ]


@pytest.mark.parametrize("right_password", [True, False])
def test_login_checks_the_password_with_no_transaction_open(
    app: Flask, monkeypatch: pytest.MonkeyPatch, right_password: bool
) -> None:
    """argon2 takes tens of milliseconds per login: the write lock is free meanwhile."""
    from server.services.org import passwords

    user = make_user(role="employee")
    email = user.email
    settle(app)
    seen: list[dict[str, bool]] = []
    original = passwords.verify_password

    def spy(password_hash: str | None, password: str) -> bool:
        seen.append(
            {"in_transaction": db.session().in_transaction(), "lock_free": write_lock_is_free(app)}
        )
        return original(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", spy)
    api = ApiClient(app.test_client())
    response = api.login(email) if right_password else api.login(email, "a-wrong-password")
    assert response.status_code == (200 if right_password else 401)
    assert seen == [{"in_transaction": False, "lock_free": True}]
