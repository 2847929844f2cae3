"""Screenshots of the PWA at 360 px against a live demo server (not a test).

    .venv/bin/python -m tests.e2e.take_screenshots OUT_DIR

Shows: login, Today, a long form section, the review page, the outbox with an item
waiting (submitted offline), settings, the customer form, the HR review queue, action
items and a draft campaign's settings with a field error, an employee's My reviews and
Peer nominations, and the manager's view of the nominations.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from tests.e2e import conftest as C
from tests.e2e.pwa_driver import (
    fill_and_submit,
    fill_page,
    login,
    make_photo,
    nav_to,
    wait_offline_ready,
)

EMPLOYEE = "staff111@demo.example"
MANAGER = "lead11@demo.example"


def _nomination_campaign(live: C.LiveServer) -> int:
    """A draft 360 where employees nominate their peers (the demo has none)."""
    from datetime import date, timedelta

    from server.models.campaign import Campaign

    def work(session: Any) -> int:
        today = date.today()
        campaign = Campaign(
            name={"en": "2027 H1 service 360", "zh-CN": "2027上半年服务360评估"},
            kind="360",
            status="draft",
            period_start=today + timedelta(days=10),
            period_end=today + timedelta(days=60),
            peer_selection="nomination",
            peer_min=3,
            peer_max=5,
        )
        session.add(campaign)
        session.commit()
        return int(campaign.id)

    return int(live.query(work))


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    app = C._build_app(tmp)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    live = C.LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    url = live.url
    visit = C.ensure_visit(live)
    token = C.ensure_customer_link(live)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=C.CHROMIUM, args=C.CHROMIUM_ARGS)

        def ctx(**kw: Any) -> Any:
            c = browser.new_context(viewport={"width": 360, "height": 780}, **kw)
            c.on("weberror", lambda e: errors.append(str(e.error)))
            return c

        phone = ctx()
        page = phone.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + "/")
        page.screenshot(path=str(out / "01-login.png"))
        login(page, url, C.SHOPPER)
        wait_offline_ready(page)
        page.locator(".assignment").first.wait_for()
        page.screenshot(path=str(out / "02-today.png"), full_page=True)
        page.locator(f'a[href="#/form/{visit}"]').click()
        page.locator(".visit").wait_for()
        page.screenshot(path=str(out / "03-form-visit.png"))
        page.locator(".pager .btn-primary").click()
        photo = make_photo(tmp / "receipt.jpg")
        fill_page(page, photo)
        page.screenshot(path=str(out / "04-form-first-section.png"))
        page.locator(".pager .btn-primary").click()
        page.locator(".pager .btn-primary").click()
        page.screenshot(path=str(out / "05-form-ratings.png"))
        for _ in range(12):
            if page.locator(".review").count():
                break
            page.locator(".pager .btn-primary").click()
        page.screenshot(path=str(out / "06-review-missing.png"))
        phone.set_offline(True)
        fill_and_submit(page, photo)
        page.goto(url + "/#/outbox")
        page.locator(".ob-item").first.wait_for()
        page.screenshot(path=str(out / "07-outbox-offline.png"))
        phone.set_offline(False)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        page.locator(".badge-synced").first.wait_for(timeout=60_000)
        page.screenshot(path=str(out / "08-outbox-synced.png"))
        page.goto(url + "/#/settings")
        page.locator(".settings").wait_for()
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "09-settings.png"), full_page=True)

        cust = ctx().new_page()
        cust.goto(f"{url}/c/{token}")
        cust.locator("form .question").first.wait_for()
        cust.screenshot(path=str(out / "10-customer.png"))
        fill_page(cust, None)
        cust.locator("form button[type=submit]").click()
        cust.locator(".done").wait_for()
        cust.screenshot(path=str(out / "11-customer-thanks.png"))

        hr = ctx().new_page()
        hr.goto(url + "/")
        login(hr, url, C.HR)
        hr.goto(url + "/#/hr/review")
        hr.locator(".hr table").first.wait_for()
        hr.wait_for_timeout(800)
        hr.screenshot(path=str(out / "12-hr-review-queue.png"), full_page=True)
        rows = hr.locator(".hr tbody button.link")
        if rows.count():
            rows.first.click()
            hr.locator(".review-photos").wait_for()
            hr.wait_for_timeout(800)
            hr.screenshot(path=str(out / "13-hr-review-detail.png"), full_page=True)
        hr.goto(url + "/#/hr/campaigns")
        hr.locator(".hr table").first.wait_for()
        hr.wait_for_timeout(500)
        hr.screenshot(path=str(out / "14-hr-campaigns.png"), full_page=True)
        hr.goto(url + "/#/hr/actions")
        hr.locator(".hr h2").first.wait_for()
        hr.wait_for_timeout(500)
        hr.screenshot(path=str(out / "15-hr-action-items.png"), full_page=True)

        draft = _nomination_campaign(live)
        hr.goto(f"{url}/#/hr/campaign/{draft}")
        hr.locator("form.settings-form").wait_for()
        hr.locator("#cs-peer_min").fill("9")
        hr.locator("form.settings-form button[type=submit]").click()
        hr.locator("form.settings-form .field-error").first.wait_for()
        hr.screenshot(path=str(out / "19-hr-campaign-settings-error.png"), full_page=True)
        emp = ctx().new_page()
        emp.goto(url + "/")
        login(emp, url, EMPLOYEE)
        emp.locator('nav.bottom a[href="#/reviews"]').click()
        emp.locator("article.review-card").first.wait_for()
        emp.screenshot(path=str(out / "16-my-reviews.png"), full_page=True)
        nav_to(emp, "#/peers")
        emp.locator("form.propose input[type=checkbox]").first.wait_for()
        boxes = emp.locator("form.propose input[type=checkbox]")
        for i in range(min(3, boxes.count())):
            boxes.nth(i).check()
        emp.locator("form.propose button[type=submit]").click()
        emp.locator("form.propose [role=status]", has_text="").first.wait_for()
        emp.wait_for_timeout(800)
        emp.screenshot(path=str(out / "17-nominations.png"), full_page=True)
        mgr = ctx().new_page()
        mgr.goto(url + "/")
        login(mgr, url, MANAGER)
        nav_to(mgr, "#/peers")
        mgr.locator(".decide-list li").first.wait_for()
        mgr.screenshot(path=str(out / "18-nominations-manager.png"), full_page=True)
        browser.close()
    server.shutdown()
    print("console errors:", errors or "none")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
