"""`make run`'s launcher (issue 13 §1): one command starts the web server and a consumer,
Ctrl-C stops both, and when one dies the other is stopped and the exit code says so."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children_of(pid: int) -> set[int]:
    """Every live descendant of `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_healthy(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the launcher exited early"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as res:
                if res.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the web server never answered /healthz")


def _env(tmp_path: Path) -> dict[str, str]:
    """The default embedded configuration (SQLite, SqliteHuey, files) in a tmp instance."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "DATABASE_"))}
    env.update(INSTANCE_PATH=str(tmp_path / "instance"), FLASK_APP="wsgi.py")
    return env


@pytest.fixture
def launcher(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = _free_port()
    env = _env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "scripts/run.py", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_healthy(port, proc)
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _wait_for_both(proc: subprocess.Popen[bytes]) -> set[int]:
    """The launcher's descendants once the worker is up too (web + consumer + its pool)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        family = _children_of(proc.pid)
        cmdlines = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in family if _alive(pid)]
        if any(b"worker" in line for line in cmdlines) and any(b"run" in c for c in cmdlines):
            return family
        time.sleep(0.2)
    raise AssertionError("the consumer did not start")


def test_ctrl_c_stops_web_server_and_consumer(launcher):
    proc, port = launcher
    family = _wait_for_both(proc)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=40) == 0
    family |= _children_of(proc.pid)
    assert not [pid for pid in family if _alive(pid)], "orphans left behind"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_when_the_consumer_dies_the_web_server_is_stopped_and_exit_is_nonzero(launcher):
    proc, _port = launcher
    family = _wait_for_both(proc)
    direct = [pid for pid in family if Path(f"/proc/{pid}/stat").exists()]
    worker = next(
        pid
        for pid in direct
        if b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
        and int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) == proc.pid
    )
    os.kill(worker, signal.SIGKILL)
    assert proc.wait(timeout=40) == 1
    assert not [pid for pid in family if _alive(pid)], "orphans left behind"


@pytest.fixture
def admin_instance(tmp_path: Path) -> str:
    """The schema and an admin account in the instance the launcher will use."""
    flask = [sys.executable, "-m", "flask"]
    env = {**_env(tmp_path), "FLASK_ARGON2_TIME_COST": "1", "FLASK_ARGON2_MEMORY_COST": "256"}
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    create = ["users", "create", "--email", "ops@example.test", "--name", "Ops", "--role", "admin"]
    subprocess.run(
        [*flask, *create, "--password-stdin"],
        cwd=ROOT,
        env=env,
        input=b"launcher-password\n",
        check=True,
        capture_output=True,
    )
    return str(tmp_path / "instance" / "app.db")


def test_the_web_server_queues_and_the_consumer_runs(admin_instance, launcher):
    """make run's path end to end on the embedded defaults: a job retried through the web
    server goes into the SQLite queue and the launcher's consumer runs it to `done`."""
    import requests

    proc, port = launcher
    _wait_for_both(proc)
    job_id = str(uuid.uuid4())
    with sqlite3.connect(admin_instance) as conn:
        conn.execute(
            "INSERT INTO job (id, kind, status, total, done, failures, created_at, error) "
            "VALUES (?, 'reviews_zip', 'failed', 0, 0, '[]', '2026-12-04 22:00:00.000000', "
            "'interrupted')",
            (job_id,),
        )
    base = f"http://127.0.0.1:{port}"
    web = requests.Session()
    login = web.post(
        base + "/api/v1/auth/login",
        json={"email": "ops@example.test", "password": "launcher-password"},
        timeout=30,
    )
    web.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    assert web.post(f"{base}/api/v1/admin/jobs/{job_id}/retry", timeout=30).status_code == 202
    deadline = time.monotonic() + 60
    while (status := web.get(f"{base}/api/v1/jobs/{job_id}", timeout=30).json()["status"]) in (
        "queued",
        "running",
    ) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert status == "done"
    deep = web.get(base + "/healthz?deep=1", timeout=30).json()
    assert deep["checks"] == {"database": "ok", "queue": "ok", "storage": "ok"}
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=40) == 0
