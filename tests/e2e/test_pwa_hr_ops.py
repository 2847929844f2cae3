"""Operations tab (issue 13 §6): an admin sees queue, jobs and periodic runs and retries a
failed job; HR has no such tab."""

from __future__ import annotations

import uuid
from typing import Any

from tests.e2e.conftest import HR, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login

ADMIN = "admin@demo.example"


def _failed_job(server: LiveServer) -> str:
    from server.models import Job

    job_id = str(uuid.uuid4())

    def work(s: Any) -> None:
        s.add(Job(id=job_id, kind="reviews_zip", status="failed", total=2, error="interrupted"))
        s.commit()

    server.query(work)
    return job_id


def test_admin_retries_a_failed_job_from_the_operations_tab(
    live_server: LiveServer, browser: Any, monkeypatch: Any
) -> None:
    from server.models import Job
    from server.tasks import jobs

    queued: list[str] = []
    monkeypatch.setitem(jobs.RETRY, "reviews_zip", queued.append)  # no consumer here
    job_id = _failed_job(live_server)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/#/hr/ops")
    page.get_by_role("heading", name="Task queue").wait_for(timeout=TIMEOUT)
    row = page.locator(".hr tbody tr", has_text="interrupted")
    row.get_by_role("button", name="Retry").click()
    page.locator(".hr tbody tr", has_text="interrupted").wait_for(state="detached", timeout=TIMEOUT)
    assert queued == [job_id]
    assert live_server.query(lambda s: s.get(Job, job_id).status) == "queued"
    assert not errors
    ctx.close()


def test_hr_has_no_operations_tab(live_server: LiveServer, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/campaigns")
    page.locator(".hr-tabs a").first.wait_for(timeout=TIMEOUT)
    assert page.locator(".hr-tabs a[href='#/hr/ops']").count() == 0
    ctx.close()
