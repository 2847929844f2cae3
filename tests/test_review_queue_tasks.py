"""Issue 13 §1 and §3: review PDFs are rendered once by queued tasks, kept in storage under
their content hash and served from there; ZIPs assemble stored PDFs; a consumer killed with
SIGKILL mid-batch loses nothing.

Tasks run immediately here (TEST_CONFIG), except in the SIGKILL test, which runs real
`flask worker` consumers on a SQLite queue.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from server import storage
from server.extensions import db
from server.models import AuditEvent, ReviewPdf
from server.reports import render
from server.services.reviews import stored
from server.tasks import reviews as review_tasks
from tests.factories import latest_version as _version
from tests.queue_helpers import (
    Renders,
    current_keys,
    ids_of,
    login,
    rows,
    stored_keys,
)
from tests.reports_data import _rate, build


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Renders:
    return Renders.install(monkeypatch)


STEPS = st.lists(
    st.sampled_from(["task_hr", "task_both", "fail_render", "crash_after_put", "download"]),
    min_size=1,
    max_size=7,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_duplicated_or_retried_tasks_store_each_pdf_once(
    app: Any, renders: Renders, monkeypatch: pytest.MonkeyPatch, steps: list[str]
) -> None:
    """Any sequence of duplicated deliveries, failed attempts (retried by Huey) and a task
    cut off between storing and recording, followed by one successful delivery, leaves
    exactly one stored PDF and one row per content hash, each rendered once."""
    campaign_id, employee_id = _fresh_review(app)
    renders.calls.clear()
    original_record = stored.record
    for step in steps:
        if step == "fail_render":
            renders.fail_next = True
        if step == "crash_after_put":
            monkeypatch.setattr(stored, "record", _crash_once(monkeypatch, original_record))
        try:
            if step == "download":
                stored.served_pdf(
                    db.session, storage.for_app(), campaign_id, employee_id, audience="hr"
                )
            else:
                audiences = ["hr"] if step == "task_hr" else review_tasks.AUDIENCES
                review_tasks.render_review.call_local(campaign_id, employee_id, audiences)
        except RuntimeError:
            db.session.rollback()  # Huey retries the task later: the last call below
        renders.fail_next = False
        monkeypatch.setattr(stored, "record", original_record)
    review_tasks.render_review.call_local(campaign_id, employee_id, review_tasks.AUDIENCES)
    expected = current_keys(campaign_id, employee_id)
    found = rows(campaign_id)
    assert sorted(k for _, _, k in found) == sorted(expected) == stored_keys(app)
    assert len({h for _, h, _ in found}) == len(found)
    assert set(renders.calls.values()) == {1}


def _fresh_review(app: Any) -> tuple[int, int]:
    """The released review of this test (built once), with nothing stored yet."""
    if "queue_test_ids" not in app.extensions:
        campaign_id, employee_id, _ = ids_of(build(app, status="released"))
        app.extensions["queue_test_ids"] = (campaign_id, employee_id)
    db.session.execute(delete(ReviewPdf))
    db.session.commit()
    shutil.rmtree(Path(app.config["ATTACHMENT_DIR"]) / "reviews", ignore_errors=True)
    return app.extensions["queue_test_ids"]  # type: ignore[no-any-return]


def _crash_once(monkeypatch: pytest.MonkeyPatch, original: Any) -> Any:
    def crash(session: Any, prepared: Any) -> None:
        monkeypatch.setattr(stored, "record", original)
        raise RuntimeError("killed between storing and recording")

    return crash


def test_release_queues_every_review_and_downloads_come_from_storage(
    app: Any, hr_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Releasing renders each review once (real renderer); HR's download and the
    employee's "my PDF" are then served from storage without rendering, and audited."""
    data = build(app)
    campaign_id, employee_id, other_id = ids_of(data)
    assert hr_client.post(f"/api/v1/campaigns/{campaign_id}/release").status_code == 200
    found = rows(campaign_id)
    assert {e for e, _, _ in found} == {employee_id, other_id}
    assert stored_keys(app) == sorted(k for _, _, k in found)

    def no_render(*_args: Any, **_kwargs: Any) -> bytes:
        raise AssertionError("a stored review was rendered again")

    monkeypatch.setattr(render, "render_review_pdf", no_render)
    monkeypatch.setattr(render, "html_to_pdf", no_render)
    url = f"/api/v1/campaigns/{campaign_id}/reviews/{employee_id}.pdf"
    mine = login(app, data.employee).get(url)
    resp = hr_client.get(url)
    assert resp.status_code == mine.status_code == 200
    key = next(k for e, _, k in found if e == employee_id)
    assert resp.data == mine.data == storage.for_app().get(key)
    downloads = db.session.scalar(
        select(func.count()).where(AuditEvent.action == "review.download")
    )
    assert downloads == 2
    assert len(rows(campaign_id)) == 2  # nothing new recorded


def test_changed_scores_or_template_give_a_new_key_and_one_new_render(
    app: Any, hr_client: Any, renders: Renders, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build(app, status="released")
    campaign_id, employee_id, _ = ids_of(data)
    url = f"/api/v1/campaigns/{campaign_id}/reviews/{employee_id}.pdf"
    first = hr_client.get(url).data
    assert hr_client.get(url).data == first and sum(renders.calls.values()) == 1
    monkeypatch.setattr(stored, "template_fingerprint", lambda: "template v2")
    second = hr_client.get(url).data
    assert second != first and sum(renders.calls.values()) == 2
    _rate(data.campaign, _version("service-360"), data.employee, "supervisor", 1, data.manager)
    db.session.commit()  # new scores: `flask scores recompute` changes data the same way
    db.session.rollback()
    third = hr_client.get(url).data
    assert third not in (first, second) and sum(renders.calls.values()) == 3
    assert hr_client.get(url).data == third
    assert len({k for e, _, k in rows(campaign_id) if e == employee_id}) == 3
    assert len(stored_keys(app)) == 3


def test_draft_downloads_render_on_demand_and_store_nothing(
    app: Any, hr_client: Any, renders: Renders
) -> None:
    data = build(app)
    campaign_id, employee_id, _ = ids_of(data)
    url = f"/api/v1/campaigns/{campaign_id}/reviews/{employee_id}.pdf"
    assert hr_client.get(url).status_code == hr_client.get(url).status_code == 200
    assert sum(renders.calls.values()) == 2
    assert rows(campaign_id) == [] and stored_keys(app) == []


def test_cli_queue_and_scores_recompute_queue_the_released_reviews(
    app: Any, runner: Any, renders: Renders
) -> None:
    """`flask reviews queue` (after a template change) and `flask scores recompute` queue
    the released campaigns' reviews; unchanged data keeps its hash and is not rendered."""
    data = build(app, status="released")
    campaign_id, employee_id, other_id = ids_of(data)
    result = runner.invoke(args=["reviews", "queue", "--campaign", str(campaign_id)])
    assert result.exit_code == 0 and "1" in result.output
    assert {e for e, _, _ in rows(campaign_id)} == {employee_id, other_id}
    rendered = sum(renders.calls.values())
    result = runner.invoke(args=["scores", "recompute", "--campaign", str(campaign_id)])
    assert result.exit_code == 0, result.output
    assert sum(renders.calls.values()) == rendered and len(rows(campaign_id)) == 2


def test_render_task_for_a_missing_review_stores_nothing_and_is_not_retried(
    app: Any, renders: Renders
) -> None:
    data = build(app, status="released")
    campaign_id, _, _ = ids_of(data)
    review_tasks.render_review.call_local(campaign_id, 987654, ["hr"])  # no exception
    assert not renders.calls and rows(campaign_id) == [] and stored_keys(app) == []
