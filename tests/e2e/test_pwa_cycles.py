"""Issue 14 §3 in the browser (360 px phone): the daily self-check is due today, checked
in once it is done today; the next day it is due again and a second check-in is accepted;
the month grid shows the person's days with their scores. The server's clock moves with
time_machine (the live server runs in this process), the phone's with Playwright's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from server.services.cycles import runner
from tests.e2e.conftest import LiveServer
from tests.e2e.pwa_driver import TIMEOUT, fill_and_submit, login, open_assignment, wait_outbox_empty

EMPLOYEE = "staff111@demo.example"
ARTIFACTS = Path(__file__).parent / "artifacts"
SHANGHAI = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.e2e


def _daily_assignment(server: LiveServer) -> tuple[int, int]:
    from server.models import Assignment, CyclePeriod, DailyCheckin, User

    def run(s: Any) -> tuple[int, int]:
        user_id = s.scalar(select(User.id).where(User.email == EMPLOYEE))
        aid = s.scalars(
            select(Assignment.id)
            .join(CyclePeriod, CyclePeriod.campaign_id == Assignment.campaign_id)
            .where(
                Assignment.rater_id == user_id,
                Assignment.status == "pending",
                CyclePeriod.per_day.is_(True),
            )
            .order_by(Assignment.id.desc())
        ).first()
        count = len(
            s.scalars(select(DailyCheckin.id).where(DailyCheckin.rater_id == user_id)).all()
        )
        return aid, count

    return server.query(run)


def _check_in(page: Any, aid: int) -> None:
    card = page.locator(f'li.assignment:has(a[href="#/form/{aid}"])')
    card.locator(".badge-due").wait_for(timeout=TIMEOUT)
    open_assignment(page, aid)
    fill_and_submit(page, None)
    wait_outbox_empty(page)
    page.goto(page.url.split("#")[0] + "#/")
    page.reload()
    page.locator("li.assignment .badge-sent").first.wait_for(timeout=TIMEOUT)
    assert page.locator(f'a.assignment-link[href="#/form/{aid}"]').count() == 0


def test_daily_self_check_on_two_days_and_the_month_grid(
    live_server: LiveServer, browser: Any
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    aid, before = _daily_assignment(live_server)
    assert aid is not None
    ctx = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="en-US", timezone_id="Asia/Shanghai"
    )
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    try:
        with time_machine.travel(now, tick=True):
            page.clock.install(time=now)
            page.goto(live_server.url + "/")
            login(page, live_server.url, EMPLOYEE)
            _check_in(page, aid)
        tomorrow = now + timedelta(days=1)
        with time_machine.travel(tomorrow, tick=True):
            # the scheduler's run of the next morning (a new month's campaign, if it is one)
            live_server.query(lambda s: (runner.run(s, tomorrow), s.commit()))
            aid2, _ = _daily_assignment(live_server)
            page.clock.set_system_time(tomorrow)
            page.reload()
            _check_in(page, aid2)
            page.goto(live_server.url + "/#/self-checks")
            page.locator(".sc-cal").wait_for(timeout=TIMEOUT)
            day2 = tomorrow.astimezone(SHANGHAI).date().isoformat()
            day1 = now.astimezone(SHANGHAI).date().isoformat()
            for day in (day1, day2) if day1[:7] == day2[:7] else (day2,):
                cell = page.locator(f'.sc-day[data-day="{day}"]')
                assert "done" in (cell.get_attribute("class") or "")
                assert cell.locator(".s").inner_text().strip() != ""
            assert page.locator(".sc-current").inner_text().strip()
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "self-check-month-360.png"), full_page=True)
        _, after = _daily_assignment(live_server)
        assert after == before + 2
        assert errors == []
    finally:
        ctx.close()
