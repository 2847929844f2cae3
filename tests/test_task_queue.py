"""Issue 13 §1: the task queue's storage, chosen by QUEUE_URL (sqlite, redis, memory).

Every backend must take what the product's tasks ask of it: priorities (a ZIP round runs
before the renders it queued) and delays (the next round, retries with backoff). A backend
that cannot (Huey's plain RedisStorage refuses priorities) breaks the product only on the
machines that use it, so each scheme is exercised here with a real store.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import redis
from huey import Huey
from huey.storage import MemoryStorage

from server.tasks import storage_for

REDIS_URL = "redis://127.0.0.1:6379/7"


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379: the Redis queue test is skipped")


@pytest.fixture(params=["sqlite", "redis", "memory"])
def queue(request: pytest.FixtureRequest, tmp_path: Path) -> Huey:
    name = f"test-{uuid.uuid4().hex[:8]}"
    if request.param == "redis":
        _redis_or_skip()
        url = REDIS_URL
    elif request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/queue.db"
    else:
        url = "memory://"
    # Built on memory, then given the storage under test: Huey opens its storage class with
    # default arguments, and SqliteStorage's default is ./huey.db (a file left in the tree).
    huey = Huey(name, storage_class=MemoryStorage)
    huey.storage = storage_for(url, name)
    yield huey
    huey.storage.flush_all()


def test_higher_priority_runs_first_on_every_backend(queue: Huey) -> None:
    ran: list[str] = []

    @queue.task()
    def work(label: str) -> None:
        ran.append(label)

    queue.enqueue(work.s("render-1", priority=0))
    queue.enqueue(work.s("zip-round", priority=10))
    queue.enqueue(work.s("render-2", priority=0))
    while (task := queue.dequeue()) is not None:
        queue.execute(task)
    assert ran[0] == "zip-round"
    assert sorted(ran) == ["render-1", "render-2", "zip-round"]


def test_a_delayed_task_waits_in_the_schedule(queue: Huey) -> None:
    @queue.task()
    def later() -> None:  # pragma: no cover - never due in this test
        raise AssertionError("ran too early")

    later.schedule(delay=3600)
    task = queue.dequeue()  # a consumer takes it, sees it is not due and parks it
    assert task is not None and not queue.ready_to_run(task)
    queue.add_schedule(task)
    assert queue.scheduled_count() == 1
    assert queue.read_schedule() == []  # not due yet
    assert queue.dequeue() is None


def test_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="QUEUE_URL"):
        storage_for("amqp://127.0.0.1:5672/")
