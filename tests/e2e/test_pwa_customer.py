"""SPEC §10 the PWA, §14 end-to-end: A customer answers through a QR link: no login, bilingual,
stored once even when Submit is tapped twice or the page is reloaded after sending."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tests.e2e.conftest import LiveServer, ensure_customer_link
from tests.e2e.pwa_driver import TIMEOUT, fill_page


def _responses(server: LiveServer, token: str) -> int:
    from server.models.engagement import CustomerLink
    from server.models.submission import Submission

    def work(session: Any) -> int:
        link_id = session.scalar(select(CustomerLink.id).where(CustomerLink.token == token))
        return int(
            session.scalar(
                select(func.count())
                .select_from(Submission)
                .where(Submission.customer_link_id == link_id)
            )
        )

    return int(server.query(work))


def test_customer_response_through_link_is_stored_once(live_server: LiveServer, phone: Any) -> None:
    token = ensure_customer_link(live_server)
    before = _responses(live_server, token)
    page = phone.new_page()
    posts: list[str] = []
    page.on(
        "request", lambda r: posts.append(r.post_data_json["id"]) if r.method == "POST" else None
    )
    page.goto(f"{live_server.url}/c/{token}")
    page.locator("form .question").first.wait_for(timeout=TIMEOUT)
    title_zh = page.locator(".form-title").inner_text()
    page.locator(".top .btn").click()  # language switch
    assert page.locator(".form-title").inner_text() != title_zh
    # submitting with nothing answered lists the required questions instead of sending
    page.locator("form button[type=submit]").click()
    page.locator(".missing-list").wait_for(timeout=TIMEOUT)
    assert posts == []
    fill_page(page, None)
    page.locator("form button[type=submit]").dblclick()
    page.locator(".done").wait_for(timeout=TIMEOUT)
    assert _responses(live_server, token) == before + 1
    # a reload keeps the thank-you page; a resend of the same id is a duplicate
    page.reload()
    page.locator(".done").wait_for(timeout=TIMEOUT)
    again = page.evaluate(
        """async ([token, body]) => (await fetch(`/api/v1/public/links/${token}/responses`,
             {method: 'POST', headers: {'Content-Type': 'application/json'}, body})).status""",
        [
            token,
            page.evaluate(
                "(t) => JSON.stringify("
                "JSON.parse(sessionStorage.getItem('customer:' + t)).payload)",
                token,
            ),
        ],
    )
    assert again == 200
    assert _responses(live_server, token) == before + 1
    assert len(set(posts)) == 1
    assert phone.console_errors == []


def test_unknown_link_says_so(live_server: LiveServer, phone: Any) -> None:
    page = phone.new_page()
    page.goto(f"{live_server.url}/c/no-such-token-at-all")
    page.locator(".customer .empty").wait_for(timeout=TIMEOUT)
