#!/usr/bin/env python3
"""`make run`: the web server and one task-queue consumer, started and stopped together.

    python scripts/run.py [--host 127.0.0.1] [--port 5000] [--workers 2]

Starts `flask run` and `flask worker` as child processes (each in its own process group, so
a Ctrl-C in the terminal reaches only this launcher, which then stops both in order). On
SIGINT/SIGTERM both children get SIGINT (the consumer finishes its running task), then
SIGTERM after `GRACE` seconds, then SIGKILL. When one child exits on its own the other is
stopped too and the launcher exits non-zero: a web server without its consumer (or the
reverse) is not a running product. Standard library only (runs on a fresh machine).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE = 10.0


def commands(args: argparse.Namespace) -> dict[str, list[str]]:
    flask = [sys.executable, "-m", "flask"]
    return {
        "web": [*flask, "run", "--host", args.host, "--port", str(args.port)],
        "worker": [*flask, "worker", "--workers", str(args.workers)],
    }


def start(cmds: dict[str, list[str]]) -> dict[str, subprocess.Popen[bytes]]:
    env = {**os.environ, "FLASK_APP": os.environ.get("FLASK_APP", "wsgi.py")}
    return {
        name: subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
        for name, cmd in cmds.items()
    }


def _signal_all(children: dict[str, subprocess.Popen[bytes]], sig: int) -> None:
    # The whole group, even when its leader is gone: a consumer killed with SIGKILL leaves
    # its pool processes behind in its group, orphans with no one to stop them gracefully,
    # so they get SIGKILL at once.
    for child in children.values():
        try:
            os.killpg(child.pid, signal.SIGKILL if child.poll() is not None else sig)
        except ProcessLookupError:
            pass


def _group_alive(child: subprocess.Popen[bytes]) -> bool:
    try:
        os.killpg(child.pid, 0)
    except ProcessLookupError:
        return child.poll() is None
    return True


def stop(children: dict[str, subprocess.Popen[bytes]]) -> None:
    """SIGINT, then SIGTERM after GRACE seconds, then SIGKILL; returns once all are gone."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        _signal_all(children, sig)
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline and any(map(_group_alive, children.values())):
            time.sleep(0.1)
            for child in children.values():
                child.poll()  # reap
        if not any(map(_group_alive, children.values())):
            return


def supervise(children: dict[str, subprocess.Popen[bytes]]) -> int:
    """Wait until a signal arrives (exit 0) or a child exits by itself (exit 1)."""
    stopping: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stopping:
        dead = [name for name, c in children.items() if c.poll() is not None]
        if dead:
            print(f"run.py: {', '.join(dead)} exited; stopping the rest", file=sys.stderr)
            stop(children)
            return 1
        time.sleep(0.2)
    stop(children)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="tasks the consumer runs at once")
    args = parser.parse_args(argv)
    children = start(commands(args))
    try:
        return supervise(children)
    finally:
        stop(children)


if __name__ == "__main__":
    sys.exit(main())
