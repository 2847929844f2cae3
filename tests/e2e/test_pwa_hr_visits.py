"""SPEC §10 the PWA, §14 end-to-end: HR schedules a mystery-shop visit with the unit and shopper
pickers; the shopper's phone then lists that visit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from tests.e2e.conftest import HR, LiveServer, open_shop_campaign
from tests.e2e.pwa_driver import TIMEOUT, login

SHOPPER = "shopper2@demo.example"


def _open_shop_campaign(server: LiveServer) -> tuple[int, int, int]:
    """(campaign id, unit id, shopper id): an open mystery-shop campaign without visits."""
    from server.models.org import OrgUnit
    from server.models.user import User

    def work(session: Any) -> tuple[int, int, int]:
        campaign, _ = open_shop_campaign(
            session, {"en": "E2E scheduled visits", "zh-CN": "端到端排期暗访"}
        )
        unit = session.scalar(
            select(OrgUnit).where(OrgUnit.kind == "branch").order_by(OrgUnit.id.desc())
        )
        shopper = session.scalar(select(User).where(User.email == SHOPPER))
        session.commit()
        return campaign.id, unit.id, shopper.id

    return server.query(work)


def _visits(server: LiveServer, campaign_id: int) -> list[dict[str, Any]]:
    from server.models.campaign import Assignment

    def work(session: Any) -> list[dict[str, Any]]:
        rows = session.scalars(select(Assignment).where(Assignment.campaign_id == campaign_id))
        return [
            {
                "id": a.id,
                "rater_id": a.rater_id,
                "unit_id": a.unit_id,
                "scenario": dict(a.scenario or {}),
                "start": a.visit_window_start,
            }
            for a in rows
        ]

    return list(server.query(work))


def test_hr_schedules_visit_and_shopper_sees_it(
    live_server: LiveServer, browser: Any, phone: Any
) -> None:
    campaign_id, unit_id, shopper_id = _open_shop_campaign(live_server)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/campaign/{campaign_id}")
    page.locator(f'#v-unit_id option[value="{unit_id}"]').wait_for(
        state="attached", timeout=TIMEOUT
    )
    page.locator(f'#v-shopper_id option[value="{shopper_id}"]').wait_for(
        state="attached", timeout=TIMEOUT
    )
    page.locator("#v-unit_id").select_option(str(unit_id))
    page.locator("#v-shopper_id").select_option(str(shopper_id))
    start = datetime.now() - timedelta(hours=1)
    page.locator("#v-ws").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#v-we").fill((start + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#v-en").fill("Ask for a size exchange")
    page.locator("#v-zh").fill("咨询换尺码")
    page.locator("#v-zh").press("Enter")
    visits: list[dict[str, Any]] = []
    for _ in range(100):  # the POST lands shortly after the submit
        visits = _visits(live_server, campaign_id)
        if visits:
            break
        page.wait_for_timeout(100)
    assert len(visits) == 1, visits
    visit = visits[0]
    assert visit["rater_id"] == shopper_id and visit["unit_id"] == unit_id
    assert visit["scenario"] == {"en": "Ask for a size exchange", "zh-CN": "咨询换尺码"}
    assert errors == []
    ctx.close()

    mobile = phone.new_page()
    login(mobile, live_server.url, SHOPPER)
    mobile.locator(f'a[href="#/form/{visit["id"]}"]').wait_for(timeout=TIMEOUT)
