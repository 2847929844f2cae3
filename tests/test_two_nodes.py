"""Issue 13, Proof: two app servers and two consumers on one PostgreSQL, Redis and S3.

Two gunicorn app servers (A, B), each with its own instance folder, and two `flask worker`
consumers, all on one PostgreSQL schema (TEST_DATABASE_URL), one Redis queue (QUEUE_URL on
Redis db 5, or one db per xdist worker; the queue's keys are deleted before and after) and one
bucket on the S3 test endpoint (moto, tests/services/s3.py; every process gets
STORAGE_URL=s3://<bucket>/<prefix>).
Shown here:
- a lockout counted on A holds on B; the deep health check passes on both; both consumers
  report in to the operations view; a job retried through A is run and seen done through B;
- a photo uploaded through A is served by B (the same bytes as the stored object), and the
  campaign released through A has its review PDF rendered by a consumer (stored and recorded
  before anyone downloads it); B serves that stored PDF, which embeds the photo's thumbnail;
- a review ZIP started on A is polled to done and downloads from B, one PDF per employee;
- one consumer SIGKILLed while it renders a PDF of a ZIP job, the other finishes the job with
  every PDF stored exactly once (one `review_pdf` row per review, objects under reviews/ in
  the bucket are exactly the recorded keys). A fresh consumer then takes the dead one's place.
- a PDF a consumer stored and died before recording (its message lost) is recorded by the ZIP
  that assembles it.
Skipped, with the reason, without PostgreSQL or Redis.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import Engine, create_engine, text

from tests import live_server as live
from tests.factories import image_bytes, sha
from tests.services.s3 import PREFIX, s3_client

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
#: Redis databases for the queue, one per xdist worker (`make test` runs -n 2 and may start a
#: cluster in each worker: one queue would hand one cluster's tasks to the other's consumers).
#: 0 and 7 are other tests'.
QUEUE_DBS = (5, 6, 8, 9, 10, 11, 12, 13, 14, 15)
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
QUEUE_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{QUEUE_DBS[_WORKER % len(QUEUE_DBS)]}"
ADMIN, VICTIM = "admin@two-nodes.test", "victim@two-nodes.test"
SHOPPER = "shopper@two-nodes.test"
#: Seconds between two rounds of a ZIP job on the consumers (production default: 5).
ZIP_CHECK_SECONDS = 2
#: The longest wait for the cluster (renders take seconds each on a loaded 2-core machine).
TIMEOUT = 120.0
RENDER = "server.tasks.reviews.render_review"


def _requirements() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: the two-node proof needs PostgreSQL")
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1).close()
    except OSError as err:
        pytest.skip(f"Redis at {QUEUE_URL} is unreachable ({err}): two-node proof skipped")
    return url


def _flush_queue() -> None:
    import redis

    conn = redis.Redis.from_url(QUEUE_URL)
    for key in conn.scan_iter("huey.*serviceeval*"):
        conn.delete(key)


def _seed(url: str, shared: dict[str, str]) -> Flask:
    """Migrate the schema and add the users; return the app that seeds campaigns later (on
    the cluster's storage)."""
    from flask_migrate import upgrade

    from server import create_app
    from server.extensions import db
    from server.services.org import accounts

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "QUEUE_URL": "memory://",  # seeding queues nothing; never the cluster's queue
            "STORAGE_URL": shared["FLASK_STORAGE_URL"],
            "S3_ENDPOINT_URL": shared["FLASK_S3_ENDPOINT_URL"],
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 256,
        }
    )
    with app.app_context():
        upgrade()
        for email, role in ((ADMIN, "admin"), (VICTIM, "employee"), (SHOPPER, "shopper")):
            accounts.create_user(
                db.session, email=email, name=email, role=role, password=live.PASSWORD
            )
        db.session.commit()
        db.session.remove()
    return app


def _campaign(app: Flask, employees: int, photo: str | None = None) -> tuple[int, list[int]]:
    """A closed mystery-shop campaign with one approved visit to each of `employees` new
    employees (showing `photo` when given); returns (campaign id, employee ids)."""
    from server.extensions import db
    from server.models import SubmissionAttachment, User
    from tests import factories as f

    with app.app_context():
        version = f.save_form(f.field_form(key=f"two-nodes-{uuid.uuid4().hex[:8]}"))
        campaign = f.make_campaign("mystery_shop", form=version, status="closed")
        shopper = db.session.scalars(db.select(User).where(User.email == SHOPPER)).one()
        ids = []
        for n in range(employees):
            employee = f.make_user(employee_number=f"TN{campaign.id}-{n}")
            visit = f.add_submission(
                campaign,
                version,
                employee.id,
                "mystery_shopper",
                f.good_answers(),
                rater_id=shopper.id,
                status="approved",
                completed_at=datetime(2026, 5, 1, 10, 30, tzinfo=UTC),
            )
            if photo:
                db.session.add(
                    SubmissionAttachment(
                        submission_id=visit.id, question_id="receipt", attachment_sha256=photo
                    )
                )
            ids.append(employee.id)
        db.session.commit()
        campaign_id = campaign.id
        db.session.remove()
    return campaign_id, ids


class Node(live.Gunicorn):
    """An app server with its own instance folder on the shared queue and storage."""

    def __init__(self, url: str, instance: Path, shared: dict[str, str]) -> None:
        instance.mkdir(parents=True, exist_ok=True)
        super().__init__(url, instance / "attachments", workers=1, log_path=instance / "app.log")
        self.instance = instance
        self.shared = shared

    def env(self) -> dict[str, str]:
        return {**super().env(), **self.shared, **node_env(self.instance)}


def node_env(instance: Path) -> dict[str, str]:
    instance.mkdir(parents=True, exist_ok=True)
    return {"INSTANCE_PATH": str(instance), "FLASK_QUEUE_URL": QUEUE_URL, "FLASK_APP": "wsgi.py"}


def shared_env(storage_url: str, endpoint: str) -> dict[str, str]:
    """What every process shares besides the database: storage, the ZIP round interval (the
    AWS_* credentials come from the environment the s3_endpoint fixture set)."""
    return {
        "FLASK_STORAGE_URL": storage_url,
        "FLASK_S3_ENDPOINT_URL": endpoint,
        "FLASK_REVIEW_ZIP_CHECK_SECONDS": str(ZIP_CHECK_SECONDS),
    }


def _consumer(node: Node, instance: Path) -> subprocess.Popen[bytes]:
    env = {**node.env(), **node_env(instance)}
    log = open(instance / "worker.log", "ab")  # noqa: SIM115 - the child keeps its descriptor
    with log:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "worker", "--workers", "1", "--worker-type", "thread"],
            cwd=live.ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )


@dataclass
class Cluster:
    url: str
    a: Node
    b: Node
    consumers: list[subprocess.Popen[bytes]]
    #: The consumers' instance folders (their worker.log), in the order of `consumers`.
    folders: list[Path]
    app: Flask
    engine: Engine
    endpoint: str
    bucket: str

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params))

    def object(self, key: str) -> bytes:
        """A stored object's bytes, read behind the app's back."""
        obj = s3_client(self.endpoint).get_object(Bucket=self.bucket, Key=f"{PREFIX}/{key}")
        return bytes(obj["Body"].read())

    def keys(self, under: str) -> set[str]:
        """The store's keys under `under` (without the prefix)."""
        listing = s3_client(self.endpoint).list_objects_v2(
            Bucket=self.bucket, Prefix=f"{PREFIX}/{under}"
        )
        return {item["Key"].removeprefix(f"{PREFIX}/") for item in listing.get("Contents", [])}


def _stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:  # the consumer a test killed
        pass
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str) -> Iterator[Cluster]:
    """One cluster for the module (starting four processes is the slow part)."""
    pg_url = _requirements()
    tmp_path = tmp_path_factory.mktemp("two-nodes")
    bucket = f"two-nodes-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    shared = shared_env(f"s3://{bucket}/{PREFIX}", s3_endpoint)
    _flush_queue()
    with live.pg_schema(pg_url) as url:
        app, engine = _seed(url, shared), create_engine(url)
        a, b = Node(url, tmp_path / "a", shared), Node(url, tmp_path / "b", shared)
        with live.running(a), live.running(b):
            folders = [tmp_path / "ca", tmp_path / "cb"]
            consumers = [_consumer(a, folders[0]), _consumer(b, folders[1])]
            try:
                yield Cluster(url, a, b, consumers, folders, app, engine, s3_endpoint, bucket)
            finally:
                for proc in consumers:
                    _stop(proc)
                _flush_queue()
                engine.dispose()
                with app.app_context():
                    from server.extensions import db

                    db.engine.dispose()


def _admin(base: str) -> requests.Session:
    session = requests.Session()
    session.headers["X-CSRF-Token"] = live.login(session, base, ADMIN)
    return session


def _poll(fetch, done, timeout: float = 60.0):  # noqa: ANN001, ANN202 - test helper
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def test_a_lockout_counted_on_a_holds_on_b(cluster: Cluster) -> None:
    def login(base: str, password: str) -> int:
        body = {"email": VICTIM, "password": password}
        return requests.post(base + "/api/v1/auth/login", json=body, timeout=30).status_code

    codes = [login(cluster.a.base, f"wrong-{i}") for i in range(10)]
    assert codes == [401] * 10
    assert login(cluster.b.base, live.PASSWORD) == 429  # the right password, on the other node
    assert login(cluster.a.base, "wrong-again") == 429


def test_deep_health_passes_on_both_nodes(cluster: Cluster) -> None:
    for node in (cluster.a, cluster.b):
        body = requests.get(node.base + "/healthz?deep=1", timeout=30).json()
        assert body == {
            "status": "ok",
            "checks": {"database": "ok", "queue": "ok", "storage": "ok"},
        }


def test_both_consumers_report_to_the_operations_view(cluster: Cluster) -> None:
    session = _admin(cluster.b.base)
    pids = {proc.pid for proc in cluster.consumers}

    def seen() -> set[int]:
        report = session.get(cluster.b.base + "/api/v1/admin/ops", timeout=30).json()
        assert report["queue"]["backend"] == "redis" and report["queue"]["reachable"]
        return {worker["pid"] for worker in report["workers"]}

    assert _poll(seen, lambda found: pids <= found) >= pids


def test_a_job_retried_through_a_is_run_by_a_consumer_and_seen_through_b(cluster: Cluster) -> None:
    job_id = str(uuid.uuid4())
    with cluster.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO job (id, kind, status, total, done, failures, created_at, error) "
                "VALUES (:id, 'reviews_zip', 'failed', 0, 0, '[]', now(), 'interrupted')"
            ),
            {"id": job_id},
        )
    retried = _admin(cluster.a.base).post(cluster.a.base + f"/api/v1/admin/jobs/{job_id}/retry")
    assert retried.status_code == 202, retried.text
    job = _finished_job(cluster, job_id)
    assert job["status"] == "done", job


def _finished_job(cluster: Cluster, job_id: str) -> dict[str, Any]:
    """Poll the job through B until it ends (or TIMEOUT)."""
    reader = _admin(cluster.b.base)
    return _poll(  # type: ignore[no-any-return]
        lambda: reader.get(cluster.b.base + f"/api/v1/jobs/{job_id}", timeout=30).json(),
        lambda body: body["status"] in ("done", "failed"),
        TIMEOUT,
    )


def _stored_reviews(cluster: Cluster, campaign_id: int) -> dict[int, list[str]]:
    """{employee id: recorded storage keys} of the campaign's review PDFs."""
    found: dict[int, list[str]] = {}
    for row in cluster.rows(
        "SELECT employee_id, storage_key FROM review_pdf WHERE campaign_id = :c ORDER BY id",
        c=campaign_id,
    ):
        found.setdefault(row.employee_id, []).append(row.storage_key)
    return found


def test_a_photo_uploaded_on_a_is_served_by_b_and_in_a_pdf_a_consumer_rendered(
    cluster: Cluster,
) -> None:
    a, b = cluster.a.base, cluster.b.base
    color = (20, 90, 200)
    data = image_bytes("JPEG", (800, 600), color=color)
    shopper = requests.Session()
    shopper.headers["X-CSRF-Token"] = live.login(shopper, a, SHOPPER)
    put = shopper.put(
        f"{a}/api/v1/attachments/{sha(data)}",
        data=data,
        headers={"Content-Type": "image/jpeg"},
        timeout=30,
    )
    assert put.status_code == 201, put.text
    (row,) = cluster.rows("SELECT * FROM attachment WHERE sha256 = :s", s=sha(data))
    for key, path in ((row.storage_key, ""), (row.thumb_key, "/thumb")):
        served = shopper.get(f"{b}/api/v1/attachments/{sha(data)}{path}", timeout=30)
        assert served.status_code == 200 and served.content == cluster.object(key)
    campaign_id, (employee,) = _campaign(cluster.app, 1, photo=sha(data))
    offsets = [_size(folder) for folder in cluster.folders]
    released = _admin(a).post(f"{a}/api/v1/campaigns/{campaign_id}/release", timeout=30)
    assert released.status_code == 200, released.text
    # Nobody downloads yet: the PDF appears in storage and in review_pdf by a consumer's hand.
    stored = _poll(
        lambda: _stored_reviews(cluster, campaign_id).get(employee, []),
        lambda keys: bool(keys) and set(keys) <= cluster.keys("reviews/"),
        TIMEOUT,
    )
    assert stored and set(stored) <= cluster.keys("reviews/"), stored
    logs = [_log(folder, at) for folder, at in zip(cluster.folders, offsets, strict=True)]
    assert any(f"Executing {RENDER}: " in log for log in logs)  # logged before it runs
    pdf = _admin(b).get(f"{b}/api/v1/campaigns/{campaign_id}/reviews/{employee}.pdf", timeout=60)
    assert pdf.status_code == 200, pdf.text
    assert pdf.content in [cluster.object(key) for key in stored]  # served, not rendered again
    assert _stored_reviews(cluster, campaign_id)[employee] == stored
    _assert_embeds(pdf.content, (320, 240), color)  # the thumbnail of the 800×600 photo


def _assert_embeds(pdf: bytes, size: tuple[int, int], color: tuple[int, int, int]) -> None:
    """The PDF's one distinct image is `size` and of the photo's colour."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    images = {img.data: img.image for page in pages for img in page.images if img.image}
    assert [image.size for image in images.values()] == [size]
    (image,) = images.values()
    pixel = image.convert("RGB").getpixel((size[0] // 2, size[1] // 2))
    assert all(abs(got - want) <= 8 for got, want in zip(pixel, color, strict=True)), pixel


def _size(folder: Path) -> int:
    return (folder / "worker.log").stat().st_size


def _log(folder: Path, offset: int = 0) -> str:
    with open(folder / "worker.log", "rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", "replace")


def _zip_from_b(cluster: Cluster, job_id: str) -> zipfile.ZipFile:
    body = _admin(cluster.b.base).get(f"{cluster.b.base}/api/v1/jobs/{job_id}/download", timeout=60)
    assert body.status_code == 200 and body.headers["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(body.content))


def _start_zip(cluster: Cluster, campaign_id: int) -> str:
    started = _admin(cluster.a.base).post(
        f"{cluster.a.base}/api/v1/campaigns/{campaign_id}/reviews.zip", timeout=30
    )
    assert started.status_code == 202, started.text
    return str(started.json()["job_id"])


def _assert_one_pdf_each(archive: zipfile.ZipFile, campaign_id: int, employees: int) -> None:
    names = sorted(archive.namelist())
    idents = sorted(f"review-{campaign_id}-TN{campaign_id}-{n}-" for n in range(employees))
    assert len(names) == employees, names
    assert all(name.startswith(ident) for name, ident in zip(names, idents, strict=True)), names
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


def test_a_zip_started_on_a_downloads_from_b(cluster: Cluster) -> None:
    campaign_id, _ = _campaign(cluster.app, 3)
    job_id = _start_zip(cluster, campaign_id)
    job = _finished_job(cluster, job_id)
    assert job["status"] == "done" and job["failures"] == [], job
    _assert_one_pdf_each(_zip_from_b(cluster, job_id), campaign_id, 3)


def _left_by_a_killed_consumer(
    cluster: Cluster, campaign_id: int, employee_id: int
) -> tuple[str, bytes]:
    """What a consumer SIGKILLed between `store.put` and recording the row leaves: the
    review's PDF (HR's, as a ZIP plans it) in storage and no review_pdf row; returns its key
    and bytes."""
    from server import storage
    from server.extensions import db
    from server.services.reviews import stored

    with cluster.app.app_context():
        store = storage.for_app(cluster.app)
        prepared = stored.prepare(db.session, store, campaign_id, employee_id, "hr")
        db.session.remove()
        pdf = stored.render_pdf(prepared) + b"\n%left by a killed consumer\n"
        store.put(prepared.key, pdf)
    return prepared.key, pdf


def test_a_pdf_stored_by_a_consumer_killed_before_recording_it_gets_recorded(
    cluster: Cluster,
) -> None:
    campaign_id, (employee,) = _campaign(cluster.app, 1)
    key, pdf = _left_by_a_killed_consumer(cluster, campaign_id, employee)
    job_id = _start_zip(cluster, campaign_id)
    job = _finished_job(cluster, job_id)
    assert job["status"] == "done" and job["failures"] == [], job
    archive = _zip_from_b(cluster, job_id)
    assert [archive.read(name) for name in archive.namelist()] == [pdf]  # taken from storage
    assert _stored_reviews(cluster, campaign_id) == {employee: [key]}


def _running_render(folder: Path, offset: int) -> set[str]:
    """The render tasks the consumer started (since `offset` of its log) and has not ended."""
    log = _log(folder, offset)
    started = set(re.findall(rf"Executing {RENDER}: (\S+)", log))
    ended = set(re.findall(rf"{RENDER}: (\S+) .*executed in", log))
    return started - ended


def _unrecorded(cluster: Cluster) -> set[str]:
    """Stored review PDFs without their review_pdf row."""
    recorded = {r.storage_key for r in cluster.rows("SELECT storage_key FROM review_pdf")}
    return cluster.keys("reviews/") - recorded


def _kill_mid_render(cluster: Cluster, offset: int, before: set[str]) -> set[str]:
    """SIGKILL consumer 1 while it renders and return the render tasks it died holding.

    It is frozen first (SIGSTOP), then checked: a render that ended in between, or one
    frozen after storing its PDF and before recording it (a PDF not in `before` and without
    its row: a window the product does not cover, see the test above), lets it go on until
    its next render."""
    proc, folder = cluster.consumers[0], cluster.folders[0]
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if _running_render(folder, offset):
            os.killpg(proc.pid, signal.SIGSTOP)
            held = _running_render(folder, offset)  # final: the process is frozen
            if held and not _unrecorded(cluster) - before:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return held
            os.killpg(proc.pid, signal.SIGCONT)
        time.sleep(0.02)
    raise AssertionError(f"consumer 1 did not render within {TIMEOUT} s")


def test_a_consumer_killed_mid_batch_the_other_finishes_every_pdf_once(cluster: Cluster) -> None:
    employees = 8
    campaign_id, ids = _campaign(cluster.app, employees)
    victim, folder = cluster.consumers[0], cluster.folders[0]
    offset, before = _size(folder), cluster.keys("reviews/")
    try:
        job_id = _start_zip(cluster, campaign_id)
        held = _kill_mid_render(cluster, offset, before)
        assert len(held) == 1 and len(_stored_reviews(cluster, campaign_id)) < employees
        job = _finished_job(cluster, job_id)
        assert job["status"] == "done" and job["failures"] == [], job
        archive = _zip_from_b(cluster, job_id)
        _assert_one_pdf_each(archive, campaign_id, employees)
        stored = _stored_reviews(cluster, campaign_id)
        assert sorted(stored) == sorted(ids) and all(len(k) == 1 for k in stored.values())
        # The batch's objects in storage are exactly its rows: none unrecorded, none missing.
        assert cluster.keys("reviews/") - before == {keys[0] for keys in stored.values()}
        entries = {archive.read(name) for name in archive.namelist()}
        assert entries == {cluster.object(keys[0]) for keys in stored.values()}
    finally:  # a fresh consumer takes the dead one's place for the rest of the module
        if victim.poll() is not None:
            cluster.consumers[0] = _consumer(cluster.a, folder)
