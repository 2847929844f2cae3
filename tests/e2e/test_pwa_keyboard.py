"""Keyboard only (SPEC §10): a customer answers the whole QR form with Tab, Space, typing and
Enter, and a shopper signs in and opens a visit without a pointer."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import (
    DEMO_PASSWORD,
    SHOPPER,
    LiveServer,
    ensure_customer_link,
    ensure_visit,
)
from tests.e2e.pwa_driver import TIMEOUT
from tests.e2e.test_pwa_customer import _responses

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: 'body'};
  const group = el.name ? document.querySelectorAll(`input[name="${CSS.escape(el.name)}"]`) : [];
  return {
    tag: el.tagName.toLowerCase(),
    type: (el.getAttribute('type') || '').toLowerCase(),
    value: el.value || '',
    inForm: !!el.closest('form'),
    answered: [...group].some((i) => i.checked),
  };
}"""


def _answer_by_keyboard(page: Any, max_steps: int = 400) -> int:
    """Tab through the form; answer each unanswered control from the keyboard; press Enter
    on the submit button. Returns how many controls were answered."""
    answered = 0
    for _ in range(max_steps):
        page.keyboard.press("Tab")
        el = page.evaluate(FOCUSED)
        if not el["inForm"]:
            continue
        if el["tag"] == "input" and el["type"] in ("radio", "checkbox"):
            if not el["answered"]:
                page.keyboard.press("Space")
                answered += 1
        elif el["tag"] == "textarea" or (el["tag"] == "input" and el["type"] in ("text", "")):
            if not el["value"]:
                page.keyboard.type("键盘填写 typed by keyboard")
                answered += 1
        elif el["tag"] == "input" and el["type"] == "number":
            if not el["value"]:
                page.keyboard.type("3")
                answered += 1
        elif el["tag"] == "button" and el["type"] == "submit":
            page.keyboard.press("Enter")
            return answered
    raise AssertionError("Tab never reached the submit button")


def test_customer_form_by_keyboard_only(live_server: LiveServer, phone: Any) -> None:
    token = ensure_customer_link(live_server)
    before = _responses(live_server, token)
    page = phone.new_page()
    page.goto(f"{live_server.url}/c/{token}")
    page.locator("form .question").first.wait_for(timeout=TIMEOUT)
    answered = _answer_by_keyboard(page)
    page.locator(".done").wait_for(timeout=TIMEOUT)
    assert answered >= 3
    assert _responses(live_server, token) == before + 1
    assert phone.console_errors == []


def test_shopper_signs_in_and_opens_a_visit_by_keyboard(
    live_server: LiveServer, phone: Any
) -> None:
    visit_id = ensure_visit(live_server)
    page = phone.new_page()
    page.goto(live_server.url + "/")
    page.locator("#login-email").wait_for(timeout=TIMEOUT)
    page.locator("#login-email").focus()
    page.keyboard.type(SHOPPER)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    link = page.locator(f'a[href="#/form/{visit_id}"]')
    link.wait_for(timeout=TIMEOUT)
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(h) => document.activeElement?.getAttribute('href') === h", link.get_attribute("href")
        ):
            break
    else:
        raise AssertionError("Tab never reached the visit")
    page.keyboard.press("Enter")
    page.locator(".progress").wait_for(timeout=TIMEOUT)
    # the form's first control is reachable from the keyboard too
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement?.closest('.question')"):
            break
    else:
        raise AssertionError("Tab never reached a question")
    assert phone.console_errors == []
