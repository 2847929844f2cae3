"""Issue 15 (customer page) at 360 px in zh-CN and en: the page opens in the browser's
language (with a switch), never shows the campaign's internal name, and follows the link's
repeat policy (default one response per device per day) with a kind message, on the page
and on the server (a device token the page keeps)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tests.e2e.conftest import LiveServer, ensure_customer_link
from tests.e2e.field_helpers import phone_in, shot
from tests.e2e.pwa_driver import TIMEOUT, fill_page

KIND = {"zh-CN": "欢迎明天再来评价", "en": "welcome to answer again tomorrow"}


def _link_facts(live: LiveServer, token: str) -> tuple[dict[str, str], int]:
    from server.models.campaign import Campaign
    from server.models.engagement import CustomerLink
    from server.models.submission import Submission

    def work(session: Any) -> tuple[dict[str, str], int]:
        link = session.scalar(select(CustomerLink).where(CustomerLink.token == token))
        name = session.get(Campaign, link.campaign_id).name
        count = session.scalar(
            select(func.count())
            .select_from(Submission)
            .where(Submission.customer_link_id == link.id)
        )
        return dict(name), int(count)

    return live.query(work)


def _answer(page: Any) -> None:
    page.locator("form .question").first.wait_for(timeout=TIMEOUT)
    fill_page(page, None)
    page.locator("form button[type=submit]").click()


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_customer_page_language_title_and_repeat_policy(
    live_server: LiveServer, browser: Any, lang: str
) -> None:
    token = ensure_customer_link(live_server)
    name, before = _link_facts(live_server, token)
    ctx = phone_in(browser, lang)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/c/{token}")
    page.locator("form .question").first.wait_for(timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.lang") == lang  # the browser's language
    body = page.locator("body").inner_text()
    assert name["en"] not in body and name["zh-CN"] not in body  # never the internal name
    shot(page, f"customer-{lang}")
    title = page.locator(".form-title").inner_text()
    page.locator("header.top button[lang]").click()  # the switch (re-renders after the click)
    page.wait_for_function(
        "t => document.querySelector('.form-title').innerText !== t", arg=title, timeout=TIMEOUT
    )
    page.locator("header.top button[lang]").click()
    page.wait_for_function("l => document.documentElement.lang === l", arg=lang, timeout=TIMEOUT)
    _answer(page)
    page.locator(".done").wait_for(timeout=TIMEOUT)
    assert page.locator(".done button").count() == 0  # one per day: no "fill in again"
    # Back on the link the same day: a kind word instead of the form.
    page.evaluate("sessionStorage.clear()")
    page.reload()
    page.locator(".done").wait_for(timeout=TIMEOUT)
    assert KIND[lang] in page.locator(".done").inner_text()
    shot(page, f"customer-already-{lang}")
    # The server holds the rule too: with the page's memory gone but its device token kept.
    page.evaluate(f"sessionStorage.clear(); localStorage.removeItem('customer:answered:{token}')")
    page.reload()
    _answer(page)
    page.locator(".done").wait_for(timeout=TIMEOUT)
    assert KIND[lang] in page.locator(".done").inner_text()
    assert _link_facts(live_server, token)[1] == before + 1
    assert ctx.console_errors == []
    ctx.close()
