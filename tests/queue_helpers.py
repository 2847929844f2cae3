"""Shared by the queue tests (issue 13 §1, §3): a counting stand-in renderer and queries of
what is stored."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from server import storage
from server.extensions import db
from server.models import ReviewPdf
from server.services.reviews import stored
from server.tasks import reviews as review_tasks
from tests.factories import ApiClient

FAKE_PREFIX = b"%PDF-1.4 fake review "


class Renders:
    """A stand-in for the WeasyPrint renderer that counts its calls (and can fail)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.fail_next = False

    @classmethod
    def install(cls, monkeypatch: Any) -> Renders:
        """Replace the WeasyPrint renderer by a new counting stand-in for one test."""
        from server.reports import render

        fake = cls()
        monkeypatch.setattr(render, "render_review_pdf", fake)
        return fake

    def __call__(self, review: dict[str, Any], *, draft: bool, photo_loader: Any) -> bytes:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("renderer crashed")
        digest = stored.content_hash(review, {})
        self.calls[digest] += 1
        return FAKE_PREFIX + digest.encode()


def ids_of(data: Any) -> tuple[int, int, int]:
    ids = data.campaign.id, data.employee.id, data.other.id
    db.session.rollback()  # no transaction (SQLite write lock) held while tasks run
    return ids


def rows(campaign_id: int) -> list[tuple[int, str, str]]:
    found = db.session.execute(
        select(ReviewPdf.employee_id, ReviewPdf.content_hash, ReviewPdf.storage_key).where(
            ReviewPdf.campaign_id == campaign_id
        )
    ).all()
    db.session.rollback()
    return [tuple(r) for r in found]  # type: ignore[misc]


def stored_keys(app: Any) -> list[str]:
    root = Path(app.config["ATTACHMENT_DIR"]) / "reviews"
    return sorted(f"reviews/{p.name}" for p in root.glob("*.pdf")) if root.is_dir() else []


def current_keys(campaign_id: int, employee_id: int) -> set[str]:
    store = storage.for_app()
    keys = {
        stored.prepare(db.session, store, campaign_id, employee_id, audience).key
        for audience in review_tasks.AUDIENCES
    }
    db.session.rollback()
    return keys


def login(app: Any, user: Any) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api
