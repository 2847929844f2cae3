"""Issue 17 §2 webhooks, exactly once per (endpoint, event key) under concurrency, on SQLite
and on PostgreSQL (TEST_DATABASE_URL): two consumers holding the same deliveries send each
once; two transactions recording the same event at once leave one event, one delivery and
one request at the receiver."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import WebhookAttempt, WebhookDelivery, WebhookEvent
from server.services.webhooks import EVENT_TYPES, delivery, emit, endpoints
from server.services.webhooks.kinds import PENDING_INFO
from tests.webhook_receiver import Receiver, serve


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request: pytest.FixtureRequest) -> Flask:
    name = "app" if request.param == "sqlite" else "pg_app"
    return request.getfixturevalue(name)


def race(app: Flask, work: Callable[[int], Any], n: int = 2) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = []

    def run(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(work(i))
            except Exception as exc:  # noqa: BLE001 - reported below
                results.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not [r for r in results if isinstance(r, Exception)], results
    return results


def _endpoint(url: str) -> None:
    endpoints.create(db.session, None, {"url": url, "events": list(EVENT_TYPES)}, True)
    db.session.commit()


def test_two_consumers_send_each_delivery_once(any_app: Flask, receiver: Receiver) -> None:
    with any_app.app_context():
        _endpoint(receiver.url)
        for i in range(5):
            emit.record(db.session, "campaign.released", f"campaign.released:{i}:r", {"i": i})
        db.session.info.pop(PENDING_INFO)  # not queued: the two consumers below take them
        db.session.commit()
        ids = list(db.session.scalars(select(WebhookDelivery.id)))
        db.session.remove()

    race(any_app, lambda _: [delivery.deliver(db.session, i, True) for i in ids])

    assert len(receiver.requests) == 5
    with any_app.app_context():
        statuses = db.session.scalars(select(WebhookDelivery.status)).all()
        assert statuses == ["delivered"] * 5
        assert db.session.scalar(select(func.count()).select_from(WebhookAttempt)) == 5
        db.session.remove()


def test_the_same_event_recorded_at_once_is_delivered_once(
    any_app: Flask, receiver: Receiver
) -> None:
    with any_app.app_context():
        _endpoint(receiver.url)
        db.session.remove()

    def record(_: int) -> int:
        made = emit.record(db.session, "visit.approved", "visit.approved:abc", {"visit_id": "abc"})
        db.session.commit()  # queued after commit; the test queue delivers at once
        return made

    made = race(any_app, record)
    assert sorted(made) == [0, 1]
    assert len(receiver.requests) == 1
    with any_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1
        db.session.remove()
