"""Issue 13 §4 (password reset with a one-time link), in the browser at 360 px: "Forgot
password?" on the sign-in screen asks for a link, the mail arrives by SMTP, the link's page
sets the password, and the user signs in with it; both screens pass axe (SPEC §10)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from server import tasks
from tests import mail_smtp
from tests.e2e.conftest import HR, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login
from tests.e2e.test_pwa_accessibility import violations
from tests.mail_helpers import link_token
from tests.mail_smtp import SmtpServer

smtp_server = mail_smtp.smtp_server  # the fixture
NEW = "a-new-hr-password-1"


def _send_mail_now(server: LiveServer, smtp: SmtpServer) -> None:
    """Mail through the SMTP fixture, each message sent within its request (no consumer)."""
    server.app.config.update(MAIL_URL=smtp.url, QUEUE_URL="memory://", QUEUE_IMMEDIATE=True)
    tasks.init_app(server.app)


def test_forgot_password_to_signed_in(
    live_server: LiveServer, browser: Any, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    _send_mail_now(live_server, smtp_server)
    phone = browser.new_context(viewport={"width": 360, "height": 780})
    page = phone.new_page()
    page.goto(live_server.url + "/")
    page.locator('a[href="#/forgot"]').click()
    page.locator("#reset-email").fill(HR)
    page.locator("form.login button[type=submit]").click()
    page.locator("form.login [role=status]").wait_for(timeout=TIMEOUT)
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    page.screenshot(path=str(shots / "forgot-password-360.png"), full_page=True)
    assert violations(page) == []
    [message] = smtp_server.to(HR)
    page.goto(f"{live_server.url}/#/reset?token={link_token(message)}")
    page.locator("#reset-password").fill(NEW)
    page.screenshot(path=str(shots / "reset-password-360.png"), full_page=True)
    assert violations(page) == []
    page.locator("form.login button[type=submit]").click()
    page.locator(".login [role=status]").wait_for(timeout=TIMEOUT)
    page.locator(".login a.btn").click()
    login(page, live_server.url, HR, NEW)
    phone.close()
