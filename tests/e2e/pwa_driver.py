"""Drives the PWA like a user: sign in, open a visit, answer every question, submit."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

from PIL import Image

from tests.e2e.conftest import DEMO_PASSWORD

TIMEOUT = 45_000  # generous: CI machines are shared and slow


def make_photo(path: Path, size: tuple[int, int] = (3000, 2000), colour: str = "#3a7") -> Path:
    """Write a JPEG bigger than 1600 px so the phone-side downscale is exercised."""
    img = Image.new("RGB", size, colour)
    for x in range(0, size[0], 200):
        img.paste((255, 255, 255), (x, 0, x + 20, size[1]))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue())
    return path


def login(page: Any, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Open the app and sign in; waits for the signed-in shell."""
    if not page.url.startswith(base):
        page.goto(base + "/")
    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill(password)
    page.locator("form.login button[type=submit]").click()
    page.locator("nav.bottom").wait_for(timeout=TIMEOUT)


def wait_offline_ready(page: Any) -> None:
    """Wait until a service worker controls the page (the shell is precached)."""
    page.wait_for_function(
        "() => !!navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=TIMEOUT,
    )
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")


#: Whether every form version of the cached assignments lists is in IndexedDB (false while
#: the database or the list is not there yet; never hangs on a database still to be made).
FORMS_CACHED = (
    "() => new Promise(r => { const q = indexedDB.open('service-eval');"
    " q.onupgradeneeded = () => q.transaction.abort(); q.onerror = () => r(false);"
    " q.onsuccess = () => { try {"
    " const t = q.result.transaction(['forms', 'cache'], 'readonly');"
    " const f = t.objectStore('forms').getAllKeys(); const c = t.objectStore('cache').getAll();"
    " t.oncomplete = () => { const have = new Set(f.result.map(Number));"
    " const lists = c.result.filter(x => String(x.key).startsWith('assignments:'))"
    ".map(x => x.value || []);"
    " r(lists.length > 0"
    " && lists.every(l => l.every(a => have.has(Number(a.form_version_id))))); };"
    " } catch (e) { r(false); } }; })"
)


def wait_js(page: Any, predicate: str, arg: Any = None, timeout: int = TIMEOUT) -> None:
    """Poll an async JS predicate (a function returning a Promise) until it gives true.

    `page.wait_for_function` cannot do this: it takes the returned Promise itself as a truthy
    answer and returns at once, so an offline test went on before the app had stored what
    it needs (the flaky "form not downloaded yet")."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} ms: {predicate[:80]}…")
        page.wait_for_timeout(100)


def wait_forms_cached(page: Any) -> None:
    """Wait until every form version of the user's assignments is in IndexedDB (needed
    offline)."""
    wait_js(page, FORMS_CACHED)


def open_assignment(page: Any, assignment_id: int) -> None:
    page.locator(f'a[href="#/form/{assignment_id}"]').wait_for(timeout=TIMEOUT)
    page.locator(f'a[href="#/form/{assignment_id}"]').click()
    page.locator(".progress").wait_for(timeout=TIMEOUT)


def _pick_first(q: Any, option: str) -> bool:
    if q.locator(f"{option}.on").count():
        return False
    q.locator(option).first.click()
    return True


def _add_photo(q: Any, photo: Path | None) -> bool:
    if q.locator(".thumb").count() or photo is None:
        return False
    # The camera input (first); the gallery input beside it takes the same files.
    q.locator("input[type=file]").first.set_input_files(str(photo))
    q.locator(".thumb img[src^='blob:']").first.wait_for(timeout=TIMEOUT)
    return True


TYPED_INPUTS = (
    ("input[type=number]", None),
    ("textarea", "Friendly and quick."),
    ("input[type=datetime-local]", "2026-11-22T10:15"),
    ("input[type=date]", "2026-11-22"),
    ("input[type=time]", "10:15"),
)


def _type_answer(q: Any) -> bool:
    for sel, value in TYPED_INPUTS:
        box = q.locator(sel)
        if box.count():
            if box.input_value():
                return False
            if value is None:
                lo = box.get_attribute("min")
                value = lo if lo not in (None, "") else "1"
            box.fill(value)
            return True
    return False


def _answer(q: Any, photo: Path | None) -> bool:
    """Answer one question block if it is still unanswered; True when something changed."""
    if q.locator(".chip.on").count():
        return False
    for option in (".seg-opt", ".choice"):
        if q.locator(option).count():
            return _pick_first(q, option)
    if q.locator("input[type=file]").count():
        return _add_photo(q, photo)
    return _type_answer(q)


def fill_page(page: Any, photo: Path | None) -> None:
    """Answer every visible question of the current section (show_if may reveal more)."""
    for _ in range(4):
        changed = False
        questions = page.locator("section.question")
        for i in range(questions.count()):
            changed = _answer(questions.nth(i), photo) or changed
        if not changed:
            return


def fill_and_submit(page: Any, photo: Path | None) -> None:
    """Walk the sections answering everything (following the review page's links back
    to anything missed), then submit."""
    for _ in range(80):
        if page.locator(".review").count():
            missing = page.locator(".missing-list a")
            if missing.count() == 0:
                break
            missing.first.click()
            page.locator("section.question").first.wait_for(timeout=TIMEOUT)
            fill_page(page, photo)
            continue
        fill_page(page, photo)  # the visit page holds the form's visit questions too
        page.locator(".pager .btn-primary").click()
    page.locator(".pager .btn-primary:not([disabled])").click()
    page.locator(".done").wait_for(timeout=TIMEOUT)


def outbox_count(page: Any) -> int:
    return int(page.locator("a.counter").inner_text().split()[-1])


def wait_outbox_empty(page: Any, timeout: int = 90_000) -> None:
    page.wait_for_function(
        "() => { const c = document.querySelector('a.counter');"
        " return !!c && c.textContent.trim().endsWith(' 0'); }",
        timeout=timeout,
    )


def wait_until(page: Any, predicate: Any, timeout_ms: int = TIMEOUT) -> None:
    """Let the page run (route handlers fire meanwhile) until `predicate()` is true."""
    waited = 0
    while not predicate():
        assert waited < timeout_ms, "condition not met in time"
        page.wait_for_timeout(100)
        waited += 100


def nav_to(page: Any, href: str) -> None:
    """Go to a place of the bottom navigation: its tab, or through the "More" sheet."""
    tab = page.locator(f'nav.bottom > a[href="{href}"]')
    if not tab.count():
        page.locator("nav.bottom .nav-more-btn").click()
        tab = page.locator(f'nav.bottom .nav-sheet a[href="{href}"]')
    tab.click()
