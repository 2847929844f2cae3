"""SPEC §3 ActionItem, §8 action items: Closed loop: action items created from submissions, owners,
due times, overdue, API."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import ActionItem, AuditEvent, Submission
from server.services.actions import actions
from tests.conftest import _logged_in
from tests.factories import good_answers, make_assignment, make_unit, make_user, sub

DUE_HOURS = {"ack": 2, "response": 24, "plan": 48, "followup": 72}
pytestmark = pytest.mark.world("actions", action_due_hours=DUE_HOURS)


def failed_submission(
    world: dict[str, Any],
    subject: Any = None,
    unit_id: int | None = None,
    relationship: str = "peer",
) -> Submission:
    row = Submission(
        id=str(uuid.uuid4()),
        campaign_id=world["campaign"].id,
        form_version_id=world["version"].id,
        relationship=relationship,
        subject_id=subject.id if subject else None,
        unit_id=unit_id,
        answers=good_answers(greeted=False),
        na=[],
        content_sha256="x" * 64,
        critical_failures=["greeted"],
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_critical_failure_creates_one_item_with_due_times(world: dict[str, Any]) -> None:
    row = failed_submission(world, world["staff"][0], world["store"].id)
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    [item] = actions.create_for_submission(db.session, row, now)
    assert item.kind == "critical_failure" and item.question_id == "greeted"
    assert item.owner_id == world["manager"].id
    assert item.ack_due_at == now + timedelta(hours=2)  # campaign setting
    assert item.response_due_at == now + timedelta(hours=24)
    assert item.plan_due_at == now + timedelta(hours=48)
    assert item.followup_due_at == now + timedelta(hours=72)
    assert item.title == {
        "en": "Failed critical item: greeted",
        "zh-CN": "关键项未通过：greeted（中）",
    }
    assert actions.create_for_submission(db.session, row, now) == []  # idempotent
    assert len(db.session.scalars(select(ActionItem)).all()) == 1


def test_owner_without_subject_manager_is_the_unit_head(world: dict[str, Any]) -> None:
    assert actions.owner_for(db.session, None, world["team"].id) == world["manager"].id
    # Issue 11: the rated employee never owns their own items (they may come from hidden
    # groups); with nobody above them the item has no owner and HR handles it.
    assert actions.owner_for(db.session, world["manager"].id, None) is None
    empty = make_unit(path=world["store"].path + "/Empty", parent_id=world["store"].id)
    assert actions.unit_manager(db.session, empty.id) == world["manager"].id  # walks up
    lonely = make_unit(path="Elsewhere")
    assert actions.unit_manager(db.session, lonely.id) is None


def _rated(world: dict[str, Any], relationship: str, smile: int, digest: str) -> Submission:
    """A stored submission about staff member 1 with the given `smile` rating."""
    return Submission(
        id=str(uuid.uuid4()),
        campaign_id=world["campaign"].id,
        form_version_id=world["version"].id,
        relationship=relationship,
        subject_id=world["staff"][1].id,
        answers=good_answers(smile=smile),
        na=[],
        content_sha256=digest * 64,
        critical_failures=[],
    )


def test_customer_bottom_rating_but_not_other_ratings(world: dict[str, Any]) -> None:
    low = _rated(world, "customer", 1, "x")
    fine = _rated(world, "customer", 2, "y")
    peer_low = _rated(world, "peer", 1, "z")
    db.session.add_all([low, fine, peer_low])
    db.session.commit()
    assert [i.kind for i in actions.create_for_submission(db.session, low)] == [
        "customer_low_rating"
    ]
    assert actions.create_for_submission(db.session, fine) == []
    assert actions.create_for_submission(db.session, peer_low) == []


def test_sync_creates_items_for_counted_submissions_only(
    app: Any, world: dict[str, Any], shopper_client: Any
) -> None:
    subject = world["staff"][0]
    peer = make_assignment(
        world["campaign"],
        shopper_client.user,
        world["version"],
        relationship="peer",
        subject_id=subject.id,
    )
    visit = make_assignment(
        world["campaign"], shopper_client.user, world["version"], unit_id=world["store"].id
    )
    failing = good_answers(greeted=False)
    items = [
        sub(peer, world["version"], answers=failing),
        sub(visit, world["version"], answers=failing, staff_id=subject.id),
    ]
    resp = shopper_client.post("/api/v1/sync", json={"submissions": items})
    assert [r["status"] for r in resp.get_json()["results"]] == ["created", "created"]
    [item] = db.session.scalars(select(ActionItem)).all()
    assert item.submission_id == items[0]["id"]  # the visit waits for HR's approval
    assert db.session.get(Submission, items[1]["id"]).critical_failures == ["greeted"]


def test_overdue_stages(world: dict[str, Any]) -> None:
    row = failed_submission(world, world["staff"][0])
    start = datetime(2026, 5, 1, 12, tzinfo=UTC)
    [item] = actions.create_for_submission(db.session, row, start)
    assert actions.overdue_stages(item, start + timedelta(minutes=30)) == []
    assert actions.overdue_stages(item, start + timedelta(hours=3)) == ["ack"]
    item.acknowledged_at = start + timedelta(hours=1)
    assert actions.overdue_stages(item, start + timedelta(hours=30)) == ["response"]
    item.status, item.closed_at = "closed", start + timedelta(hours=31)
    assert actions.overdue_stages(item, start + timedelta(hours=100)) == []


def _items(world: dict[str, Any], n: int = 2) -> list[ActionItem]:
    made = []
    for k in range(n):
        row = failed_submission(world, world["staff"][k % 2], world["store"].id)
        made += actions.create_for_submission(db.session, row)
    db.session.commit()
    return made


def test_list_hr_sees_all_with_filters(world: dict[str, Any], hr_client: Any) -> None:
    first, second = _items(world)
    first.ack_due_at = datetime.now(UTC) - timedelta(minutes=5)
    second.status = "acknowledged"
    second.acknowledged_at = datetime.now(UTC)
    db.session.commit()
    everything = hr_client.get("/api/v1/action-items").get_json()["action_items"]
    assert {i["id"] for i in everything} == {first.id, second.id}
    overdue = hr_client.get("/api/v1/action-items?overdue=true").get_json()["action_items"]
    assert [i["id"] for i in overdue] == [first.id]
    assert overdue[0]["overdue"] is True and overdue[0]["overdue_stages"] == ["ack"]
    # Issue 11: a peer's item (anonymous group) carries no submission id, even for HR.
    assert overdue[0]["submission_id"] is None
    on_time = hr_client.get("/api/v1/action-items?overdue=false").get_json()["action_items"]
    assert [i["id"] for i in on_time] == [second.id]
    acked = hr_client.get("/api/v1/action-items?status=acknowledged").get_json()
    assert [i["id"] for i in acked["action_items"]] == [second.id]
    by_unit = hr_client.get(f"/api/v1/action-items?unit_id={world['store'].id}").get_json()
    assert len(by_unit["action_items"]) == 2
    other = make_unit(path="Other")
    none = hr_client.get(f"/api/v1/action-items?unit_id={other.id}").get_json()
    assert none["action_items"] == []
    bad = hr_client.get("/api/v1/action-items?status=weird")
    assert bad.status_code == 422


def test_list_employee_sees_own_items_only(app: Any, world: dict[str, Any]) -> None:
    _items(world)
    manager = _logged_in(app, "employee")
    subject = make_user(manager_id=manager.user.id)
    mine = actions.create_for_submission(db.session, failed_submission(world, subject))
    db.session.commit()
    listed = manager.get("/api/v1/action-items").get_json()["action_items"]
    assert [i["id"] for i in listed] == [mine[0].id]
    assert listed[0]["submission_id"] is None  # raters stay out of sight
    assert listed[0]["owner"] == {"id": manager.user.id, "name": manager.user.name}
    shopper = _logged_in(app, "shopper")
    assert shopper.get("/api/v1/action-items").get_json()["action_items"] == []


def test_patch_moves_forward_with_notes(app: Any, world: dict[str, Any]) -> None:
    manager = _logged_in(app, "employee")
    subject = make_user(manager_id=manager.user.id)
    [item] = actions.create_for_submission(db.session, failed_submission(world, subject))
    db.session.commit()
    url = f"/api/v1/action-items/{item.id}"
    ack = manager.patch(url, json={"action": "acknowledge"})
    assert ack.status_code == 200 and ack.get_json()["status"] == "acknowledged"
    assert ack.get_json()["acknowledged_at"] is not None
    no_note = manager.patch(url, json={"action": "respond"})
    assert no_note.status_code == 422
    responded = manager.patch(url, json={"action": "respond", "note": "Talked to the team 已沟通"})
    assert responded.get_json()["notes"][0]["text"] == "Talked to the team 已沟通"
    backwards = manager.patch(url, json={"action": "acknowledge"})
    assert backwards.status_code == 409
    assert backwards.get_json()["error"]["code"] == "invalid_transition"
    closed = manager.patch(url, json={"action": "close", "note": "Followed up"})
    body = closed.get_json()
    assert body["status"] == "closed" and body["planned_at"] and body["closed_at"]
    assert body["overdue"] is False and len(body["notes"]) == 2
    audit = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "ActionItem", AuditEvent.object_id == str(item.id))
        .order_by(AuditEvent.id)
    ).all()
    assert audit == ["action_item_acknowledged", "action_item_responded", "action_item_closed"]


def test_patch_access_and_bad_input(app: Any, world: dict[str, Any], hr_client: Any) -> None:
    [item] = _items(world, 1)
    url = f"/api/v1/action-items/{item.id}"
    stranger = _logged_in(app, "employee")
    assert stranger.patch(url, json={"action": "acknowledge"}).status_code == 404
    assert (
        hr_client.patch(
            "/api/v1/action-items/99999999999", json={"action": "acknowledge"}
        ).status_code
        == 404
    )
    assert hr_client.patch(url, json={"action": "explode"}).status_code == 422
    assert hr_client.patch(url, json={"action": "respond", "note": "a\x00b"}).status_code == 422
    assert hr_client.patch(url, json=["acknowledge"]).status_code == 422
    assert hr_client.patch(url, json={"action": "acknowledge"}).status_code == 200
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/action-items").status_code == 401
