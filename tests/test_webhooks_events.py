"""Issue 17 §2 webhooks: each event is emitted from the product's own code path (sync,
customer responses, visit review and timer, action-item escalation), once, and payloads
never carry what the anonymity rules hide (an unnamed group's submission emits nothing)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from server.extensions import db
from server.models import Submission, WebhookDelivery, WebhookEvent
from server.services.actions import escalation
from server.services.scoring.anonymity import UNNAMED_GROUPS
from server.services.visits import timers, visits
from server.services.webhooks import EVENT_TYPES, emit, endpoints
from tests.factories import add_submission, good_answers, make_user, sub
from tests.loop_world import loop_world, make_item
from tests.webhook_receiver import Receiver, serve

RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate", "customer", "mystery_shopper")


@pytest.fixture
def receiver(app: Any) -> Iterator[Receiver]:
    rec = next(gen := serve())
    endpoints.create(
        db.session, None, {"url": rec.url, "events": list(EVENT_TYPES)}, allow_local_http=True
    )
    db.session.commit()
    yield rec
    next(gen, None)


def events(kind: str) -> list[dict[str, Any]]:
    rows = db.session.scalars(select(WebhookEvent).where(WebhookEvent.kind == kind))
    return [r.payload for r in rows]


def bodies(receiver: Receiver, kind: str) -> list[dict[str, Any]]:
    found = [json.loads(r["body"]) for r in receiver.requests]
    return [d["data"] for d in found if d["type"] == kind]


@pytest.mark.world("field")
def test_a_synced_visit_report_emits_submission_stored(
    receiver: Receiver, world: dict[str, Any]
) -> None:
    item = sub(world["assignment"], world["version"], staff_id=world["staff"][0].id)
    resp = world["client"].post("/api/v1/sync", json={"submissions": [item]})
    assert resp.get_json()["results"][0]["status"] == "created"
    stored = db.session.get(Submission, item["id"])
    expected = {
        "submission_id": item["id"],
        "campaign_id": world["campaign"].id,
        "relationship": "mystery_shopper",
        "subject_id": world["staff"][0].id,
        "rater_id": world["client"].user.id,
        "late": False,
        "stored_at": stored.received_at.isoformat(),
    }
    assert bodies(receiver, "submission.stored") == [expected]
    # the same batch again is a duplicate: nothing stored, nothing emitted
    world["client"].post("/api/v1/sync", json={"submissions": [item]})
    assert len(receiver.requests) == 1


@pytest.mark.world("customer", report_locale="en")
def test_a_customer_response_emits_nothing(
    receiver: Receiver, client: Any, world: dict[str, Any]
) -> None:
    body = sub(None, world["version"])
    resp = client.post(f"/api/v1/public/links/{world['link'].token}/responses", json=body)
    assert resp.status_code == 201
    assert db.session.get(Submission, body["id"]) is not None
    assert events("submission.stored") == [] and receiver.requests == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    relationship=st.sampled_from(RELATIONSHIPS),
    rater=st.integers(1, 2**31 - 1),
    subject=st.one_of(st.none(), st.integers(1, 2**31 - 1)),
    late=st.booleans(),
)
def test_unnamed_groups_never_emit_and_named_ones_carry_only_the_documented_facts(
    app: Any, relationship: str, rater: int, subject: int | None, late: bool
) -> None:
    endpoints.create(
        db.session, None, {"url": "https://hooks.example/x", "events": ["submission.stored"]}, True
    )
    row = Submission(
        id=str(uuid.uuid4()),
        campaign_id=7,
        relationship=relationship,
        rater_id=rater,
        subject_id=subject,
        is_late=late,
        received_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    emit.submission_stored(db.session, row)
    found = events("submission.stored")
    if relationship in UNNAMED_GROUPS:
        assert found == []
    else:
        assert found == [
            {
                "submission_id": row.id,
                "campaign_id": 7,
                "relationship": relationship,
                "subject_id": subject,
                "rater_id": rater,
                "late": late,
                "stored_at": "2026-03-01T00:00:00+00:00",
            }
        ]
    db.session.rollback()  # nothing committed: nothing delivered
    assert db.session.scalars(select(WebhookDelivery)).all() == []
    db.session.execute(delete(WebhookEvent))


def _visit(world: dict[str, Any]) -> Submission:
    visit = world["assignment"]
    row = add_submission(
        world["campaign"],
        world["version"],
        world["staff"][0].id,
        "mystery_shopper",
        good_answers(),
        rater_id=visit.rater_id,
        unit_id=world["store"].id,
        assignment_id=visit.id,
    )
    db.session.commit()
    return row


@pytest.mark.world("field")
def test_an_approved_visit_emits_visit_approved_once(
    receiver: Receiver, world: dict[str, Any]
) -> None:
    hr = make_user(role="hr")
    row = _visit(world)
    visits.review(db.session, hr, row, {"decision": "approve"})
    db.session.commit()
    [data] = bodies(receiver, "visit.approved")
    assert data["visit_id"] == row.id and data["automatic"] is False
    assert set(data) == {"visit_id", "campaign_id", "unit_id", "approved_at", "automatic"}
    assert data["unit_id"] == world["store"].id


@pytest.mark.world("field")
def test_a_visit_accepted_by_its_timer_emits_visit_approved(
    receiver: Receiver, world: dict[str, Any]
) -> None:
    row = _visit(world)
    assert timers.auto_accept(db.session, row, 48, datetime.now(UTC))
    db.session.commit()
    [data] = bodies(receiver, "visit.approved")
    assert data["visit_id"] == row.id and data["automatic"] is True


def test_an_overdue_action_item_emits_once_per_stage(receiver: Receiver) -> None:
    t0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    w = loop_world()
    item = make_item(w, t0)
    for hours in (2, 3, 30):
        escalation.escalate(db.session, t0 + timedelta(hours=hours))
        db.session.commit()
    found = bodies(receiver, "action_item.overdue")
    assert [d["stage"] for d in found] == ["ack", "response"]
    assert found[0] == {
        "action_item_id": item.id,
        "campaign_id": w["campaign"].id,
        "unit_id": w["unit"].id,
        "stage": "ack",
        "due_at": (t0 + timedelta(hours=1)).isoformat(),
    }
