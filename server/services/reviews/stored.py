"""Review PDFs rendered once and kept in storage (issue 13 §3).

A stored PDF's key is `reviews/<sha256>.pdf`. The hash covers the template fingerprint (every
file of server/reports, the WeasyPrint version and RENDER_VERSION) and the review data as its
reader sees it, made canonical: `generated_at` (the day of rendering) is left out and the
comment lists are sorted (they are shuffled on each build), and which of the review's photos
could be loaded. So a change to the data (new scores after `flask scores recompute`, a
re-release with another date) or to the template gives a new key, and an unchanged review
keeps its key: the same review is never rendered or stored twice. Each stored PDF is recorded
as a ReviewPdf row (unique per campaign, employee and hash).

The rule for downloads (server.services.reviews.reports.download_review):
- released campaign: the current hash is computed from the data; the stored file is served
  when present (no rendering); else it is rendered once, stored, recorded and served;
- before release (DRAFT): rendered on demand on each download, not stored (drafts change as
  raters answer). A ZIP job stores drafts too, since it assembles stored PDFs.

Rendering for the queue (server/tasks/reviews.py) goes through `render_once`, which is
idempotent: a duplicated or retried call with the same hash stores nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import database
from server.models import Attachment, Campaign, ReviewPdf
from server.reports import branding, offload, render
from server.services.reviews import review
from server.storage import Storage

#: Bump to re-render every stored review PDF (e.g. after a fix in WeasyPrint's fonts).
RENDER_VERSION = "1"
REPORTS_DIR = Path(render.__file__).resolve().parent

PhotoLoader = Callable[[str], bytes | None]


@cache
def template_fingerprint() -> str:
    """A hash of what shapes a PDF besides the data: templates, CSS, the rendering code."""
    digest = hashlib.sha256(f"{RENDER_VERSION}:{metadata.version('weasyprint')}".encode())
    for path in sorted(REPORTS_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css"):
            digest.update(str(path.relative_to(REPORTS_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def content_hash(data: dict[str, Any], photos: dict[str, bytes | None]) -> str:
    """The stored PDF's hash: the template fingerprint and the canonical review data."""
    canonical = {k: v for k, v in data.items() if k != "generated_at"}
    comments = data.get("comments") or {}
    canonical["comments"] = {
        group: sorted(entries, key=_canonical) for group, entries in comments.items()
    }
    loaded = sorted(sha for sha, body in photos.items() if body is not None)
    payload = _canonical([template_fingerprint(), branding.fingerprint(), canonical, loaded])
    return hashlib.sha256(payload.encode()).hexdigest()


def key_for(digest: str) -> str:
    """The storage key of the PDF with this hash."""
    return f"reviews/{digest}.pdf"


@dataclass(frozen=True)
class Prepared:
    """One review's data, read and hashed, ready to render."""

    campaign_id: int
    employee_id: int
    data: dict[str, Any]
    photos: dict[str, bytes | None]
    digest: str

    @property
    def key(self) -> str:
        return key_for(self.digest)

    @property
    def draft(self) -> bool:
        return not self.data["campaign"].get("released")

    @property
    def filename(self) -> str:
        return review_filename(self.data)


def photo_loader(session: Session, store: Storage | None) -> PhotoLoader:
    """Return thumbnail bytes by SHA-256 (None when unknown or missing from storage)."""

    def load(sha256: str) -> bytes | None:
        if store is None:
            return None
        row = session.get(Attachment, sha256)
        key = row.thumb_key if row is not None else None
        if not key:
            return None
        try:
            return store.get(key)
        except (FileNotFoundError, ValueError):
            return None

    return load


def review_filename(review: dict[str, Any]) -> str:
    """A safe, readable file name: campaign id, employee number or id, name."""
    employee = review["employee"]
    ident = employee.get("employee_number") or employee["id"]
    name = re.sub(r"[\\/:*?\"<>|\s]+", "_", employee.get("name") or "").strip("_")
    return f"review-{review['campaign']['id']}-{ident}-{name}.pdf"


def review_photos(
    session: Session, review: dict[str, Any], store: Storage | None
) -> dict[str, bytes | None]:
    """Thumbnail bytes of every photo the review shows, read now (before rendering, so the
    renderer never touches the database)."""
    load = photo_loader(session, store)
    return {
        p["sha256"]: load(p["sha256"])
        for v in (review.get("mystery_shop") or {}).get("visits", [])
        for p in v.get("photos", [])
    }


def prepare(
    session: Session, store: Storage | None, campaign_id: int, employee_id: int, audience: str
) -> Prepared:
    """Build the review data for `audience`, load its photos, hash both (no rendering)."""
    data = review.build_review(session, campaign_id, employee_id, audience=audience)
    photos = review_photos(session, data, store)
    return Prepared(campaign_id, employee_id, data, photos, content_hash(data, photos))


def render_pdf(prepared: Prepared, processes: int = 0) -> bytes:
    """Lay the review out (in a helper process when `processes` > 0)."""
    return offload.call(
        processes,
        render.render_review_pdf,
        prepared.data,
        draft=prepared.draft,
        photo_loader=prepared.photos.get,
    )


def record(session: Session, prepared: Prepared) -> None:
    """Add the ReviewPdf row unless it exists (a concurrent insert is tolerated)."""
    record_key(session, prepared.campaign_id, prepared.employee_id, prepared.key)


def record_key(session: Session, campaign_id: int, employee_id: int, key: str) -> None:
    """Record that `key` (`reviews/<hash>.pdf`) holds this review's PDF, unless recorded.

    Also called for every PDF a ZIP job assembles: a consumer killed between storing a PDF
    and recording it leaves the object without its row, and its lost task is never retried."""
    digest = key.removeprefix("reviews/").removesuffix(".pdf")
    found = session.scalar(
        select(ReviewPdf.id).where(
            ReviewPdf.campaign_id == campaign_id,
            ReviewPdf.employee_id == employee_id,
            ReviewPdf.content_hash == digest,
        )
    )
    if found is not None:
        return
    try:
        with session.begin_nested():
            session.add(
                ReviewPdf(
                    campaign_id=campaign_id,
                    employee_id=employee_id,
                    content_hash=digest,
                    storage_key=key,
                )
            )
    except IntegrityError:  # another node recorded the same PDF in the meantime
        pass


def store_once(
    session: Session, store: Storage, prepared: Prepared, processes: int = 0
) -> bytes | None:
    """Render and store `prepared` unless its key exists; record the row either way (so a
    task killed between storing and recording completes the record when retried). Returns
    the PDF when it was rendered now, else None. Commits."""
    database.end_read(session)
    pdf = None
    if not store.exists(prepared.key):
        pdf = render_pdf(prepared, processes)
        store.put(prepared.key, pdf)
    with database.write_transaction(session):
        record(session, prepared)
    return pdf


def render_once(
    session: Session, store: Storage, campaign_id: int, employee_id: int, audiences: list[str]
) -> int:
    """Store the review's PDF for each audience whose data differs (HR and the employee
    usually read the same review, so usually one render). Returns how many were rendered."""
    rendered = 0
    seen: set[str] = set()
    for audience in audiences:
        with database.read_transaction(session):
            prepared = prepare(session, store, campaign_id, employee_id, audience)
        if prepared.digest in seen:
            continue
        seen.add(prepared.digest)
        rendered += store_once(session, store, prepared) is not None
    return rendered


def served_pdf(
    session: Session,
    store: Storage,
    campaign_id: int,
    employee_id: int,
    *,
    audience: str,
    processes: int = 0,
) -> tuple[bytes, str]:
    """A released review's PDF: from storage when the current hash is stored (no
    rendering), else rendered once, stored and recorded. Commits."""
    prepared = prepare(session, store, campaign_id, employee_id, audience)
    database.end_read(session)
    try:
        return store.get(prepared.key), prepared.filename
    except FileNotFoundError:
        pass
    pdf = store_once(session, store, prepared, processes)
    return pdf if pdf is not None else store.get(prepared.key), prepared.filename


def released_campaign_ids(session: Session, campaign_id: int | None = None) -> list[int]:
    """The released campaigns (or only `campaign_id` when it is released)."""
    query = select(Campaign.id).where(Campaign.status == "released")
    if campaign_id is not None:
        query = query.where(Campaign.id == campaign_id)
    return list(session.scalars(query.order_by(Campaign.id)))
