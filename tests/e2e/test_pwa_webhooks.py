"""Webhooks tab (issue 17 §2) at 1280 px: an admin adds an endpoint (the secret shown once),
sees a delivery to a real local receiver with its status and response, replays it, rotates
the secret (the new one shown once, the grace window shown, deliveries then signed with
both), disables and re-enables the endpoint; the tab reads in Chinese too; HR has no such tab."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.e2e.conftest import HR, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login
from tests.webhook_receiver import serve

ADMIN = "admin@demo.example"


def _emit_and_deliver(server: LiveServer) -> None:
    from server.models import WebhookDelivery
    from server.services.webhooks import delivery, emit

    def work(s: Any) -> None:
        emit.record(s, "campaign.released", "campaign.released:e2e", {"campaign_id": 1})
        s.commit()
        for delivery_id in s.scalars(select(WebhookDelivery.id)).all():
            delivery.deliver(s, delivery_id, True)  # no consumer in this server: as one would

    server.query(work)


def _new_event(s: Any) -> None:
    from server.services.webhooks import emit

    emit.record(s, "campaign.released", "campaign.released:e2e-rotated", {"campaign_id": 1})
    s.commit()


def test_admin_adds_an_endpoint_sees_a_delivery_and_replays_it(
    live_server: LiveServer, browser: Any
) -> None:
    live_server.app.config["WEBHOOK_ALLOW_LOCAL_HTTP"] = True
    gen = serve()
    receiver = next(gen)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/#/hr/webhooks")
    page.get_by_role("heading", name="Add endpoint").wait_for(timeout=TIMEOUT)
    page.get_by_label("Address (https://)").fill(receiver.url)
    page.get_by_role("button", name="Add endpoint").click()
    secret = page.locator(".wh-secret code")
    secret.wait_for(timeout=TIMEOUT)
    assert secret.inner_text().startswith("whsec_")
    secret_text = secret.inner_text()
    page.get_by_role("button", name="I have stored it").click()
    assert page.locator(".wh-secret").count() == 0
    page.locator(".wh tbody tr", has_text=receiver.url).wait_for(timeout=TIMEOUT)

    _emit_and_deliver(live_server)
    assert len(receiver.requests) == 1
    page.get_by_role("button", name="Refresh").click()
    row = page.locator(".wh tbody tr", has_text="campaign.released:e2e")
    row.wait_for(timeout=TIMEOUT)
    assert "Delivered" in row.inner_text() and "200" in row.inner_text()
    row.get_by_role("button", name="Replay").click()
    page.locator(".wh tbody tr", has_text="campaign.released:e2e").get_by_text("Pending").wait_for(
        timeout=TIMEOUT
    )
    # the replay is queued (no consumer here): deliver it as a consumer would
    _emit_and_deliver(live_server)
    assert len(receiver.requests) == 2

    first = secret_text
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".wh tbody tr", has_text=receiver.url).first.get_by_role(
        "button", name="Rotate secret"
    ).click()
    rotated = page.locator(".wh-secret code")
    rotated.wait_for(timeout=TIMEOUT)
    assert rotated.inner_text().startswith("whsec_") and rotated.inner_text() != first
    assert "both the old and the new secret" in page.locator(".wh-secret").inner_text()
    page.get_by_role("button", name="I have stored it").click()
    page.locator(".wh tbody tr", has_text=receiver.url).first.get_by_text(
        "Old secret also signs until"
    ).wait_for(timeout=TIMEOUT)
    live_server.query(_new_event)
    _emit_and_deliver(live_server)
    assert receiver.requests[-1]["headers"]["X-Webhook-Signature"].count("v1=") == 2

    endpoint_row = page.locator(".wh tbody tr", has_text=receiver.url).first
    endpoint_row.get_by_role("button", name="Disable").click()
    page.locator(".wh tbody tr", has_text=receiver.url).first.get_by_role(
        "button", name="Re-enable"
    ).wait_for(timeout=TIMEOUT)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
    assert not errors
    ctx.close()
    next(gen, None)


def test_the_tab_in_chinese_dark_and_not_for_hr(live_server: LiveServer, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = ctx.new_page()
    login(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/#/hr/webhooks")
    if page.locator("html").get_attribute("lang") != "zh-CN":
        page.locator("header button[lang]").click()
    page.locator(".wh h3", has_text="添加端点").wait_for(timeout=TIMEOUT)
    assert page.locator(".hr-tabs a[href='#/hr/webhooks']").inner_text() == "Webhook"
    assert "活动已发布" in page.locator(".wh-events").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    ctx.close()
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/campaigns")
    page.locator(".hr-tabs a").first.wait_for(timeout=TIMEOUT)
    assert page.locator(".hr-tabs a[href='#/hr/webhooks']").count() == 0
    ctx.close()
