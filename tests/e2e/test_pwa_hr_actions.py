"""SPEC §10 the PWA, §14 end-to-end: HR moves an action item forward: "respond" asks for a note and
refuses an empty one."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.conftest import HR, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login


def _first_open_item(server: LiveServer) -> int | None:
    from server.models.engagement import ActionItem

    return server.query(
        lambda s: s.scalar(
            select(ActionItem.id).where(ActionItem.status == "open").order_by(ActionItem.id)
        )
    )


def _item(server: LiveServer, item_id: int) -> tuple[str, list[Any]]:
    from server.models.engagement import ActionItem

    def work(s: Any) -> tuple[str, list[Any]]:
        item = s.get(ActionItem, item_id)
        return item.status, list(item.notes or [])

    return server.query(work)


def test_hr_respond_needs_a_note(live_server: LiveServer, browser: Any) -> None:
    if _first_open_item(live_server) is None:
        pytest.skip("the demo data holds no open action item")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    page.goto(live_server.url + "/")
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/actions")
    # items come in groups (issue 15): open the first group, take its first item
    page.locator("tr.ai-group button").first.click()
    row = page.locator("tr.ai-sub").first
    row.wait_for(timeout=TIMEOUT)
    select_ = row.locator("select")
    before = page.locator("tr.ai-group, tr.ai-sub").count()
    first_id = int(row.get_attribute("data-id"))
    assert _item(live_server, first_id)[0] in ("open", "acknowledged")
    select_.select_option("respond")
    note = page.locator(f"#note-{first_id}")
    note.wait_for(timeout=TIMEOUT)
    page.wait_for_function(  # the note field takes the focus once it is shown
        "(id) => document.activeElement && document.activeElement.id === id",
        arg=f"note-{first_id}",
        timeout=TIMEOUT,
    )
    form = page.locator("form.note-form")
    form.locator("button[type=submit]").click()
    form.locator(".field-error").wait_for(timeout=TIMEOUT)
    assert _item(live_server, first_id)[0] in ("open", "acknowledged")  # nothing sent
    note.fill("Called the store manager; retraining booked for Friday.")
    form.locator("button[type=submit]").click()
    form.wait_for(state="detached", timeout=TIMEOUT)
    status, notes = _item(live_server, first_id)
    assert status == "responded"
    assert notes[-1]["text"] == "Called the store manager; retraining booked for Friday."
    assert page.locator("tr.ai-group, tr.ai-sub").count() == before
    assert errors == []
    ctx.close()
