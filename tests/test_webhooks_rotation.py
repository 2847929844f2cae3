"""Webhook secret rotation (docs/webhooks.md): an admin's rotation shows the new secret once
and is audited; during the grace window every delivery carries `v1=<new>,v1=<old>`, so a
real receiver verifying with the old secret and one verifying with the new secret both
accept it; after the window (time-machine, a minute either side) only the new one does.
Hostile ids answer 404 and change no endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from server.models.base import utcnow
from server.services.webhooks import delivery, emit, endpoints, signing
from tests.factories import ApiClient
from tests.webhook_receiver import Receiver, serve

BASE = "/api/v1/admin/webhooks/endpoints"
T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
GRACE = timedelta(hours=endpoints.GRACE_HOURS)
KIND = "visit.approved"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve()


def _create(admin: ApiClient, url: str) -> tuple[int, str]:
    resp = admin.post(BASE, json={"url": url, "events": [KIND]})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"], resp.get_json()["secret"]


def _rotate(admin: ApiClient, endpoint_id: int) -> dict[str, Any]:
    resp = admin.post(f"{BASE}/{endpoint_id}/rotate-secret")
    assert resp.status_code == 200, resp.get_json()
    return dict(resp.get_json())


def _send(n: int) -> str:
    """A new event for the endpoint, delivered now (one attempt): its status."""
    assert emit.record(db.session, KIND, f"rotation-{n}", {"visit_id": n}) == 1
    db.session.commit()
    found = db.session.scalar(
        select(WebhookDelivery.id).where(WebhookDelivery.event_key == f"rotation-{n}")
    )
    assert found is not None
    db.session.commit()
    return delivery.deliver(db.session, found, allow_local_http=True)


def test_both_secrets_verify_within_the_window_and_only_the_new_one_after(
    admin_client: ApiClient, receiver: Receiver
) -> None:
    endpoint_id, old = _create(admin_client, receiver.url)
    receiver.verify_with = old
    assert _send(1) == "delivered"
    before = utcnow()
    rotated = _rotate(admin_client, endpoint_id)
    new = rotated["secret"]
    assert new != old and new.startswith("whsec_")
    end = datetime.fromisoformat(rotated["previous_secret_until"])
    assert before + GRACE <= end <= utcnow() + GRACE
    listed = admin_client.get(BASE).get_json()["endpoints"]
    assert "secret" not in listed[0]  # shown once: never listed

    n = 2
    for at in (end - GRACE + timedelta(minutes=1), end - timedelta(minutes=1)):
        for secret in (old, new):  # a receiver that has not switched, one that has
            with time_machine.travel(at, tick=False):
                receiver.verify_with = secret
                assert _send(n) == "delivered", (at, secret == new)
            n += 1
        header = receiver.requests[-1]["headers"]["X-Webhook-Signature"]
        stamp = int(receiver.requests[-1]["headers"]["X-Webhook-Timestamp"])
        body = receiver.requests[-1]["body"]
        assert header == (
            f"v1={signing.signature(new, stamp, body)},v1={signing.signature(old, stamp, body)}"
        )

    with time_machine.travel(end + timedelta(minutes=1), tick=False):
        receiver.verify_with = old
        assert _send(n) == "pending"  # refused (401): the old secret no longer signs
        assert receiver.requests[-1]["headers"]["X-Webhook-Signature"].count("v1=") == 1
        receiver.verify_with = new
        assert _send(n + 1) == "delivered"
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        assert endpoints.row(db.session, endpoint)["previous_secret_until"] is None


def test_rotation_is_audited_and_a_second_rotation_drops_the_oldest_secret(
    admin_client: ApiClient, receiver: Receiver
) -> None:
    endpoint_id, first = _create(admin_client, receiver.url)
    second = _rotate(admin_client, endpoint_id)["secret"]
    third = _rotate(admin_client, endpoint_id)["secret"]
    for n, (secret, accepted) in enumerate(((first, False), (second, True), (third, True))):
        receiver.verify_with = secret
        assert _send(n) == ("delivered" if accepted else "pending")
    audits = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "webhook.secret_rotated")
    ).all()
    assert len(audits) == 2
    assert all(a.object_id == str(endpoint_id) or a.object_id == endpoint_id for a in audits)
    assert all(first not in str(a.details) and third not in str(a.details) for a in audits)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hours=st.integers(min_value=0, max_value=720), minutes=st.integers(-90, 90))
def test_the_old_secret_signs_exactly_within_the_configured_window(
    app: Any, hours: int, minutes: int
) -> None:
    """WEBHOOK_SECRET_GRACE_HOURS = `hours`; a delivery signed `hours` h + `minutes` min
    after the rotation carries the old secret's signature iff it is inside the window."""
    app.config["WEBHOOK_SECRET_GRACE_HOURS"] = hours
    endpoint, old = endpoints.create(
        db.session, None, {"url": "https://hooks.example.test/x", "events": [KIND]}, False
    )
    new = endpoints.rotate(db.session, endpoint, T0, endpoints.grace(app.config))
    db.session.commit()
    at = T0 + timedelta(hours=hours, minutes=minutes)
    valid = (endpoint.secret, *endpoints.previous_secrets(endpoint, at))
    header = signing.headers(valid, 1, b"{}", KIND, "k")[signing.SIGNATURE_HEADER]
    inside = hours > 0 and at < T0 + timedelta(hours=hours)
    assert signing.verify(new, b"{}", "1", header, 1)
    assert signing.verify(old, b"{}", "1", header, 1) is inside


def test_a_grace_setting_out_of_range_is_refused() -> None:
    for bad in (-1, 721, "24", True, None):
        with pytest.raises(ValueError):
            endpoints.grace({"WEBHOOK_SECRET_GRACE_HOURS": bad})
    assert endpoints.grace({}) == GRACE


HOSTILE = [
    "0",
    "-1",
    "1.5",
    "1e3",
    "abc",
    "99999999999999999999999",
    "2147483648",
    "%00",
    "1%20OR%201=1",
    "..%2f1",
    "１",  # a full-width digit
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_ids_answer_404_and_change_nothing(admin_client: ApiClient, hostile: str) -> None:
    endpoint_id, secret = _create(admin_client, "https://hooks.example.test/in")
    resp = admin_client.post(f"{BASE}/{hostile}/rotate-secret")
    assert resp.status_code == 404, (hostile, resp.status_code)
    assert resp.get_json()["error"]["code"] == "not_found"
    db.session.expire_all()
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    assert endpoint is not None and endpoint.secret == secret
    assert endpoint.previous_secret is None


def test_an_unknown_endpoint_is_404_and_others_are_untouched(admin_client: ApiClient) -> None:
    endpoint_id, secret = _create(admin_client, "https://hooks.example.test/in")
    resp = admin_client.post(f"{BASE}/{endpoint_id + 1}/rotate-secret")
    assert resp.status_code == 404
    db.session.expire_all()
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    assert endpoint is not None and endpoint.secret == secret
