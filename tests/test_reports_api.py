"""SPEC §11 the PDF review, §9 access: Review PDF, unit summary and ZIP endpoints on real campaign
data: access matrix and content."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent
from server.reports.i18n import fmt_score
from server.services.reviews import review
from tests.api_client import signed_in as login
from tests.factories import ApiClient, make_user
from tests.reports_data import CUSTOMER_SECRET, PEER_SECRET, VISIBLE_COMMENT, build


def text_of(pdf: bytes) -> str:
    return re.sub(
        r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    )


def url(data, employee=None) -> str:
    return f"/api/v1/campaigns/{data.campaign.id}/reviews/{(employee or data.employee).id}.pdf"


def release(data) -> None:
    data.campaign.status = "released"
    db.session.commit()


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_hr_gets_draft_with_name_and_index_as_in_review_data(app, hr_client, locale) -> None:
    data = build(app, locale)
    resp = hr_client.get(url(data, data.other))
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.headers["Cache-Control"] == "private, no-store"
    text = text_of(resp.data)
    expected = review.build_review(db.session, data.campaign.id, data.other.id, audience="hr")
    assert expected["overall_index"] is not None
    assert fmt_score(expected["overall_index"]) in text
    assert "李强" in text and "DRAFT" in text
    assert VISIBLE_COMMENT.replace(" ", "") in text
    heading = "题目明细" if locale == "zh-CN" else "Itemdetail"
    assert heading in text
    resp = hr_client.get(url(data))
    assert re.sub(r"\s+", "", data.employee.name) in text_of(resp.data)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "review.download")
    ).all()
    assert len(event) == 2 and event[0].details["draft"] is True


def test_hidden_group_comments_and_numbers_absent(app, hr_client) -> None:
    data = build(app)
    text = text_of(hr_client.get(url(data)).data)
    assert PEER_SECRET not in text and CUSTOMER_SECRET not in text
    # Peers rated 2 on 1-5 (25.0) and customers 1 (0.0 / 1.00): none of it may show.
    assert "25.0" not in text and "1.00/5" not in text
    assert "少于3份回复" in text


def test_employee_reads_own_review_only_after_release_without_draft(app) -> None:
    data = build(app)
    api = login(app, data.employee)
    assert api.get(url(data)).status_code == 404
    release(data)
    resp = api.get(url(data))
    assert resp.status_code == 200
    text = text_of(resp.data)
    assert "DRAFT" not in text and "王丽娜" in text


def test_employee_cannot_download_another_employees_pdf(app) -> None:
    data = build(app, status="released")
    resp = login(app, data.employee).get(url(data, data.other))
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("visibility,status", [(False, 404), (True, 200)])
def test_manager_reads_direct_reports_review_when_campaign_allows(app, visibility, status) -> None:
    data = build(app, status="released", manager_visibility=visibility)
    assert login(app, data.manager).get(url(data)).status_code == status


def test_manager_visibility_needs_release(app) -> None:
    data = build(app, status="closed", manager_visibility=True)
    assert login(app, data.manager).get(url(data)).status_code == 404


def test_unknown_ids_and_anonymous_and_shopper(app, client, shopper_client, hr_client) -> None:
    data = build(app, status="released")
    assert client.get(url(data)).status_code == 401
    assert shopper_client.get(url(data)).status_code == 404
    stranger = make_user(name="Nobody")
    assert hr_client.get(url(data, stranger)).status_code == 404
    assert (
        hr_client.get(f"/api/v1/campaigns/999999/reviews/{data.employee.id}.pdf").status_code == 404
    )


def test_unit_summary_for_hr_only(app, hr_client, employee_client) -> None:
    data = build(app)
    path = f"/api/v1/campaigns/{data.campaign.id}/units/{data.unit.id}/summary.pdf"
    resp = hr_client.get(path)
    assert resp.status_code == 200
    text = text_of(resp.data)
    assert "静安12号店" in text and "李强" in text and "王丽娜" in text
    assert employee_client.get(path).status_code == 403
    bad = f"/api/v1/campaigns/{data.campaign.id}/units/999999/summary.pdf"
    assert hr_client.get(bad).status_code == 404


def _wait(api: ApiClient, job_id: str) -> dict:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        body = api.get(f"/api/v1/jobs/{job_id}").get_json()
        # Requests share the test's app context: end its transaction so the job can write.
        db.session.rollback()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.3)
    raise AssertionError("job did not finish")


def test_zip_job_has_one_pdf_per_subject(app, hr_client, employee_client) -> None:
    app.config["REPORTS_DIR"] = app.config["ATTACHMENT_DIR"] + "-reports"
    data = build(app)
    start = f"/api/v1/campaigns/{data.campaign.id}/reviews.zip"
    assert employee_client.post(start).status_code == 403
    resp = hr_client.post(start)
    assert resp.status_code == 202
    job_id = resp.get_json()["job_id"]
    db.session.rollback()
    body = _wait(hr_client, job_id)
    assert body["status"] == "done" and body["done"] == body["total"] == 2
    assert body["failures"] == []
    resp = hr_client.get(f"/api/v1/jobs/{job_id}/download")
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    resp.close()
    names = sorted(archive.namelist())
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    assert any("E1041" in n for n in names) and any("E1042" in n for n in names)
    assert "李强" in text_of(archive.read(next(n for n in names if "E1042" in n)))
    assert hr_client.get("/api/v1/jobs/not-a-job").status_code == 404
    assert employee_client.get(f"/api/v1/jobs/{job_id}").status_code == 403


def test_job_cut_off_by_a_restart_ends_as_interrupted(app, hr_client) -> None:
    """A running job whose heartbeat stopped (the process that ran it is gone) is reported
    failed with error "interrupted"; pollers stop waiting and the download says not ready."""
    from datetime import timedelta

    from server.models import Job
    from server.models.base import utcnow
    from server.services.reviews import batch

    data = build(app)
    stale = batch.create_job(db.session, data.campaign.id, None, total=2)
    stale.status, stale.done = "running", 1
    live = batch.create_job(db.session, data.campaign.id, None, total=2)
    live.status = "running"
    db.session.commit()
    long_ago = utcnow() - batch.STALE_AFTER - timedelta(seconds=5)
    db.session.execute(Job.__table__.update().where(Job.id == stale.id).values(updated_at=long_ago))
    db.session.commit()
    body = hr_client.get(f"/api/v1/jobs/{stale.id}").get_json()
    assert body["status"] == "failed" and body["error"] == "interrupted"
    assert body["done"] == 1 and body["finished_at"] and not body["download_ready"]
    db.session.rollback()
    assert db.session.get(Job, stale.id).status == "failed"  # stored, not only shown
    resp = hr_client.get(f"/api/v1/jobs/{stale.id}/download")
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "job_not_ready"
    body = hr_client.get(f"/api/v1/jobs/{live.id}").get_json()
    assert body["status"] == "running" and body["error"] is None


def test_job_heartbeat_moves_with_progress(app) -> None:
    from server.models.base import utcnow
    from server.services.reviews import batch

    data = build(app)
    job = batch.create_job(db.session, data.campaign.id, None, total=2)
    db.session.commit()
    first = job.updated_at
    time.sleep(0.01)
    job.done = 1
    db.session.commit()
    assert job.updated_at > first
    later = utcnow() + batch.STALE_AFTER * 2
    assert batch.end_if_stale(job, later) and job.error == "interrupted"
    assert not batch.end_if_stale(job, later)  # already ended: unchanged
