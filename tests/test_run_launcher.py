"""`make run`'s launcher (issue 13 §1): one command starts the web server and a consumer,
Ctrl-C stops both, and when one dies the other is stopped and the exit code says so."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
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


@pytest.fixture
def launcher(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "DATABASE_"))}
    env.update(INSTANCE_PATH=str(tmp_path / "instance"), FLASK_APP="wsgi.py")
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
