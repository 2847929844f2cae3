"""The task queue (Huey): one queue object, configured per app from `QUEUE_URL`.

`QUEUE_URL` picks the storage:
- `sqlite:///path/queue.db` (default: `instance/queue.db`): SqliteHuey, durable, one machine;
- `redis://host:6379/N`: RedisHuey, any number of consumers on any number of machines;
- `memory://`: in-process only (tests).
With `QUEUE_IMMEDIATE = True` (tests) a task runs at once in the caller's process.

Tasks are declared with `task()` / `periodic_task()` below, never with `huey.task` directly:
each call runs in its own application context (its own database session), so a task behaves
the same in a consumer process, in immediate mode inside a request, and in a test.
`flask worker` (server/cli/worker.py) runs a consumer.

Public surface: `huey`, `task`, `periodic_task`, `init_app`, `app_for_tasks`.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, PriorityRedisStorage, SqliteStorage

__all__ = ["app_for_tasks", "huey", "init_app", "periodic_task", "task"]

F = TypeVar("F", bound=Callable[..., Any])

#: The one queue. Its storage is replaced by `init_app` from the app's QUEUE_URL.
huey = Huey("service-eval", storage_class=MemoryStorage, utc=True)

_bound: dict[str, Flask] = {}

#: Modules that declare tasks; imported by `init_app`, so a consumer knows every task.
TASK_MODULES: list[str] = [
    "server.tasks.periodic",
    "server.tasks.housekeeping",
    "server.tasks.jobs",
    "server.tasks.mail",
    "server.tasks.reviews",
    "server.tasks.exports",
    "server.tasks.notifications",
    "server.tasks.visit_timers",
    "server.tasks.escalation",
    "server.tasks.cycles",
    "server.tasks.stars",
    "server.tasks.webhooks",
    "server.tasks.retention",
    "server.tasks.privacy",
]


def storage_for(url: str, name: str = "service-eval") -> Any:
    """Build the Huey storage that `url` names (sqlite://, redis://, memory://)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(parsed.path[1:] if url.startswith("sqlite:///") else parsed.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage(name, filename=str(path))
    if parsed.scheme in ("redis", "rediss"):
        return PriorityRedisStorage(name, url=url)  # priorities: ZIP rounds before renders
    if parsed.scheme == "memory":
        return MemoryStorage(name)
    raise ValueError(f"QUEUE_URL: unsupported scheme {parsed.scheme!r} (sqlite, redis, memory)")


def init_app(app: Flask) -> None:
    """Point the queue at the app's QUEUE_URL and remember the app for task contexts."""
    url = app.config.get("QUEUE_URL") or f"sqlite:///{app.instance_path}/queue.db"
    app.config["QUEUE_URL"] = url
    immediate = bool(app.config.get("QUEUE_IMMEDIATE"))
    huey.immediate_use_memory = False
    huey._immediate = immediate  # noqa: SLF001 - the setter would rebuild the storage
    huey.storage = storage_for(url, huey.name)
    _bound["app"] = app
    for name in TASK_MODULES:
        importlib.import_module(name)


@huey.on_startup()
def _fresh_connections() -> None:
    """A consumer's worker process or thread starts with no pooled connection inherited
    from its parent (a forked socket shared by two processes corrupts both)."""
    if "app" in _bound:
        from server.extensions import db

        with _bound["app"].app_context():
            db.engine.dispose(close=False)


def app_for_tasks() -> Flask:
    """The app a task runs under: the current one, else the one `init_app` saw last."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    if "app" not in _bound:
        raise RuntimeError("no app: create_app() configures the queue (flask worker does)")
    return _bound["app"]


def _in_app_context(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from server.extensions import db

        app = app_for_tasks()
        with app.app_context():
            try:
                return fn(*args, **kwargs)
            finally:
                db.session.remove()

    return wrapper  # type: ignore[return-value]


def task(**options: Any) -> Callable[[F], Any]:
    """Declare a queued task (Huey options: retries, retry_delay, priority, context…)."""

    def decorate(fn: F) -> Any:
        return huey.task(**options)(_in_app_context(fn))

    return decorate


def periodic_task(validate_datetime: Callable[..., bool], **options: Any) -> Callable[[F], Any]:
    """Declare a periodic task (Huey's crontab); the consumer that runs the schedule
    enqueues it. Each periodic action must itself record what it did, so a second run of
    the same slot does nothing twice."""

    def decorate(fn: F) -> Any:
        return huey.periodic_task(validate_datetime, **options)(_in_app_context(fn))

    return decorate
