"""Issue 14 §2, end to end on a 360 px phone: the store manager's action items list (overdue
marked) is read from the phone's cache when offline, where moves say they need a
connection; back online the manager acknowledges an overdue item and the server has it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.e2e.conftest import LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login, wait_offline_ready, wait_until

MANAGER = "manager1@demo.example"
ARTIFACTS = Path(__file__).parent / "artifacts"


def _open_overdue(server: LiveServer) -> list[int]:
    """Ids of the manager's open items whose acknowledgement is overdue (the demo sets some)."""
    from server.models import ActionItem, User

    def run(s: Any) -> list[int]:
        owner = s.scalar(select(User.id).where(User.email == MANAGER))
        items = s.scalars(select(ActionItem).where(ActionItem.owner_id == owner))
        return [i.id for i in items if i.status == "open" and i.acknowledged_at is None]

    return server.query(run)


def _acknowledged(server: LiveServer, item_id: int) -> bool:
    from server.models import ActionItem

    return server.query(lambda s: s.get(ActionItem, item_id).acknowledged_at is not None)


def test_manager_reads_actions_offline_and_acknowledges_online(
    live_server: LiveServer, phone: Any
) -> None:
    open_ids = _open_overdue(live_server)
    assert open_ids, "the demo gives the store manager open overdue items"
    page = phone.new_page()
    login(page, live_server.url, MANAGER)
    wait_offline_ready(page)
    page.locator('nav.bottom a[href="#/actions"]').click()
    page.locator(".action-card").first.wait_for(timeout=TIMEOUT)
    assert page.locator(".action-card.overdue").count() >= 1
    # Offline: the list comes from the phone's cache; a move says it needs a connection.
    phone.set_offline(True)
    page.reload()
    page.locator(".action-card").first.wait_for(timeout=TIMEOUT)
    page.locator(".actions-screen .banner.offline").wait_for(timeout=TIMEOUT)
    assert page.locator(".action-card.overdue").count() >= 1
    target = page.locator(".action-card.overdue").first
    item_id = int(target.get_attribute("data-id") or 0)
    target.locator("a").click()
    page.locator(".action-detail .banner.warn").wait_for(timeout=TIMEOUT)
    assert page.locator("#ack").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "actions-offline-360.png"), full_page=True)
    # Online again: acknowledge.
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator("#ack").wait_for(timeout=TIMEOUT)
    page.locator("#ack").click()
    page.locator('.action-detail[data-status="acknowledged"]').wait_for(timeout=TIMEOUT)
    wait_until(page, lambda: _acknowledged(live_server, item_id))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "actions-acknowledged-360.png"), full_page=True)
    assert phone.console_errors == []
