"""Issue 18 §2 in the browser (360 px phone, offline): a supervisor goes offline, records
two observations of one employee ("record another") and one of a second employee, comes back
online; each observation is stored exactly once and all appear in the team scorecard
(My reviews), with the not-anonymous notice on the form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.e2e.conftest import DEMO_PASSWORD, LiveServer, open_campaign
from tests.e2e.pwa_driver import (
    TIMEOUT,
    fill_and_submit,
    login,
    open_assignment,
    outbox_count,
    wait_forms_cached,
    wait_js,
    wait_offline_ready,
    wait_outbox_empty,
)

pytestmark = pytest.mark.e2e


def _form_cached(page: Any, version_id: int) -> None:
    """Wait until this form version is in IndexedDB (the phone needs it offline)."""
    wait_js(
        page,
        "v => new Promise(r => { const q = indexedDB.open('service-eval'); q.onsuccess = () => {"
        " const g = q.result.transaction('forms').objectStore('forms').getAllKeys();"
        " g.onsuccess = () => r(g.result.map(Number).includes(v)); }; })",
        version_id,
    )


def _observation_rounds(server: LiveServer) -> tuple[str, list[int], list[int], int]:
    """A supervisor with two active direct reports and an open observation campaign in
    which the supervisor has one (repeatable) assignment per report."""
    from server.models import Assignment, User

    def work(s: Any) -> tuple[str, list[int], list[int], int]:
        reports = (
            select(User.manager_id)
            .where(User.active.is_(True), User.manager_id.is_not(None))
            .group_by(User.manager_id)
            .having(func.count() >= 2)
        )
        boss = s.scalar(
            select(User).where(User.id.in_(reports), User.role == "employee").order_by(User.id)
        )
        staff = s.scalars(
            select(User).where(User.manager_id == boss.id, User.active.is_(True)).order_by(User.id)
        ).all()[:2]
        campaign, version = open_campaign(
            s, "360", "supervisor-observation", "supervisor",
            {"en": "E2E shift observations", "zh-CN": "端到端当班观察"},
        )  # fmt: skip
        campaign.period_start = date.today() - timedelta(days=40)
        made = [
            Assignment(
                campaign_id=campaign.id,
                relationship="supervisor",
                rater_id=boss.id,
                subject_id=e.id,
                form_version_id=version.id,
                status="pending",
            )  # fmt: skip
            for e in staff
        ]
        s.add_all(made)
        s.commit()
        return boss.email, [a.id for a in made], [e.id for e in staff], version.id

    return server.query(work)


def _stored(server: LiveServer, assignment_ids: list[int]) -> dict[int, int]:
    from server.models import Submission

    def work(s: Any) -> dict[int, int]:
        rows = s.execute(
            select(Submission.assignment_id, func.count())
            .where(Submission.assignment_id.in_(assignment_ids))
            .group_by(Submission.assignment_id)
        )
        return {a: n for a, n in rows}

    return server.query(work)


def _observe(page: Any, aid: int) -> None:
    open_assignment(page, aid)
    note = page.locator(".observe-note").inner_text(timeout=TIMEOUT)
    assert "不匿名" in note or "not anonymous" in note  # the user's language (demo: zh-CN)
    fill_and_submit(page, None)


def test_offline_observations_stored_once_and_in_the_scorecard(
    live_server: LiveServer, phone: Any
) -> None:
    email, (first, second), staff, version = _observation_rounds(live_server)
    page = phone.new_page()
    page.goto(live_server.url + "/")
    login(page, live_server.url, email, DEMO_PASSWORD)
    wait_offline_ready(page)
    page.locator(f'a[href="#/form/{second}"]').wait_for(timeout=TIMEOUT)
    wait_forms_cached(page)
    _form_cached(page, version)
    phone.set_offline(True)

    _observe(page, first)
    page.locator(".done button.btn-primary").click()  # record another observation
    page.locator(".progress").wait_for(timeout=TIMEOUT)
    fill_and_submit(page, None)  # a second observation of the same employee
    page.locator('.done a[href="#/"]').click()
    _observe(page, second)
    page.locator('.done a[href="#/"]').click()
    page.locator(f'a[href="#/form/{first}"] .badge').wait_for(timeout=TIMEOUT)
    assert outbox_count(page) == 3
    assert _stored(live_server, [first, second]) == {}
    # the page is 360 px wide: nothing scrolls sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    phone.set_offline(False)
    wait_outbox_empty(page)
    assert _stored(live_server, [first, second]) == {first: 2, second: 1}
    page.reload()  # a replay after reload must not store anything twice
    page.locator("nav.bottom").wait_for(timeout=TIMEOUT)
    assert _stored(live_server, [first, second]) == {first: 2, second: 1}

    team = page.evaluate(
        "() => fetch('/api/v1/me/team-scorecard?period=month', {credentials: 'same-origin'})"
        ".then(r => r.json())"
    )
    rows = {r["id"]: r for r in team["rows"]}
    assert rows[staff[0]]["indicators"]["greeting_rate"]["sources"]["observation"]["n"] >= 2
    assert rows[staff[1]]["indicators"]["greeting_rate"]["sources"]["observation"]["n"] >= 1
    page.goto(f"{live_server.url}/#/reviews")
    table = page.locator("#sc-team-table")
    table.wait_for(timeout=TIMEOUT)
    assert table.locator("tbody tr").count() >= 2
    assert phone.console_errors == []
