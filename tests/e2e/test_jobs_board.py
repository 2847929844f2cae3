"""Issue 16 §1, §5 job board in the browser at 360 px: a shopper finds a job on the board
(nearest first, fee and window shown), takes it, and it appears in Today like any visit;
a second shopper saw the job before and no longer sees it; My visits shows the directions
link to the unit's map location. A shopper withdraws a pending application (HR then sees it
as withdrawn); HR adds to the conflict list with the person picker (shoppers only) and the
unit selector at 1280 px."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.conftest import (
    DEMO_PASSWORD,
    HR,
    SHOPPER,
    LiveServer,
    open_shop_campaign,
    publish_job,
)
from tests.e2e.pwa_driver import TIMEOUT, login, nav_to

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"
SECOND = "jobs-second-shopper@demo.example"


def _publish(server: LiveServer) -> int:
    from server.services.org import accounts

    def work(session: Any) -> int:
        job_id = publish_job(
            session,
            {"en": "E2E job board", "zh-CN": "任务板测试"},
            (
                "E2E/Job store",
                {"en": "Job Store", "zh-CN": "任务门店"},
                "1 People's Square, Shanghai",
                31.2310,
                121.4740,
            ),
            3,
            {
                "scenario": {
                    "en": "Buy a coffee and ask for a receipt",
                    "zh-CN": "买咖啡并索取收据",
                },
                "fee_minor": 8050,
                "expense_cap_minor": 3000,
            },
        )
        accounts.create_user(
            session, email=SECOND, name="Second Shopper", role="shopper", password=DEMO_PASSWORD
        )
        session.commit()
        return job_id

    return int(server.query(work))


def _board(page: Any, base: str) -> None:
    page.goto(f"{base}/#/jobs")
    page.locator("section.job-board").wait_for(timeout=TIMEOUT)


def test_take_a_job_on_a_phone_it_is_in_today_and_gone_for_others(
    live_server: LiveServer, phone: Any, browser: Any
):
    from tests.e2e.conftest import new_phone

    job_id = _publish(live_server)
    other_ctx = new_phone(browser)
    other = other_ctx.new_page()
    login(other, live_server.url, SECOND)
    _board(other, live_server.url)
    other.locator(f'article[data-job="{job_id}"]').wait_for(timeout=TIMEOUT)

    page = phone.new_page()
    login(page, live_server.url, SHOPPER)
    nav_to(page, "#/jobs")
    card = page.locator(f'article[data-job="{job_id}"]')
    card.wait_for(timeout=TIMEOUT)
    assert "¥80.50" in card.inner_text() and "¥30.00" in card.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the board scrolls sideways at 360 px ({width} px)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "jobs-board-360.png"), full_page=True)
    card.locator("button.btn-primary").click()
    page.locator(".job-board .banner.ok").wait_for(timeout=TIMEOUT)
    page.locator(f'article[data-job="{job_id}"]').wait_for(state="detached", timeout=TIMEOUT)

    nav_to(page, "#/")
    page.locator(f'a.assignment-link[href="#/form/{job_id}"]').wait_for(timeout=TIMEOUT)

    page.goto(f"{live_server.url}/#/jobs/mine")
    mine = page.locator(f'article.mine[data-job="{job_id}"]')
    mine.wait_for(timeout=TIMEOUT)
    href = mine.locator(".job-links a").first.get_attribute("href")
    assert href.startswith("https://www.openstreetmap.org/directions?to=31.231")
    page.screenshot(path=str(ARTIFACTS / "jobs-mine-360.png"), full_page=True)
    phone.set_offline(True)  # the board says it needs a connection; my visits stay readable
    page.locator('.job-tabs a[href="#/jobs"]').click()
    page.locator(".job-board .banner.offline").wait_for(timeout=TIMEOUT)
    page.locator('.job-tabs a[href="#/jobs/mine"]').click()
    page.locator(f'article.mine[data-job="{job_id}"]').wait_for(timeout=TIMEOUT)
    assert page.locator(".job-board .banner.offline").count() == 1
    phone.set_offline(False)

    other.reload()
    other.locator("section.job-board").wait_for(timeout=TIMEOUT)
    other.locator(".job-board .empty, .job-board article").first.wait_for(timeout=TIMEOUT)
    assert other.locator(f'article[data-job="{job_id}"]').count() == 0
    assert phone.console_errors == [] and other_ctx.console_errors == []
    other_ctx.close()


def _approval_campaign(server: LiveServer, job_ids: list[int] | None = None) -> int:
    from server.models import OrgUnit, User
    from server.services.jobs import applications, publishing
    from server.services.visits import visits

    def work(session: Any) -> int:
        hr = session.scalar(select(User).where(User.email == HR))
        shopper = session.scalar(select(User).where(User.email == SHOPPER))
        campaign, _ = open_shop_campaign(session, {"en": "E2E approvals", "zh-CN": "审批测试"})
        publishing.update_settings(session, campaign, {"mode": "approval"})
        unit = session.scalar(select(OrgUnit).where(OrgUnit.kind.in_(["store", "branch"])))
        start = datetime.now(UTC) + timedelta(days=3)
        data = {"unit_id": unit.id, "window_start": start, "window_end": start + timedelta(days=1)}
        job = publishing.publish(
            session, hr, campaign, {**data, "fee_minor": 6000, "expense_cap_minor": 0}
        )
        applications.apply(session, shopper, job.id, datetime.now(UTC))
        if job_ids is not None:
            job_ids.append(job.id)
        later = {**data, "window_start": start + timedelta(days=2)}
        later["window_end"] = later["window_start"] + timedelta(days=1)
        visits.create_visit(session, hr, campaign, {**later, "shopper_id": shopper.id})
        session.commit()
        return campaign.id

    return int(server.query(work))


def test_hr_publishes_a_job_and_sees_applications_with_ratings(
    live_server: LiveServer, browser: Any
):
    campaign_id = _approval_campaign(live_server)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/jobs/{campaign_id}")
    form = page.locator("form", has=page.locator("#jp-unit"))
    form.wait_for(timeout=TIMEOUT)
    assert page.locator("#js-mode").input_value() == "approval"
    page.locator("#jp-unit option").nth(1).wait_for(state="attached", timeout=TIMEOUT)
    page.locator("#jp-unit").select_option(index=1)
    start = datetime.now() + timedelta(days=2)
    page.locator("#jp-ws").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#jp-we").fill((start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#jp-en").fill("Ask about a refund")
    page.locator("#jp-zh").fill("咨询退款")
    page.locator("#jp-fee").fill("75.5")
    page.locator("#jp-cap").fill("20")
    form.locator("button[type=submit]").click()
    page.locator("table.hr-table td", has_text="¥75.50 + ¥20.00").wait_for(timeout=TIMEOUT)
    offer = page.locator("form.inline-form")
    offer.locator("input").first.fill("50")
    offer.locator("button").click()
    page.locator("table.hr-table td", has_text="¥50.00 + ¥0.00").wait_for(timeout=TIMEOUT)
    rating = page.locator("table.hr-table td", has_text="/ 5")
    rating.first.wait_for(timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hr-jobs-1280.png"), full_page=True)
    assert errors == []
    ctx.close()


def _hr_page(browser: Any, server: LiveServer) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, server.url, HR)
    return ctx, page, errors


def test_a_shopper_withdraws_an_application_hr_sees_it_withdrawn(
    live_server: LiveServer, phone: Any, browser: Any
):
    job_ids: list[int] = []
    _approval_campaign(live_server, job_ids)
    page = phone.new_page()
    login(page, live_server.url, SHOPPER)
    nav_to(page, "#/jobs")
    card = page.locator(f'article[data-job="{job_ids[0]}"]')
    card.locator("button.job-withdraw").wait_for(timeout=TIMEOUT)
    page.once("dialog", lambda d: d.dismiss())  # changed their mind: nothing happens
    card.locator("button.job-withdraw").click()
    assert card.locator("button.job-withdraw").count() == 1
    page.once("dialog", lambda d: d.accept())
    card.locator("button.job-withdraw").click()
    page.locator(".job-board .banner.ok").wait_for(timeout=TIMEOUT)
    card.locator("button.btn-primary").wait_for(timeout=TIMEOUT)  # may apply again
    assert card.locator("button.job-withdraw").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "jobs-withdrawn-360.png"), full_page=True)
    assert phone.console_errors == []

    ctx, hr, errors = _hr_page(browser, live_server)
    hr.goto(f"{live_server.url}/#/hr/jobs")
    row = hr.locator("tr.muted[data-application]")  # the shopper's locale may be HR's or not
    row.wait_for(timeout=TIMEOUT)
    assert row.locator(".badge").inner_text() in ("Withdrawn by the shopper", "神秘顾客已撤回")
    assert row.locator("button").count() == 0  # nothing left to decide
    assert errors == []
    ctx.close()


def _shopper_and_unit(server: LiveServer) -> tuple[str, int, int]:
    from server.models import OrgUnit, User

    def work(session: Any) -> tuple[str, int, int]:
        shopper = session.scalar(select(User).where(User.email == SHOPPER))
        unit = session.scalar(select(OrgUnit).where(OrgUnit.kind.in_(["store", "branch"])))
        shoppers = session.scalars(select(User.id).where(User.role == "shopper")).all()
        return shopper.name, unit.id, len(shoppers)

    return server.query(work)


def test_hr_adds_a_conflict_with_the_person_picker_and_unit_selector(
    live_server: LiveServer, browser: Any
):
    name, unit, n_shoppers = _shopper_and_unit(live_server)
    ctx, page, errors = _hr_page(browser, live_server)
    page.goto(f"{live_server.url}/#/hr/jobs")
    form = page.locator("form.conflict-form")
    form.wait_for(timeout=TIMEOUT)
    assert page.locator("#jc-shopper[type=number], #jc-unit[type=number]").count() == 0
    page.wait_for_function(
        f"() => document.querySelectorAll('#jc-shopper option').length === {n_shoppers + 1}"
    )  # every shopper (and only shoppers), plus "choose"
    assert page.locator("#jc-shopper option", has_text="HR").count() == 0
    page.locator("#jc-shopper-search").fill(name)
    option = page.locator("#jc-shopper option", has_text=name).first
    option.wait_for(state="attached", timeout=TIMEOUT)
    page.locator("#jc-shopper").select_option(option.get_attribute("value"))
    page.locator(f'#jc-unit option[value="{unit}"]').wait_for(state="attached")
    page.locator("#jc-unit").select_option(str(unit))
    unit_name = page.locator(f'#jc-unit option[value="{unit}"]').inner_text()
    page.locator("#jc-note").fill("Cousin works there")
    form.locator("button[type=submit]").click()
    page.locator("li", has_text=f"{name} × {unit_name}").wait_for(timeout=TIMEOUT)
    assert page.locator("#jc-shopper").input_value() == ""  # the form is ready for the next
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("form.conflict-form").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "hr-jobs-conflicts-1280.png"), full_page=True)
    assert errors == []
    ctx.close()
