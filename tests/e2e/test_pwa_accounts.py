"""SPEC §10 the PWA, §14 end-to-end: Unsent work belongs to its user: logout warns and keeps it,
another user on the same phone neither sees nor sends it, and it syncs after the owner signs in
again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

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
)


def _count(server: LiveServer, assignment_id: int) -> int:
    from server.models.submission import Submission

    return int(
        server.query(
            lambda s: s.scalar(
                select(func.count())
                .select_from(Submission)
                .where(Submission.assignment_id == assignment_id)
            )
        )
    )


def test_logout_keeps_unsent_items_per_user(
    live_server: LiveServer, browser: Any, tmp_path: Path
) -> None:
    assignment_id = ensure_visit(live_server)
    phone = browser.new_context(viewport={"width": 360, "height": 780}, accept_downloads=True)
    page = phone.new_page()
    page.goto(live_server.url + "/")
    login(page, live_server.url, SHOPPER)
    wait_offline_ready(page)
    page.locator(f'a[href="#/form/{assignment_id}"]').wait_for(timeout=TIMEOUT)
    wait_forms_cached(page)
    phone.set_offline(True)
    open_assignment(page, assignment_id)
    fill_and_submit(page, make_photo(tmp_path / "p.jpg"))
    assert outbox_count(page) == 1
    # back online, but every send fails: the item stays unsent
    page.route("**/api/v1/sync", lambda route: route.abort("internetdisconnected"))
    page.route("**/api/v1/attachments/*", lambda route: route.abort("internetdisconnected"))
    phone.set_offline(False)
    page.goto(live_server.url + "/#/settings")
    # last resort: the unsent item (with its photo) can be saved as a file
    with page.expect_download(timeout=TIMEOUT) as info:
        page.locator(".settings .btn-secondary").click()
    exported = json.loads(Path(info.value.path()).read_text())
    assert [i["submission"]["assignment_id"] for i in exported["outbox"]] == [assignment_id]
    assert exported["photos"] and all(
        p["data"].startswith("data:image/jpeg;base64,") for p in exported["photos"].values()
    )
    page.locator(".settings .btn-danger").click()
    warning = page.locator("#logout-d")
    warning.wait_for(timeout=TIMEOUT)
    assert "1" in warning.inner_text()
    page.locator(".dialog .btn-primary").click()
    page.locator("#login-email").wait_for(timeout=TIMEOUT)

    # a second person on the same phone: no counter from the first user's items
    login(page, live_server.url, "staff111@demo.example")
    assert outbox_count(page) == 0
    page.goto(live_server.url + "/#/outbox")
    page.locator(".outbox .empty").wait_for(timeout=TIMEOUT)
    page.goto(live_server.url + "/#/settings")
    page.locator(".settings .btn-danger").click()
    page.locator(".dialog .btn-primary").click()
    page.locator("#login-email").wait_for(timeout=TIMEOUT)
    assert _count(live_server, assignment_id) == 0

    # the owner signs in again: the item is still there and goes out
    page.unroute("**/api/v1/sync")
    page.unroute("**/api/v1/attachments/*")
    login(page, live_server.url, SHOPPER)
    wait_outbox_empty(page)
    assert _count(live_server, assignment_id) == 1
    phone.close()
