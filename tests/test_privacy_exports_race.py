"""An erasure while a campaign export or review ZIP is being built (issue 17 §4): a job that
ends after the erasure never holds the erased person's name or employee number.

- the erasure commits between the build's reading of the data and the end of the job: the
  build sees the campaign's privacy epoch moved and builds again (SQLite and PostgreSQL);
- on PostgreSQL, with two sessions: the erasure has raised the epoch but not committed when
  the build ends the job; the build waits for it (shared lock on the campaign row), then
  builds again;
- a review ZIP whose assembly reads PDFs from before an erasure starts its plan again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from server import storage
from server.extensions import db
from server.models import Job, User
from server.services.exports import jobs as export_jobs
from server.services.privacy import erasure
from server.services.reviews import batch, zips
from tests.privacy_helpers import file_text, found_in
from tests.reports_data import build


class Racing:
    """A store whose first put of a key starting with `prefix` runs `hook` (the erasure)."""

    def __init__(self, inner: Any, prefix: str, hook: Callable[[], None]) -> None:
        self.inner, self.prefix, self.hook, self.puts = inner, prefix, hook, 0

    def put(self, key: str, body: bytes) -> None:
        self.inner.put(key, body)
        if key.startswith(self.prefix):
            self.puts += 1
            if self.puts == 1:
                self.hook()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _eraser(app: Any, user_id: int, erased: threading.Event, go: threading.Event) -> None:
    """Erase in another session (thread): raise the epoch, wait for `go`, then commit."""
    with app.app_context():
        try:
            user = db.session.get(User, user_id)
            assert user is not None
            erasure.erase(db.session, storage.for_app(app), user, None)
            db.session.flush()
            erased.set()
            assert go.wait(30)
            db.session.commit()
        finally:
            db.session.remove()


def _world(app: Any) -> tuple[int, int, list[str]]:
    """The campaign, the person to erase (plain values: no lazy load later, which would
    open a write transaction in the middle of the race) and their name and number."""
    data = build(app, "en")
    person = data.employee
    terms = [person.name, str(person.employee_number)]
    campaign_id, person_id = data.campaign.id, person.id
    db.session.commit()
    return campaign_id, person_id, terms


def _export_job(campaign_id: int) -> str:
    job = export_jobs.create_job(db.session, campaign_id, None, "summary", "csv")
    job_id = job.id
    db.session.commit()
    return job_id


def _finished_file(job_id: str) -> bytes:
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert job is not None and job.status == "done" and job.result_path
    body = storage.for_app().get(job.result_path)
    db.session.rollback()
    return body


def _erased_between(app: Any) -> None:
    campaign_id, person, terms = _world(app)
    job_id = _export_job(campaign_id)
    erased, go = threading.Event(), threading.Event()
    go.set()  # it commits at once: between the build's read and the end of the job

    def erase() -> None:
        thread = threading.Thread(target=_eraser, args=(app, person, erased, go))
        thread.start()
        thread.join(60)
        assert erased.is_set()

    store = Racing(storage.for_app(), "exports/", erase)
    assert export_jobs.build(db.session, store, job_id) is True
    assert store.puts == 2  # built again after the erasure
    text = file_text("export.csv", _finished_file(job_id))
    assert found_in(text, terms) == []
    db.session.expire_all()
    pseudonym = db.session.get(User, person)
    assert pseudonym is not None and pseudonym.name in text


def test_an_export_whose_data_an_erasure_changed_is_built_again(app: Any) -> None:
    _erased_between(app)


def test_an_export_whose_data_an_erasure_changed_is_built_again_on_postgresql(
    pg_app: Any,
) -> None:
    _erased_between(pg_app)


def test_an_export_ending_during_an_erasure_waits_for_it_and_builds_again(
    pg_app: Any,
) -> None:
    """Two sessions on PostgreSQL: the erasure has raised the epoch (holding the campaign
    row) but not committed when the build ends its job; the build waits until it commits."""
    campaign_id, person, terms = _world(pg_app)
    job_id = _export_job(campaign_id)
    erased, go = threading.Event(), threading.Event()
    thread = threading.Thread(target=_eraser, args=(pg_app, person, erased, go))
    released: list[float] = []

    def erase_but_hold() -> None:
        thread.start()
        assert erased.wait(60)  # raised, not committed

        def commit() -> None:
            released.append(time.monotonic())
            go.set()

        threading.Timer(1.0, commit).start()

    store = Racing(storage.for_app(), "exports/", erase_but_hold)
    assert export_jobs.build(db.session, store, job_id) is True
    ended = time.monotonic()
    thread.join(60)
    assert released and ended >= released[0]  # the end of the job waited for the erasure
    assert store.puts == 2
    text = file_text("export.csv", _finished_file(job_id))
    assert found_in(text, terms) == []


def test_an_export_with_no_erasure_is_built_once(app: Any) -> None:
    campaign_id, _, terms = _world(app)
    job_id = _export_job(campaign_id)
    store = Racing(storage.for_app(), "exports/", lambda: None)
    assert export_jobs.build(db.session, store, job_id) is True
    assert store.puts == 1
    assert found_in(file_text("export.csv", _finished_file(job_id)), terms[:1]) == terms[:1]


@pytest.mark.usefixtures("app")
def test_a_review_zip_assembled_from_pdfs_before_an_erasure_plans_again(app: Any) -> None:
    campaign_id, person, terms = _world(app)
    db.session.commit()
    from server.services.reviews import reports

    ids = reports.subject_ids(db.session, campaign_id)
    job = batch.create_job(db.session, campaign_id, None, len(ids), ids)
    job_id = job.id
    db.session.commit()
    erased, go = threading.Event(), threading.Event()
    go.set()

    def erase() -> None:
        thread = threading.Thread(target=_eraser, args=(app, person, erased, go))
        thread.start()
        thread.join(60)
        assert erased.is_set()

    store = Racing(storage.for_app(), "zips/", erase)
    hooks = zips.Hooks(lambda c, e: None, inline=True)
    for _ in range(5):  # rounds, as the queue would run them
        if zips.start_round(db.session, job_id) is None:
            break
        zips.run_round(db.session, store, job_id, hooks)
    assert store.puts == 2  # the first ZIP (before the erasure) was not kept
    db.session.expire_all()
    row = db.session.get(Job, job_id)
    assert row is not None and row.status == "done"
    assert (row.state or {}).get("restarts") == 1
    text = file_text("reviews.zip", _finished_file(job_id))
    assert found_in(text, terms) == []
