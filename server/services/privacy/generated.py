"""Generated files: stored review PDFs, review ZIPs, export files and personal-data exports.

All of them can be made again from the data (a review PDF is rendered again on its next
download, a ZIP or export by starting it again), so erasure and retention delete them
freely: the object in storage and the row that names it. Only ended jobs (done or failed)
lose their file; a job still building is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.models import Job, ReviewPdf
from server.storage import Storage

REVIEW_ZIP = "reviews_zip"
CAMPAIGN_EXPORT = "export"
PERSON_EXPORT = "privacy_export"
ENDED = ("done", "failed")


def _drop(store: Storage, key: str | None) -> None:
    if key and "/" in key:  # a storage key (a path of the thread era is no key)
        store.delete(key)


def drop_review_pdfs(session: Session, store: Storage, rows: Iterable[ReviewPdf]) -> int:
    """Delete stored review PDFs (object and row); returns how many."""
    ids = []
    for row in rows:
        _drop(store, row.storage_key)
        ids.append(row.id)
    if ids:
        session.execute(delete(ReviewPdf).where(ReviewPdf.id.in_(ids)))
    return len(ids)


def drop_jobs(session: Session, store: Storage, jobs: Iterable[Job]) -> int:
    """Delete ended jobs and their files; returns how many files went."""
    files, ids = 0, []
    for job in jobs:
        if job.status not in ENDED:
            continue
        if job.result_path:
            _drop(store, job.result_path)
            files += 1
        ids.append(job.id)
    if ids:
        session.execute(delete(Job).where(Job.id.in_(ids)))
    return files


def review_pdfs_of_campaigns(session: Session, campaign_ids: Iterable[int]) -> list[ReviewPdf]:
    ids = list(campaign_ids) or [-1]
    return list(session.scalars(select(ReviewPdf).where(ReviewPdf.campaign_id.in_(ids))))


def jobs_of_campaigns(session: Session, campaign_ids: Iterable[int]) -> list[Job]:
    """Ended review ZIP and export jobs of these campaigns."""
    ids = list(campaign_ids) or [-1]
    return list(
        session.scalars(
            select(Job).where(
                Job.kind.in_((REVIEW_ZIP, CAMPAIGN_EXPORT)),
                Job.campaign_id.in_(ids),
                Job.status.in_(ENDED),
            )
        )
    )


def person_exports(session: Session, user_id: int) -> list[Job]:
    """Ended personal-data export jobs of one person."""
    jobs = session.scalars(select(Job).where(Job.kind == PERSON_EXPORT, Job.status.in_(ENDED)))
    return [j for j in jobs if (j.state or {}).get("user_id") == user_id]


def old_review_pdfs(session: Session, before: datetime) -> list[ReviewPdf]:
    return list(session.scalars(select(ReviewPdf).where(ReviewPdf.rendered_at < before)))


def old_jobs(session: Session, kinds: tuple[str, ...], before: datetime) -> list[Job]:
    """Ended jobs of `kinds` that finished (or, never finished, were created) before."""
    jobs = session.scalars(
        select(Job).where(Job.kind.in_(kinds), Job.status.in_(ENDED), Job.created_at < before)
    )
    return [j for j in jobs if (j.finished_at or j.created_at) < before]
