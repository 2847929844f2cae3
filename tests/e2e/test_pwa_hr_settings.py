"""SPEC §10 the PWA, §14 end-to-end: HR edits a draft campaign's settings in the console: server
field errors show next to the field and store nothing; a valid edit is stored as typed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.e2e.conftest import HR, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login


def _draft_campaign(server: LiveServer) -> int:
    from server.models.campaign import Campaign

    def work(session: Any) -> int:
        today = date.today()
        campaign = Campaign(
            name={"en": "E2E draft review", "zh-CN": "端到端草稿评估"},
            kind="360",
            period_start=today + timedelta(days=5),
            period_end=today + timedelta(days=40),
            status="draft",
        )
        session.add(campaign)
        session.commit()
        return campaign.id

    return int(server.query(work))


def _stored(server: LiveServer, campaign_id: int) -> dict[str, Any]:
    from server.models.campaign import Campaign

    def work(session: Any) -> dict[str, Any]:
        c = session.get(Campaign, campaign_id)
        return {
            "thresholds": dict(c.anonymity_thresholds or {}),
            "weights": dict(c.group_weights or {}),
            "locale": c.report_locale,
            "peer_min": c.peer_min,
            "peer_max": c.peer_max,
        }

    return dict(server.query(work))


def test_hr_edits_draft_settings(live_server: LiveServer, browser: Any) -> None:
    campaign_id = _draft_campaign(live_server)
    before = _stored(live_server, campaign_id)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/campaign/{campaign_id}")
    form = page.locator("form.settings-form")
    form.wait_for(timeout=TIMEOUT)
    status = form.locator("[role=status]")

    # peer_max below peer_min: only the server knows that rule; its field error shows at the
    # field, the input is marked invalid, and nothing is stored.
    page.locator("#cs-peer_min").fill("4")
    page.locator("#cs-peer_max").fill("2")
    form.locator("button[type=submit]").click()
    page.locator("#cs-peer_max-err").wait_for(timeout=TIMEOUT)
    assert page.locator("#cs-peer_max").get_attribute("aria-invalid") == "true"
    assert status.inner_text().strip() != ""
    assert _stored(live_server, campaign_id) == before

    # A valid edit: stored exactly as typed.
    page.locator("#cs-peer_max").fill("6")
    page.locator("#cs-thr-peer").fill("4")
    page.locator("#cs-w-customer").fill("10")
    page.locator("#cs-locale").select_option("en")
    form.locator("button[type=submit]").click()
    page.wait_for_function(
        "() => !document.querySelector('form.settings-form [aria-invalid=true]')",
        timeout=TIMEOUT,
    )
    after = before
    for _ in range(100):  # the PATCH lands shortly after the click
        after = _stored(live_server, campaign_id)
        if after != before:
            break
        page.wait_for_timeout(100)
    assert after["peer_max"] == 6, after
    assert after["peer_min"] == 4 and after["locale"] == "en"
    assert after["thresholds"]["peer"] == 4 and after["weights"]["customer"] == 10
    assert errors == []
    ctx.close()
