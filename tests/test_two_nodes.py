"""Issue 13, Proof: two app servers and two consumers on one PostgreSQL and one Redis.

Two gunicorn app servers (A, B), each with its own instance folder, and two `flask worker`
consumers, all on one PostgreSQL schema (TEST_DATABASE_URL) and one Redis queue
(QUEUE_URL on Redis db 5; the queue's keys are deleted before and after). Shown here: a
lockout counted on A holds on B, the deep health check passes on both, both consumers
report in to the operations view, and a job retried through A is run by a consumer and
seen as done through B. (Photos, PDFs and ZIPs across nodes join once shared storage and
the PDF tasks are merged.) Skipped, with the reason, without PostgreSQL or Redis.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests import live_server as live

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
QUEUE_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/5"
ADMIN, VICTIM = "admin@two-nodes.test", "victim@two-nodes.test"


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


def _seed(url: str, tmp_path: Path) -> None:
    from flask_migrate import upgrade

    from server import create_app
    from server.extensions import db
    from server.services.org import accounts

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 256}
    )
    with app.app_context():
        upgrade()
        for email, role in ((ADMIN, "admin"), (VICTIM, "employee")):
            accounts.create_user(
                db.session, email=email, name=email, role=role, password=live.PASSWORD
            )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


class Node(live.Gunicorn):
    """An app server with its own instance folder on the shared queue."""

    def __init__(self, url: str, instance: Path) -> None:
        instance.mkdir(parents=True, exist_ok=True)
        super().__init__(url, instance / "attachments", workers=1, log_path=instance / "app.log")
        self.instance = instance

    def env(self) -> dict[str, str]:
        return {**super().env(), **node_env(self.instance)}


def node_env(instance: Path) -> dict[str, str]:
    instance.mkdir(parents=True, exist_ok=True)
    return {"INSTANCE_PATH": str(instance), "FLASK_QUEUE_URL": QUEUE_URL, "FLASK_APP": "wsgi.py"}


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


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One cluster for the module (starting four processes is the slow part)."""
    pg_url = _requirements()
    tmp_path = tmp_path_factory.mktemp("two-nodes")
    _flush_queue()
    with live.pg_schema(pg_url) as url:
        _seed(url, tmp_path)
        a, b = Node(url, tmp_path / "a"), Node(url, tmp_path / "b")
        with live.running(a), live.running(b):
            consumers = [_consumer(a, tmp_path / "ca"), _consumer(b, tmp_path / "cb")]
            try:
                yield Cluster(url, a, b, consumers)
            finally:
                for proc in consumers:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=30)
                _flush_queue()


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
    from sqlalchemy import create_engine, text

    job_id = str(uuid.uuid4())
    engine = create_engine(cluster.url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO job (id, kind, status, total, done, failures, created_at, error) "
                "VALUES (:id, 'reviews_zip', 'failed', 0, 0, '[]', now(), 'interrupted')"
            ),
            {"id": job_id},
        )
    engine.dispose()
    retried = _admin(cluster.a.base).post(cluster.a.base + f"/api/v1/admin/jobs/{job_id}/retry")
    assert retried.status_code == 202, retried.text
    reader = _admin(cluster.b.base)
    job = _poll(
        lambda: reader.get(cluster.b.base + f"/api/v1/jobs/{job_id}", timeout=30).json(),
        lambda body: body["status"] in ("done", "failed"),
    )
    assert job["status"] == "done", job
