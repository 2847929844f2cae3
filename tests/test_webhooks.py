"""Issue 17 §2 webhooks: delivery to a real local receiver, the signature as a receiver
checks it, the outbox (rolled back: nothing; recorded twice: once), retries with backoff,
disabling after repeated failures (time-machine, no sleeps), and the anonymity of payloads."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import func, select

from server.extensions import db
from server.models import (
    Notification,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from server.services.campaigns import campaigns
from server.services.notifications.texts import render
from server.services.webhooks import EVENT_TYPES, delivery, emit, endpoints, signing
from server.services.webhooks.kinds import PENDING_INFO
from server.tasks.periodic import tick
from tests.factories import add_submission, campaign_and_form, make_user
from tests.sample_forms import good_answers
from tests.webhook_receiver import Receiver, serve

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve()


def make_endpoint(url: str, events: tuple[str, ...] = EVENT_TYPES) -> tuple[int, str]:
    endpoint, secret = endpoints.create(
        db.session, None, {"url": url, "events": list(events)}, allow_local_http=True
    )
    db.session.commit()
    return endpoint.id, secret


def receiver_verifies(secret: str, request: dict[str, Any], now: float) -> bool:
    """What a receiver does, written without the product's code."""
    headers = {k.lower(): v for k, v in request["headers"].items()}
    stamp = headers["x-webhook-timestamp"]
    expected = hmac.new(
        secret.encode(), stamp.encode() + b"." + request["body"], hashlib.sha256
    ).hexdigest()
    given = headers["x-webhook-signature"].removeprefix("v1=")
    return hmac.compare_digest(expected, given) and abs(now - int(stamp)) <= 300


def released_campaign(receiver_url: str, events: tuple[str, ...] = EVENT_TYPES) -> Any:
    campaign, version = campaign_and_form(status="closed")
    employee, peer = make_user(), make_user()
    add_submission(campaign, version, employee.id, "peer", good_answers(), rater_id=peer.id)
    db.session.commit()
    return campaign, employee, peer


def test_delivered_to_a_real_receiver_and_the_signature_verifies(receiver: Receiver) -> None:
    endpoint_id, secret = make_endpoint(receiver.url)
    campaign, employee, peer = released_campaign(receiver.url)
    campaigns.release_campaign(db.session, None, campaign)
    assert receiver.requests == []  # nothing before the commit
    db.session.commit()  # queued after commit; the test queue runs it at once
    assert len(receiver.requests) == 2
    kinds = {}
    for request in receiver.requests:
        assert receiver_verifies(secret, request, time.time())
        assert signing.verify(
            secret,
            request["body"],
            request["headers"]["X-Webhook-Timestamp"],
            request["headers"]["X-Webhook-Signature"],
            time.time(),
        )
        document = json.loads(request["body"])
        assert request["headers"]["X-Webhook-Event"] == document["type"]
        assert request["headers"]["X-Webhook-Id"] == document["id"]
        kinds[document["type"]] = document["data"]
    released_at = db.session.get(type(campaign), campaign.id).released_at.isoformat()
    assert kinds["campaign.released"] == {
        "campaign_id": campaign.id,
        "kind": "360",
        "released_at": released_at,
    }
    assert kinds["review.released"] == {
        "campaign_id": campaign.id,
        "employee_id": employee.id,
        "released_at": released_at,
    }
    rows = db.session.scalars(select(WebhookDelivery)).all()
    assert {r.status for r in rows} == {"delivered"} and {r.endpoint_id for r in rows} == {
        endpoint_id
    }
    attempts = db.session.scalars(select(WebhookAttempt)).all()
    assert [(a.number, a.status_code, a.error) for a in attempts] == [(1, 200, None)] * 2
    assert all(a.duration_ms >= 0 for a in attempts)


def test_a_receiver_refuses_a_changed_body_a_wrong_secret_or_an_old_timestamp() -> None:
    raw = signing.body("k", "campaign.released", "2026-01-01T00:00:00+00:00", {"campaign_id": 1})
    stamp = 1_800_000_000
    header = signing.headers("s3cret", stamp, raw, "campaign.released", "k")
    sig = header[signing.SIGNATURE_HEADER]
    assert signing.verify("s3cret", raw, str(stamp), sig, stamp + 10)
    assert not signing.verify("s3cret", raw + b" ", str(stamp), sig, stamp + 10)
    assert not signing.verify("other", raw, str(stamp), sig, stamp + 10)
    assert not signing.verify("s3cret", raw, str(stamp), sig, stamp + signing.TOLERANCE + 1)
    assert not signing.verify("s3cret", raw, "not-a-number", sig, stamp)


def test_a_rolled_back_change_never_emits(receiver: Receiver) -> None:
    make_endpoint(receiver.url)
    campaign, _, _ = released_campaign(receiver.url)
    campaigns.release_campaign(db.session, None, campaign)
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 2
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    assert PENDING_INFO not in db.session.info
    db.session.commit()
    assert receiver.requests == []


def test_an_event_recorded_twice_is_delivered_once(receiver: Receiver) -> None:
    make_endpoint(receiver.url)
    for _ in range(2):
        emit.record(db.session, "campaign.released", "campaign.released:1:x", {"campaign_id": 1})
        db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1
    assert len(receiver.requests) == 1
    assert delivery.due(db.session, datetime.now(UTC) + timedelta(days=1)) == []


def test_no_endpoint_no_event_and_unsubscribed_events_are_not_sent(receiver: Receiver) -> None:
    emit.record(db.session, "visit.approved", "visit.approved:x", {"visit_id": "x"})
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    make_endpoint(receiver.url, events=("campaign.released",))
    emit.record(db.session, "visit.approved", "visit.approved:y", {"visit_id": "y"})
    db.session.commit()
    assert receiver.requests == []


def _failing_delivery(receiver: Receiver, answers: list[int]) -> int:
    receiver.answers.extend(answers)
    make_endpoint(receiver.url)
    emit.record(db.session, "campaign.released", "campaign.released:9:t", {"campaign_id": 9})
    db.session.commit()  # the first attempt runs now
    return db.session.scalars(select(WebhookDelivery.id)).one()


def test_retries_with_exponential_backoff_then_gives_up(receiver: Receiver) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        delivery_id = _failing_delivery(receiver, [500] * 10)
        expected_waits = [1, 2, 4, 8, 16]  # minutes after attempts 1..5
        for number, wait in enumerate(expected_waits, start=1):
            row = db.session.get(WebhookDelivery, delivery_id)
            db.session.refresh(row)
            assert row.status == "pending" and row.attempts == number
            assert row.next_attempt_at == datetime.now(UTC) + timedelta(minutes=wait)
            clock.shift(timedelta(minutes=wait) - timedelta(seconds=1))
            assert delivery.deliver(db.session, delivery_id, True) == "pending"  # not yet due
            assert len(receiver.requests) == number
            clock.shift(timedelta(seconds=1))
            delivery.deliver(db.session, delivery_id, True)
        row = db.session.get(WebhookDelivery, delivery_id)
        db.session.refresh(row)
        assert row.status == "failed" and row.attempts == delivery.MAX_ATTEMPTS
        assert len(receiver.requests) == delivery.MAX_ATTEMPTS
        attempts = db.session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id)).all()
        assert [a.number for a in attempts] == list(range(1, delivery.MAX_ATTEMPTS + 1))
        assert {a.status_code for a in attempts} == {500}
        assert all(a.error == "HTTP 500" for a in attempts)
        clock.shift(timedelta(days=1))
        assert delivery.deliver(db.session, delivery_id, True) == "failed"  # given up: no more
        assert len(receiver.requests) == delivery.MAX_ATTEMPTS


def test_a_refused_connection_is_an_attempt_with_its_error() -> None:
    with time_machine.travel(T0, tick=False):
        make_endpoint("http://127.0.0.1:9/closed")  # the discard port: nothing listens
        emit.record(db.session, "campaign.released", "campaign.released:8:t", {"campaign_id": 8})
        db.session.commit()
    attempt = db.session.scalars(select(WebhookAttempt)).one()
    assert attempt.status_code is None and attempt.error
    assert db.session.scalars(select(WebhookDelivery.status)).one() == "pending"


def test_disabled_after_consecutive_failures_admins_told_then_reenabled(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "DISABLE_AFTER", 3)
    admins = [make_user(role="admin"), make_user(role="admin")]
    make_user(role="hr")
    with time_machine.travel(T0, tick=False) as clock:
        delivery_id = _failing_delivery(receiver, [503, 503, 503])
        for wait in (1, 2):
            clock.shift(timedelta(minutes=wait))
            delivery.deliver(db.session, delivery_id, True)
        endpoint = db.session.scalars(select(WebhookEndpoint)).one()
        db.session.refresh(endpoint)
        assert not endpoint.enabled and endpoint.consecutive_failures == 3
        notes = db.session.scalars(select(Notification)).all()
        assert sorted(n.user_id for n in notes) == sorted(a.id for a in admins)
        assert {n.kind for n in notes} == {"webhook_disabled"}
        words = render("webhook_disabled", notes[0].params, "zh-CN")
        assert words["title"] == "一个 Webhook 端点因多次投递失败已被停用"
        assert words["body"] == receiver.url
        clock.shift(timedelta(hours=1))  # due, but the endpoint is disabled: nothing sent
        assert delivery.due(db.session, datetime.now(UTC)) == []
        assert delivery.deliver(db.session, delivery_id, True) == "pending"
        assert len(receiver.requests) == 3
        endpoints.update(db.session, endpoint, {"enabled": True}, allow_local_http=True)
        db.session.commit()
        # the periodic sweep (once per minute slot) queues what is due: it resumes
        done = tick(db.session, datetime.now(UTC), ["webhook_deliveries"])
        assert done["webhook_deliveries"] == {"queued": 1}
    assert len(receiver.requests) == 4
    row = db.session.get(WebhookDelivery, delivery_id)
    db.session.refresh(row)
    assert row.status == "delivered"
    db.session.refresh(endpoint)
    assert endpoint.enabled and endpoint.consecutive_failures == 0
