"""Issue 17 §5: generated files go after their period and come back on demand. On the demo,
a released review's stored PDF is deleted by the retention task 31 days later (default
period 30 days) and rendered and stored again on the next download, with the same text;
the run's report is shown to admins (API)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from sqlalchemy import select

from server import storage
from server.extensions import db
from server.models import Campaign, ReviewPdf
from server.models.base import utcnow
from server.services.reviews import reports
from server.tasks import periodic
from tests.factories import ApiClient
from tests.privacy_helpers import pdf_text


def _released_review() -> tuple[int, int]:
    campaign = db.session.scalars(select(Campaign).where(Campaign.status == "released")).first()
    assert campaign is not None
    return campaign.id, reports.subject_ids(db.session, campaign.id)[0]


def _stored(campaign_id: int, employee_id: int) -> list[ReviewPdf]:
    return list(
        db.session.scalars(
            select(ReviewPdf).where(
                ReviewPdf.campaign_id == campaign_id, ReviewPdf.employee_id == employee_id
            )
        )
    )


def _lines(pdf: bytes) -> list[str]:
    """The PDF's lines, sorted (comments are shuffled on every build)."""
    return sorted(pdf_text(pdf).splitlines())


def test_stored_review_pdfs_go_after_their_period_and_regenerate(
    runner: Any, admin_client: ApiClient
) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    campaign_id, employee_id = _released_review()
    url = f"/api/v1/campaigns/{campaign_id}/reviews/{employee_id}.pdf"
    first = admin_client.get(url)
    assert first.status_code == 200
    (row,) = _stored(campaign_id, employee_id)
    key, store = row.storage_key, storage.for_app()
    assert store.exists(key)
    start = utcnow()
    with time_machine.travel(start + timedelta(days=29), tick=False):
        kept = periodic.tick(db.session, utcnow(), ["retention"])["retention"]
    assert kept["generated_files"] == 0 and store.exists(key)
    with time_machine.travel(start + timedelta(days=31), tick=False):
        report = periodic.tick(db.session, utcnow(), ["retention"])["retention"]
        assert report["generated_files"] >= 1
        assert not store.exists(key) and _stored(campaign_id, employee_id) == []
    again = admin_client.get(url)  # back to today: the session is still valid
    assert again.status_code == 200
    (row,) = _stored(campaign_id, employee_id)
    assert store.exists(row.storage_key)
    assert _lines(again.data) == _lines(first.data)
    view = admin_client.get("/api/v1/admin/privacy/retention").get_json()
    assert [r["report"] for r in view["runs"]] == [report, kept]
    periods = {p["kind"]: p for p in view["periods"]}
    assert periods["generated_files"]["days"] == 30 and periods["photos"]["days"] is None
