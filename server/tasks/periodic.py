"""Periodic actions that run once per time slot, however many schedulers enqueue them.

Every consumer started with `--periodic` (the default) runs Huey's scheduler, so with two
consumers each periodic task is enqueued twice per slot, and a retried task runs again.
`every(minutes)` makes that harmless: before acting, the task claims its slot (the scheduled
time floored to `minutes`, UTC, e.g. "2026-12-04T21:15") by inserting a `periodic_run` row
whose (task, slot) is unique. The insert commits before the action starts; a second claim of
the same slot fails on the constraint and that run does nothing. The row then records when
the action finished and what it did (its summary: counts by kind, or {"error": …}), which is what
`flask ops status` and the admin operations screen show as "last run".

A failed action keeps its slot (no retry storm); the next slot runs it again.

Also here: the consumer heartbeat (`worker_heartbeat`), written by each worker when it
starts and then every HEARTBEAT_SECONDS from a daemon thread.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from huey import crontab
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import PeriodicRun, WorkerHeartbeat
from server.models.base import utcnow
from server.tasks import _bound, huey, periodic_task

log = logging.getLogger(__name__)

#: A consumer worker writes its heartbeat this often; "seen" means within a minute.
HEARTBEAT_SECONDS = 20

#: An action returns its summary: how many of each kind of thing it handled.
Action = Callable[[Session, datetime], dict[str, int]]


def slot_of(now: datetime, minutes: int) -> str:
    """The time bucket `now` falls in, for an action that runs every `minutes` (UTC)."""
    total = now.hour * 60 + now.minute
    start = total - total % minutes
    return f"{now:%Y-%m-%d}T{start // 60:02d}:{start % 60:02d}"


def claim(session: Session, task: str, slot: str, now: datetime) -> PeriodicRun | None:
    """Take the slot (committed), or None when another run already took it."""
    run = PeriodicRun(task=task, slot=slot, started_at=now)
    session.add(run)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return run


def run_once(
    session: Session, task: str, minutes: int, action: Action, now: datetime | None = None
) -> PeriodicRun | None:
    """Run `action` for the slot of `now` (the current time by default) unless it already
    ran; record what it did."""
    now = now or utcnow()
    run = claim(session, task, slot_of(now, minutes), now)
    if run is None:
        log.info("periodic %s: slot already taken, nothing to do", task)
        return None
    try:
        run.outcome = action(session, now)
    except Exception as exc:
        session.rollback()
        run.outcome = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        log.exception("periodic %s failed", task)
    run.finished_at = utcnow()
    session.commit()
    return run


#: Periodic actions by name (for `flask ops status` and tests).
REGISTRY: dict[str, Any] = {}
#: The plain actions and their periods by name (for `flask scheduler tick --at TIME`).
ACTIONS: dict[str, tuple[int, Action]] = {}


def every(minutes: int, name: str | None = None) -> Callable[[Action], Any]:
    """Declare `action(session, now) -> summary` as a periodic task run every `minutes`."""
    if not 1 <= minutes <= 60 or 60 % minutes:
        raise ValueError("minutes must divide an hour")

    def decorate(action: Action) -> Any:
        task_name = name or action.__name__

        @functools.wraps(action)
        def run() -> None:
            from server.extensions import db

            run_once(db.session, task_name, minutes, action)

        ACTIONS[task_name] = (minutes, action)
        REGISTRY[task_name] = periodic_task(crontab(minute=f"*/{minutes}"), name=task_name)(run)
        return REGISTRY[task_name]

    return decorate


def tick(session: Session, at: datetime, names: list[str] | None = None) -> dict[str, Any]:
    """Run every periodic action (or those in `names`) as its scheduler would at `at`,
    each once per slot as always; returns each action's summary, or None when its slot
    had already run. The demo and tests advance time with it (`flask scheduler tick`)."""
    done: dict[str, Any] = {}
    for name, (minutes, action) in sorted(ACTIONS.items()):
        if names is None or name in names:
            run = run_once(session, name, minutes, action, now=at)
            done[name] = run.outcome if run is not None else None
    return done


def beat(session: Session, name: str, now: datetime | None = None) -> None:
    """Record that worker `name` is alive (insert on first beat)."""
    now = now or utcnow()
    touched = session.execute(
        update(WorkerHeartbeat).where(WorkerHeartbeat.name == name).values(seen_at=now)
    )
    if not touched.rowcount:  # type: ignore[attr-defined]
        host, _, rest = name.partition(":")
        pid = int(rest.split("/", 1)[0])
        session.add(WorkerHeartbeat(name=name, host=host, pid=pid, started_at=now, seen_at=now))
    session.commit()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}/{threading.current_thread().name}"


def seen_since(session: Session, since: datetime) -> list[WorkerHeartbeat]:
    stmt = select(WorkerHeartbeat).where(WorkerHeartbeat.seen_at >= since)
    return list(session.scalars(stmt.order_by(WorkerHeartbeat.name)))


def _heartbeat_loop(name: str, stop: threading.Event) -> None:
    from server.extensions import db

    while not stop.is_set():
        try:
            with _bound["app"].app_context():
                beat(db.session, name)
                db.session.remove()
        except Exception:  # noqa: BLE001 - a missed beat must not stop the worker
            log.warning("heartbeat %s failed", name, exc_info=True)
        stop.wait(HEARTBEAT_SECONDS)


@huey.on_startup()
def _start_heartbeat() -> None:
    """Each consumer worker beats from a daemon thread (it ends with the worker)."""
    if "app" in _bound:
        name = worker_name()
        threading.Thread(
            target=_heartbeat_loop, args=(name, threading.Event()), daemon=True
        ).start()
