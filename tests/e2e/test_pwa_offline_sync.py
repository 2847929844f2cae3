"""SPEC §10 the PWA, §14 end-to-end: A shopper's visit filled offline reaches the server exactly
once, with its photo, even when the network fails mid-upload or the session expires while offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.e2e.conftest import SHOPPER, LiveServer, ensure_visit
from tests.e2e.pwa_driver import (
    TIMEOUT,
    fill_and_submit,
    login,
    make_photo,
    open_assignment,
    outbox_count,
    wait_forms_cached,
    wait_offline_ready,
    wait_outbox_empty,
    wait_until,
)


def _stored(server: LiveServer, assignment_id: int) -> list[dict[str, Any]]:
    """Submissions stored for the assignment, with their photo hashes and attachment rows."""
    from server.models.attachment import Attachment
    from server.models.submission import Submission, SubmissionAttachment

    def work(session: Any) -> list[dict[str, Any]]:
        out = []
        for sub in session.scalars(
            select(Submission).where(Submission.assignment_id == assignment_id)
        ):
            hashes = list(
                session.scalars(
                    select(SubmissionAttachment.attachment_sha256).where(
                        SubmissionAttachment.submission_id == sub.id
                    )
                )
            )
            atts = list(session.scalars(select(Attachment).where(Attachment.sha256.in_(hashes))))
            out.append(
                {
                    "id": sub.id,
                    "hashes": hashes,
                    "attachments": atts,
                    "staff_id": sub.reported_staff_id,
                    "answers": sub.answers,
                }
            )
        return out

    return list(server.query(work))


def _photo_answers(answers: dict[str, Any]) -> set[str]:
    return {
        h
        for v in answers.values()
        if isinstance(v, list)
        for h in v
        if isinstance(h, str) and len(h) == 64
    }


def _start_offline_visit(
    server: LiveServer, phone: Any, tmp_path: Path, staff: list[int] | None = None
) -> tuple[Any, int]:
    """Sign in, go offline, fill and submit a fresh visit; return the page and the
    assignment id. With a `staff` list, the first staff member offered is named as the one
    who served, and its id is appended to the list."""
    assignment_id = ensure_visit(server)
    page = phone.new_page()
    page.goto(server.url + "/")
    login(page, server.url, SHOPPER)
    wait_offline_ready(page)
    page.locator(f'a[href="#/form/{assignment_id}"]').wait_for(timeout=TIMEOUT)
    wait_forms_cached(page)
    phone.set_offline(True)
    open_assignment(page, assignment_id)
    if staff is not None:
        value = page.locator("#visit-staff option:not([value=''])").first.get_attribute("value")
        page.locator("#visit-staff").select_option(value)
        staff.append(int(value or 0))
    fill_and_submit(page, make_photo(tmp_path / "receipt.jpg"))
    return page, assignment_id


def test_offline_visit_with_photo_is_stored_once(
    live_server: LiveServer, phone: Any, tmp_path: Path
) -> None:
    page, assignment_id = _start_offline_visit(live_server, phone, tmp_path)
    page.reload()
    page.locator("nav.bottom").wait_for(timeout=TIMEOUT)
    assert outbox_count(page) == 1
    assert _stored(live_server, assignment_id) == []
    phone.set_offline(False)
    wait_outbox_empty(page)
    stored = _stored(live_server, assignment_id)
    assert len(stored) == 1
    photos = _photo_answers(stored[0]["answers"])
    assert photos, stored[0]["answers"]
    assert {a.sha256 for a in stored[0]["attachments"]} == photos
    assert all(
        max(a.width, a.height) <= 1600 and a.mime_type == "image/jpeg"
        for a in stored[0]["attachments"]
    )
    # the capture time survives the downscale (EXIF written back) for HR's evidence check
    assert all(a.captured_at is not None for a in stored[0]["attachments"])
    page.goto(live_server.url + "/#/outbox")
    page.locator(".badge-synced").first.wait_for(timeout=TIMEOUT)
    assert phone.console_errors == []


def test_lost_sync_response_is_retried_with_the_same_id(
    live_server: LiveServer, phone: Any, tmp_path: Path
) -> None:
    page, assignment_id = _start_offline_visit(live_server, phone, tmp_path)
    sent: list[str] = []

    def fail_first(route: Any) -> None:
        sent.append(route.request.post_data_json["submissions"][0]["id"])
        if len(sent) == 1:
            # the server stores it, but the answer never reaches the phone
            response = route.fetch()
            assert response.status == 200, response.text()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/sync", fail_first)
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(page, lambda: len(sent) == 1)
    page.goto(live_server.url + "/#/outbox")
    page.locator(".ob-item .badge-waiting").wait_for(timeout=TIMEOUT)
    assert len(_stored(live_server, assignment_id)) == 1
    assert outbox_count(page) == 1
    page.locator("button", has_text="Sync now").or_(
        page.locator("button", has_text="立即同步")
    ).click()
    wait_outbox_empty(page)
    assert len(sent) == 2 and sent[0] == sent[1]
    stored = _stored(live_server, assignment_id)
    assert len(stored) == 1 and stored[0]["id"] == sent[0]


def test_failed_photo_upload_keeps_the_item(
    live_server: LiveServer, own_browser_phone: Any, tmp_path: Path
) -> None:
    """The first photo upload dies with a reset connection: the item stays, nothing is
    stored, and "Sync now" sends it. Its own browser process: in some full-suite runs (never
    alone) "Sync now" was still busy after 90 s, and the rerun in the same session browser
    failed too; the cause is not found, so this test shares nothing an earlier test left in
    that browser (sockets, network service state)."""
    phone = own_browser_phone
    page, assignment_id = _start_offline_visit(live_server, phone, tmp_path)
    uploads: list[str] = []

    def fail_first(route: Any) -> None:
        uploads.append(route.request.url)
        route.abort("connectionreset") if len(uploads) == 1 else route.continue_()

    page.route("**/api/v1/attachments/*", fail_first)
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(page, lambda: len(uploads) == 1)
    page.goto(live_server.url + "/#/outbox")
    page.locator(".ob-item .badge-waiting").wait_for(timeout=TIMEOUT)
    assert _stored(live_server, assignment_id) == []
    page.locator(".outbox .row-between .btn-primary").click(timeout=90_000)
    wait_outbox_empty(page)
    assert len(_stored(live_server, assignment_id)) == 1


def test_session_expired_offline_then_relogin_continues(
    live_server: LiveServer, phone: Any, tmp_path: Path
) -> None:
    page, assignment_id = _start_offline_visit(live_server, phone, tmp_path)
    # the session ends while the phone is offline (cookie gone / invalidated)
    phone.clear_cookies()
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator(".banner.warn a").wait_for(timeout=TIMEOUT)
    assert outbox_count(page) == 1
    assert _stored(live_server, assignment_id) == []
    page.locator(".banner.warn a").click()
    login(page, live_server.url, SHOPPER)
    wait_outbox_empty(page)
    assert len(_stored(live_server, assignment_id)) == 1


def test_server_refusal_shows_the_field_in_the_ui_language(
    live_server: LiveServer, phone: Any, tmp_path: Path
) -> None:
    """The staff member picked offline moved to another store before the visit synced: the
    server refuses the item (invalid staff_id); the outbox keeps it, marks it as needing
    attention and names the field and the reason in the app's language."""
    from server.models.org import OrgUnit
    from server.models.user import User

    picked: list[int] = []
    page, assignment_id = _start_offline_visit(live_server, phone, tmp_path, staff=picked)
    [staff_id] = picked

    def move(session: Any) -> None:
        person = session.get(User, staff_id)
        other = session.scalar(
            select(OrgUnit.id).where(OrgUnit.id != person.unit_id).order_by(OrgUnit.id.desc())
        )
        person.unit_id = other
        session.commit()

    live_server.query(move)
    phone.set_offline(False)
    page.goto(live_server.url + "/#/outbox")
    item = page.locator(".ob-item.state-attention")
    item.wait_for(timeout=90_000)
    locale = page.evaluate("() => document.documentElement.lang")
    expected = (
        "为您服务的员工: 该员工不在此门店"
        if locale == "zh-CN"
        else "Staff member who served you: the staff member does not work at this store"
    )
    assert expected in item.inner_text()
    assert _stored(live_server, assignment_id) == []
    assert outbox_count(page) == 1  # kept, not lost
