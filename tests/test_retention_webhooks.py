"""Retention of the webhook history, with controlled time (time-machine): a delivery that
ended (delivered or failed) goes with its attempts one minute after its period (counted
from its last activity), never a minute before; an event goes once no delivery needs it;
a pending or in-flight delivery is never deleted, whatever its age; the run's report
(shown to admins) counts the deliveries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server import storage
from server.extensions import db
from server.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from server.models.base import utcnow
from server.services.privacy import policy, retention
from server.tasks import periodic
from tests.factories import make_user

T0 = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
DAYS = policy.DEFAULTS["webhook_deliveries"]
PERIOD = timedelta(days=DAYS or 0)
STATES = ("pending", "sending", "delivered", "failed")


def _endpoint() -> int:
    admin = make_user(role="admin")
    row = WebhookEndpoint(
        url="https://hooks.example.test/in", events=["visit.approved"], secret="s" * 32
    )
    row.created_by = admin.id
    db.session.add(row)
    db.session.flush()
    return row.id


def _delivery(endpoint_id: int, key: str, status: str, tried: timedelta | None) -> int:
    """An event and its delivery created now; `tried`: its one attempt that much later."""
    event = WebhookEvent(key=key, kind="visit.approved", payload={"visit_id": 1})
    db.session.add(event)
    db.session.flush()
    delivery = WebhookDelivery(
        endpoint_id=endpoint_id, event_id=event.id, event_key=key, status=status
    )
    db.session.add(delivery)
    db.session.flush()
    if tried is not None:
        at = utcnow() + tried
        db.session.add(WebhookAttempt(delivery_id=delivery.id, number=1, started_at=at))
        if status == "delivered":
            delivery.delivered_at = at
    return delivery.id


def world() -> dict[str, int]:
    """One delivery per state, all created at T0, each tried at once; and one delivered
    and one failed whose last attempt came a day later (their period starts then)."""
    endpoint = _endpoint()
    ids = {s: _delivery(endpoint, f"e-{s}", s, timedelta()) for s in STATES}
    ids["late_delivered"] = _delivery(endpoint, "e-late-d", "delivered", timedelta(days=1))
    ids["late_failed"] = _delivery(endpoint, "e-late-f", "failed", timedelta(days=1))
    ids["never_tried_failed"] = _delivery(endpoint, "e-never", "failed", None)
    db.session.add(WebhookEvent(key="e-nobody", kind="visit.approved", payload={}))  # no listener
    db.session.commit()
    return ids


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _left() -> set[int]:
    return set(db.session.scalars(select(WebhookDelivery.id)))


def _tick(at: datetime) -> Any:
    with time_machine.travel(at, tick=False):
        return periodic.tick(db.session, utcnow(), ["retention"])["retention"]


def test_ended_deliveries_go_a_minute_after_their_period_and_pending_ones_never(
    app: Any,
) -> None:
    with time_machine.travel(T0, tick=False):
        ids = world()
    everything = _left()
    events, attempts = _count(WebhookEvent), _count(WebhookAttempt)

    report = _tick(T0 + PERIOD - timedelta(minutes=1))
    assert report["webhook_deliveries"] == 0
    assert _left() == everything
    assert (_count(WebhookEvent), _count(WebhookAttempt)) == (events, attempts)

    report = _tick(T0 + PERIOD + timedelta(minutes=1))
    assert report["webhook_deliveries"] == 3  # delivered, failed, failed never tried
    late = {ids["late_delivered"], ids["late_failed"]}
    assert _left() == {ids["pending"], ids["sending"]} | late
    # the events of the deleted deliveries and the one nobody listened to went
    assert set(db.session.scalars(select(WebhookEvent.key))) == {
        "e-pending",
        "e-sending",
        "e-late-d",
        "e-late-f",
    }
    assert _count(WebhookAttempt) == 4  # pending's, sending's and the two late ones

    # the late ones: a day after; a minute before their period ends they stay
    report = _tick(T0 + PERIOD + timedelta(days=1) - timedelta(minutes=1))
    assert report["webhook_deliveries"] == 0 and late <= _left()
    report = _tick(T0 + PERIOD + timedelta(days=1, minutes=1))
    assert report["webhook_deliveries"] == 2
    assert _left() == {ids["pending"], ids["sending"]}

    # pending and in-flight ones stay for ever (their events too)
    report = _tick(T0 + 20 * PERIOD)
    assert report["webhook_deliveries"] == 0
    assert _left() == {ids["pending"], ids["sending"]}
    assert _count(WebhookEvent) == 2


def test_the_admins_see_the_count_in_the_retention_runs(app: Any, admin_client: Any) -> None:
    with time_machine.travel(T0, tick=False):
        world()
    _tick(T0 + PERIOD + timedelta(minutes=1))
    resp = admin_client.get("/api/v1/admin/privacy/retention")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["runs"][0]["report"]["webhook_deliveries"] == 3
    kinds = {p["kind"]: p for p in body["periods"]}
    assert kinds["webhook_deliveries"]["default_days"] == DAYS


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.integers(min_value=1, max_value=400),
    status=st.sampled_from(STATES),
    age=st.integers(min_value=-120, max_value=120),
)
def test_a_configured_period_is_kept_to_the_minute(
    app: Any, days: int, status: str, age: int
) -> None:
    """A delivery last tried `days` days and `age` minutes ago: deleted exactly when it
    ended and `age` > 0 (past its period)."""
    db.session.query(WebhookAttempt).delete()
    db.session.query(WebhookDelivery).delete()
    db.session.query(WebhookEvent).delete()
    db.session.query(WebhookEndpoint).delete()
    with time_machine.travel(T0, tick=False):
        delivery = _delivery(_endpoint(), "e", status, timedelta())
        db.session.commit()
    now = T0 + timedelta(days=days, minutes=age)
    periods = {**policy.DEFAULTS, "webhook_deliveries": days}
    with time_machine.travel(now, tick=False):
        report = retention.sweep(db.session, storage.for_app(), utcnow(), periods)
    db.session.commit()
    gone = status in ("delivered", "failed") and age > 0
    assert report["webhook_deliveries"] == int(gone)
    assert (delivery not in _left()) is gone
    assert _count(WebhookEvent) == int(not gone)
