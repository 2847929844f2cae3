"""Issue 14 §1, the inbox on a 360 px phone: the bell shows the unread count, tapping an
item deep-links to its screen (and marks it read), the list shows offline from the
phone's copy. The demo records the shopper's "visit opened" items and reminders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tests.e2e.conftest import SHOPPER, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login, wait_offline_ready


def _unread(live_server: LiveServer) -> int:
    from server.models import Notification, User

    def count(session: Any) -> int:
        user = session.scalar(select(User).where(User.email == SHOPPER))
        stmt = select(func.count()).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
        return int(session.scalar(stmt))

    return int(live_server.query(count))


def test_inbox_badge_deep_link_and_offline_list(live_server: LiveServer, phone: Any) -> None:
    unread = _unread(live_server)
    assert unread >= 2, "the demo gives the shopper inbox items"
    page = phone.new_page()
    login(page, live_server.url, SHOPPER)
    wait_offline_ready(page)
    bell = page.locator("a.bell")
    page.wait_for_function(
        "n => document.querySelector('a.bell')?.dataset.unread === String(n)",
        arg=unread,
        timeout=TIMEOUT,
    )
    assert bell.locator(".bell-count").inner_text() == str(unread)
    bell.click()
    page.locator(".inbox h1").wait_for(timeout=TIMEOUT)
    # a visit's item (the demo's pay items, "visit payable", link to #/earnings instead)
    first = page.locator('.inbox-item.unread a.assignment-link[href^="#/form/"]').first
    first.wait_for(timeout=TIMEOUT)
    href = first.get_attribute("href")
    assert href and href.startswith("#/form/")
    page.screenshot(path="tests/e2e/artifacts/inbox-360.png", full_page=True)
    first.click()
    page.wait_for_function("h => location.hash === h", arg=href, timeout=TIMEOUT)
    page.locator(".progress").wait_for(timeout=TIMEOUT)  # the visit's form screen
    page.wait_for_function(
        "n => document.querySelector('a.bell')?.dataset.unread === String(n)",
        arg=unread - 1,
        timeout=TIMEOUT,
    )
    assert _unread(live_server) == unread - 1
    phone.set_offline(True)
    page.goto(live_server.url + "/#/inbox")
    page.locator(".inbox h1").wait_for(timeout=TIMEOUT)
    page.locator(".inbox .banner.offline").wait_for(timeout=TIMEOUT)
    assert page.locator(".inbox-item").count() >= unread
    assert page.locator(".inbox-item.unread").count() == unread - 1
    phone.set_offline(False)
    assert phone.console_errors == []
