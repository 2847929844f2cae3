"""SPEC §8 sync protocol: Crash safety: SIGKILL gunicorn mid-sync, restart, and prove nothing
acknowledged is lost.

A client streams sync batches (with photos) and retries every request until the server
answers; a killer thread SIGKILLs the whole gunicorn process group at random moments and
restarts it. Afterwards the database must hold every acknowledged submission exactly once,
each with all of its ItemScore rows and photo links, and every photo must decode to the
pixels that were uploaded. Runs on SQLite (WAL) and, when TEST_DATABASE_URL is set, on
PostgreSQL in a dedicated schema.
"""

from __future__ import annotations

import hashlib
import io
import random
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from sqlalchemy import create_engine, func, select, text

from server.models import Assignment, Attachment, ItemScore, Submission, SubmissionAttachment
from tests import live_server as live

pytestmark = pytest.mark.slow

KILLS = 3
BATCH = 25
ACKED = ("created", "duplicate")


class Killer(threading.Thread):
    """SIGKILL the server at random moments, then restart it, `kills` times."""

    def __init__(
        self, server: live.Gunicorn, kills: int, rng: random.Random, in_flight: threading.Event
    ) -> None:
        super().__init__(daemon=True)
        self.server, self.kills, self.rng = server, kills, rng
        self.in_flight = in_flight
        self.done = threading.Event()
        #: Set when the client side gave up: no more kills, so no restart after teardown.
        self.halt = threading.Event()
        self.count = 0
        self.restart_seconds: list[float] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for n in range(self.kills):
                if self.halt.is_set():
                    break
                time.sleep(self.rng.uniform(0.1, 0.5))
                # Aim at a sync request being handled: before, during or after its commit.
                # The first kill lands at once, so at least one surely hits a request in
                # progress (a batch takes only tens of milliseconds); the others at random.
                self.in_flight.wait(timeout=5)
                time.sleep(self.rng.uniform(0.0, 0.15) if n else 0.0)
                self.server.kill()
                self.count += 1
                time.sleep(self.rng.uniform(0.0, 0.2))
                started = time.monotonic()
                self.server.start()
                self.restart_seconds.append(time.monotonic() - started)
        except BaseException as err:  # noqa: BLE001 - reported by the test
            self.error = err
        finally:
            self.done.set()


class RetryingClient:
    """A field client: every request is retried until the server gives an answer."""

    def __init__(self, base: str, email: str) -> None:
        self.base, self.email = base, email
        self.http = requests.Session()
        self.csrf = ""
        self.server_errors: list[str] = []
        self.interrupted = 0  # requests cut off by a kill while the server was handling them
        self.in_flight = threading.Event()

    def _note(self, err: Exception) -> None:
        text = str(err)
        if "refused" not in text.lower():
            self.interrupted += 1

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        for _ in range(2000):
            try:
                if not self.csrf:
                    self.csrf = live.login(self.http, self.base, self.email)
                resp = self.http.request(
                    method, self.base + path, timeout=15, headers={"X-CSRF-Token": self.csrf}, **kw
                )
            # A body cut off by the kill (ChunkedEncodingError) is no answer either: retry.
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.HTTPError,
                requests.exceptions.ChunkedEncodingError,
            ) as err:
                self._note(err)
                time.sleep(0.03)
                continue
            if resp.status_code == 401:
                self.csrf = ""
                continue
            if resp.status_code >= 500:
                self.server_errors.append(f"{resp.status_code} {path} {resp.text[:300]}")
                time.sleep(0.03)
                continue
            return resp
        raise AssertionError(f"{method} {path} never answered")

    def upload(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        resp = self._put(sha, data)
        assert resp.status_code in (200, 201), resp.text
        return sha

    def _put(self, sha: str, data: bytes) -> requests.Response:
        for _ in range(2000):
            try:
                if not self.csrf:
                    self.csrf = live.login(self.http, self.base, self.email)
                resp = self.http.put(
                    self.base + f"/api/v1/attachments/{sha}",
                    data=data,
                    timeout=15,
                    headers={"X-CSRF-Token": self.csrf, "Content-Type": "image/png"},
                )
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.HTTPError,
                requests.exceptions.ChunkedEncodingError,
            ):
                time.sleep(0.03)
                continue
            if resp.status_code == 401:
                self.csrf = ""
                continue
            if resp.status_code >= 500:
                self.server_errors.append(f"{resp.status_code} PUT {resp.text[:300]}")
                continue
            return resp
        raise AssertionError("upload never answered")

    def sync_until_acknowledged(
        self,
        batch: list[dict[str, Any]],
        photos: dict[str, bytes],
        acked: set[str],
        problems: list[Any],
    ) -> None:
        pending = list(batch)
        while pending:
            self.in_flight.set()
            try:
                resp = self.request("POST", "/api/v1/sync", json={"submissions": pending})
            finally:
                self.in_flight.clear()
            assert resp.status_code == 200, resp.text
            results = resp.json()["results"]
            assert [r["id"] for r in results] == [s["id"] for s in pending]
            retry = []
            for item, result in zip(pending, results, strict=True):
                if result["status"] in ACKED:
                    acked.add(item["id"])  # only now may the client forget the item
                elif result["status"] == "missing_attachments":
                    for sha in result["error"]["details"]["hashes"]:
                        self.upload(photos[sha])
                    retry.append(item)
                else:
                    problems.append(result)
            pending = retry


def _send_batches(
    client: RetryingClient,
    killer: Killer,
    seeded: live.Seeded,
    rng: random.Random,
    sent: dict[str, dict[str, Any]],
    acked: set[str],
    photos: dict[str, bytes],
    problems: list[Any],
) -> int:
    """Send batches until the killer is done (at least four); return how many were sent."""
    assignments = iter(seeded.assignment_ids)
    seed = rng.randrange(10**6)
    batch_no = 0
    while not killer.done.is_set() or batch_no < 4:
        fresh = live.png(seed + batch_no)
        sha = hashlib.sha256(fresh).hexdigest()
        photos[sha] = fresh
        if batch_no % 2 == 0:  # half the photos go up first, half on missing_attachments
            client.upload(fresh)
        batch = []
        for _ in range(BATCH):
            shared = rng.choice(list(photos))
            answers = live.answers_for(
                seeded.definition, rng.randrange(1000), sorted({sha, shared})
            )
            item = live.submission(next(assignments), seeded.version_id, answers)
            sent[item["id"]] = item
            batch.append(item)
        client.sync_until_acknowledged(batch, photos, acked, problems)
        batch_no += 1
    return batch_no


def _stream(
    server: live.Gunicorn, seeded: live.Seeded, seed: int
) -> tuple[dict[str, dict[str, Any]], set[str], dict[str, bytes], RetryingClient, int]:
    rng = random.Random(seed)
    client = RetryingClient(server.base, seeded.email)
    killer = Killer(server, KILLS, rng, client.in_flight)
    sent: dict[str, dict[str, Any]] = {}
    acked: set[str] = set()
    photos: dict[str, bytes] = {}
    problems: list[Any] = []
    killer.start()
    try:
        batch_no = _send_batches(client, killer, seeded, rng, sent, acked, photos, problems)
    finally:
        # On any failure stop the killer before the caller stops the server, or it could
        # restart a server nobody will stop.
        killer.halt.set()
        killer.join()
    print(
        f"batches {batch_no}, interrupted requests {client.interrupted}, "
        f"restarts {[round(x, 2) for x in killer.restart_seconds]}"
    )
    assert killer.error is None, killer.error
    assert not problems, problems[:3]
    assert client.interrupted >= 1, "no kill landed on a request in progress"
    return sent, acked, photos, client, killer.count


def _verify(
    url: str,
    seeded: live.Seeded,
    sent: dict[str, dict[str, Any]],
    acked: set[str],
    photos: dict[str, bytes],
) -> None:
    engine = create_engine(url)
    scored = {
        q["id"]
        for s in seeded.definition["sections"]
        for q in s["questions"]
        if q["type"] != "photo"
    }
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        ids = [r[0] for r in conn.execute(select(Submission.id))]
        assert len(ids) == len(set(ids))
        assert set(ids) == acked == set(sent), "acknowledged and stored sets differ"
        per_assignment = Counter(r[0] for r in conn.execute(select(Submission.assignment_id)))
        assert max(per_assignment.values()) == 1
        items: dict[str, set[str]] = {}
        for sub_id, qid in conn.execute(select(ItemScore.submission_id, ItemScore.question_id)):
            items.setdefault(sub_id, set()).add(qid)
        links: dict[str, set[str]] = {}
        for sub_id, sha in conn.execute(
            select(SubmissionAttachment.submission_id, SubmissionAttachment.attachment_sha256)
        ):
            links.setdefault(sub_id, set()).add(sha)
        for sub_id, item in sent.items():
            assert items.get(sub_id) == scored, f"partial item scores for {sub_id}"
            assert links.get(sub_id) == set(item["answers"]["receipt"]), f"links of {sub_id}"
        scored_rows = conn.execute(
            select(func.count()).select_from(Submission).where(Submission.form_score.is_(None))
        ).scalar()
        assert scored_rows == 0
        submitted = conn.execute(
            select(func.count()).select_from(Assignment).where(Assignment.status == "submitted")
        ).scalar()
        assert submitted == len(sent)
        stored = {r.sha256: r for r in conn.execute(select(Attachment))}
    engine.dispose()
    referenced = set().union(*links.values())
    assert referenced <= set(stored)
    for sha in referenced:
        row = stored[sha]
        path = seeded.attachment_dir / row.storage_key
        with Image.open(path) as img:
            img.load()
            kept = img.convert("RGB").tobytes()
        with Image.open(io.BytesIO(photos[sha])) as original:
            assert kept == original.convert("RGB").tobytes(), f"photo {sha} damaged"
        assert row.size == len(photos[sha])
        assert (seeded.attachment_dir / row.thumb_key).is_file()


def _crash_run(url: str, tmp_path: Path, seed: int) -> None:
    attachments = tmp_path / "attachments"
    t0 = time.monotonic()
    seeded = live.seed(url, attachments, assignments=1500)
    print(f"seed {time.monotonic() - t0:.1f}s")
    # --preload: import the app once per restart, then fork (restarts are the slow part).
    server = live.Gunicorn(
        url, attachments, workers=2, log_path=tmp_path / "gunicorn.log", preload=True
    )
    server.start()
    try:
        sent, acked, photos, client, kills = _stream(server, seeded, seed)
    finally:
        server.stop()
    assert kills == KILLS
    assert not client.server_errors, client.server_errors[:3]
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
    _verify(url, seeded, sent, acked, photos)


def test_sigkill_during_sync_loses_nothing_on_sqlite(tmp_path):
    _crash_run(f"sqlite:///{tmp_path / 'crash.db'}", tmp_path, seed=7)


def test_sigkill_during_sync_loses_nothing_on_postgresql(pg_url, tmp_path):
    with live.pg_schema(pg_url) as url:
        _crash_run(url, tmp_path, seed=11)
