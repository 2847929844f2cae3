"""Issue 13 §1, §3: a review ZIP job assembles stored PDFs, as a chain of queued rounds that
waits for, re-queues or renders what is missing (server.services.reviews.zips). Tasks run
immediately (TEST_CONFIG) unless a test drives the rounds itself."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from server import storage
from server.extensions import db
from server.models import Job
from server.services.reviews import batch
from server.tasks import reviews as review_tasks
from tests.queue_helpers import (
    FAKE_PREFIX,
    Renders,
    ids_of,
    rows,
)
from tests.reports_data import build


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Renders:
    return Renders.install(monkeypatch)


def test_zip_assembles_stored_pdfs_without_rendering(
    app: Any, hr_client: Any, renders: Renders
) -> None:
    data = build(app, status="released")
    campaign_id, employee_id, other_id = ids_of(data)
    review_tasks.queue_campaign(campaign_id)
    assert sum(renders.calls.values()) == 2
    renders.calls.clear()
    resp = hr_client.post(f"/api/v1/campaigns/{campaign_id}/reviews.zip")
    job_id = resp.get_json()["job_id"]
    db.session.rollback()
    assert hr_client.get(f"/api/v1/jobs/{job_id}").get_json()["status"] == "done"
    assert not renders.calls
    body = hr_client.get(f"/api/v1/jobs/{job_id}/download").data
    archive = zipfile.ZipFile(io.BytesIO(body))
    contents = sorted(archive.read(n) for n in archive.namelist())
    store = storage.for_app()
    assert contents == sorted(store.get(k) for _, _, k in rows(campaign_id))
    job = db.session.get_one(Job, job_id)
    assert job.result_path == f"zips/{job_id}.zip" and job.done == job.total == 2


def test_zip_job_waits_for_queued_renders_and_requeues_lost_ones(
    app: Any, renders: Renders
) -> None:
    """Rounds as a consumer runs them (not immediate): the first round queues the renders;
    while none of them ran, rounds wait; after REQUEUE_AFTER idle rounds the renders are
    queued again (their first tasks were lost); once stored, the ZIP is assembled."""
    from server.services.reviews import zips

    data = build(app, status="released")
    campaign_id, employee_id, other_id = ids_of(data)
    job = batch.create_job(db.session, campaign_id, None, 2, [employee_id, other_id])
    job_id = job.id
    db.session.commit()
    queued: list[tuple[int, int]] = []
    hooks = zips.Hooks(lambda c, e: queued.append((c, e)))
    store = storage.for_app()
    for _ in range(zips.REQUEUE_AFTER + 1):
        assert zips.start_round(db.session, job_id)
        zips.run_round(db.session, store, job_id, hooks)
    assert sorted(queued) == sorted([(campaign_id, employee_id), (campaign_id, other_id)] * 2)
    assert not renders.calls and db.session.get_one(Job, job_id).status == "running"
    db.session.rollback()
    for campaign, employee in set(queued):
        review_tasks.render_review.call_local(campaign, employee, ["hr"])
    assert zips.start_round(db.session, job_id)
    zips.run_round(db.session, store, job_id, hooks)
    job = db.session.get_one(Job, job_id)
    assert job.status == "done" and job.done == 2 and job.failures == []
    db.session.rollback()
    assert not zips.start_round(db.session, job_id)  # an ended job's rounds do nothing


def test_of_each_pair_of_next_round_messages_exactly_one_runs(app: Any) -> None:
    """A round schedules its successor twice (the second a backup, for a message lost with
    a killed consumer): whichever runs first takes the chain over, the other does nothing."""
    from server.services.reviews import zips

    data = build(app, status="released")
    campaign_id, employee_id, _ = ids_of(data)
    job = batch.create_job(db.session, campaign_id, None, 1, [employee_id])
    job_id = job.id
    db.session.commit()
    first = zips.start_round(db.session, job_id)
    second = zips.start_round(db.session, job_id, first)  # the prompt message of the pair
    assert first and second and second != first
    assert zips.start_round(db.session, job_id, first) is None  # its backup: stale
    third = zips.start_round(db.session, job_id, second)  # prompt one lost: backup runs
    assert third and zips.start_round(db.session, job_id, second) is None
    assert db.session.get_one(Job, job_id).state["rounds"] == 3  # type: ignore[index]


def test_release_download_and_zip_on_postgresql(pg_app: Any, renders: Renders) -> None:
    """The same path on PostgreSQL: release renders each review once (the row insert and
    its savepoint), downloads come from storage, the ZIP assembles the stored PDFs."""
    from tests.conftest import _logged_in

    hr = _logged_in(pg_app, "hr")
    data = build(pg_app)
    campaign_id, employee_id, other_id = ids_of(data)
    assert hr.post(f"/api/v1/campaigns/{campaign_id}/release").status_code == 200
    assert {e for e, _, _ in rows(campaign_id)} == {employee_id, other_id}
    rendered = sum(renders.calls.values())
    review_tasks.render_review.call_local(campaign_id, employee_id, review_tasks.AUDIENCES)
    url = f"/api/v1/campaigns/{campaign_id}/reviews/{employee_id}.pdf"
    assert hr.get(url).data.startswith(FAKE_PREFIX)
    job_id = hr.post(f"/api/v1/campaigns/{campaign_id}/reviews.zip").get_json()["job_id"]
    db.session.rollback()
    body = hr.get(f"/api/v1/jobs/{job_id}/download").data
    assert len(zipfile.ZipFile(io.BytesIO(body)).namelist()) == 2
    assert sum(renders.calls.values()) == rendered and len(rows(campaign_id)) == 2


def test_a_quiet_unfinished_job_is_resumed_by_the_periodic_task(app: Any, renders: Renders) -> None:
    """Both messages of a round pair lost (or a kill before they were scheduled): the
    minute task re-queues a round for a queue job whose heartbeat went quiet; thread-era
    rows (no state) and recent jobs are left alone."""
    from datetime import timedelta

    from server.models.base import utcnow

    data = build(app, status="released")
    campaign_id, employee_id, other_id = ids_of(data)
    quiet = batch.create_job(db.session, campaign_id, None, 2, [employee_id, other_id])
    recent = batch.create_job(db.session, campaign_id, None, 2, [employee_id, other_id])
    old = batch.create_job(db.session, campaign_id, None, 2)
    ids = quiet.id, recent.id, old.id
    db.session.commit()
    long_ago = utcnow() - timedelta(minutes=5)
    for job_id in (ids[0], ids[2]):
        db.session.execute(
            Job.__table__.update().where(Job.id == job_id).values(updated_at=long_ago)
        )
    db.session.commit()
    review_tasks.resume_zip_jobs.call_local()
    statuses = [db.session.get_one(Job, job_id).status for job_id in ids]
    assert statuses == ["done", "queued", "queued"]
