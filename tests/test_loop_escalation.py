"""Issue 14 §2: closed-loop escalation with controlled time. An action item goes through every
level of every stage, each exactly once, however often the periodic action runs; the owner
hears of a new item once its clock has started."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from server.extensions import db
from server.models import ActionEscalation, Notification
from server.services.actions import escalation
from server.tasks import periodic
from tests.loop_world import loop_world, make_item

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
TASK = "escalate_action_items"


def _escalations() -> list[tuple[str, int, list[int]]]:
    rows = db.session.scalars(select(ActionEscalation).order_by(ActionEscalation.id))
    return [(r.stage, r.level, r.recipients) for r in rows]


def _notes(kind: str | None = None) -> list[tuple[int, str]]:
    stmt = select(Notification).order_by(Notification.id)
    return [(n.user_id, n.kind) for n in db.session.scalars(stmt) if kind in (None, n.kind)]


def _tick(at: datetime) -> Any:
    return periodic.tick(db.session, at, [TASK])[TASK]


@pytest.fixture
def w(app: Flask) -> dict[str, Any]:
    return loop_world()


def test_item_goes_through_every_level_of_every_stage_once(w: dict[str, Any]) -> None:
    item = make_item(w, T0)
    owner, boss, hr = w["manager"].id, w["boss"].id, w["hr"].id
    assert _tick(T0 + timedelta(minutes=30)) == {"escalations": 0, "notices": 0, "assigned": 1}
    assert _notes() == [(owner, "action_assigned")]
    # 1 h: the ack is due; at 1:15 level 1 (the owner) is reached.
    assert _tick(T0 + timedelta(hours=1))["escalations"] == 0  # due, not yet past
    assert _tick(T0 + timedelta(hours=1, minutes=15)) == {
        "escalations": 1,
        "notices": 1,
        "assigned": 0,
    }
    assert _escalations() == [("ack", 1, [owner])]
    # The same slot again (a second consumer), and the action itself again: nothing new.
    assert _tick(T0 + timedelta(hours=1, minutes=20)) is None
    assert escalation.escalate(db.session, T0 + timedelta(hours=1, minutes=20))["escalations"] == 0
    db.session.commit()
    # A day and a quarter later: ack level 2 (manager of the owner + HR), response level 1.
    _tick(T0 + timedelta(hours=25, minutes=15))
    assert _escalations()[1:] == [("ack", 2, [boss, hr]), ("response", 1, [owner])]
    # Three days on: plan 1 and 2, response 2, follow-up 1; then follow-up 2.
    _tick(T0 + timedelta(hours=96, minutes=15))
    _tick(T0 + timedelta(hours=96, minutes=30))
    got = sorted((s, lvl) for s, lvl, _ in _escalations())
    stages = ("ack", "followup", "plan", "response")
    assert got == sorted((s, lvl) for s in stages for lvl in (1, 2))
    assert len(_notes("action_overdue")) == 4  # level 1 of each stage, to the owner
    assert len(_notes("action_escalated")) == 8  # level 2 of each stage, to boss and HR
    for n in db.session.scalars(select(Notification)):
        assert n.link == f"/actions/{item.id}"
        assert "subject" not in n.params and "submission" not in str(n.params)
    assert w["staff"][0].id not in {uid for uid, _ in _notes()}  # never the rated employee


def test_a_stage_done_in_time_never_escalates(w: dict[str, Any]) -> None:
    make_item(w, T0, acknowledged_at=T0 + timedelta(minutes=20), status="acknowledged")
    _tick(T0 + timedelta(hours=2))
    assert _escalations() == []


def test_closed_items_never_escalate(w: dict[str, Any]) -> None:
    make_item(w, T0, status="closed", closed_at=T0 + timedelta(minutes=5))
    assert _tick(T0 + timedelta(hours=100))["escalations"] == 0


def test_a_racing_consumer_with_a_stale_view_sends_nothing_twice(w: dict[str, Any]) -> None:
    """Two consumers in different slots read the same item before either wrote: the second
    insert of (item, stage, level) fails on the unique constraint and sends nothing."""
    item = make_item(w, T0)
    now = T0 + timedelta(hours=2)
    levels = escalation.check_levels(escalation.DEFAULT_LEVELS)
    assert escalation.escalate_item(db.session, item, levels, now, set()) == (1, 1)
    assert escalation.escalate_item(db.session, item, levels, now, set()) == (0, 0)
    db.session.commit()
    assert len(_escalations()) == 1 and len(_notes("action_overdue")) == 1


def test_configured_levels_and_missing_people_fall_back_to_hr(app: Flask) -> None:
    w = loop_world()
    item = make_item(w, T0, owner=None)
    app.config["ACTION_ESCALATION_LEVELS"] = '[{"after_hours": 0, "to": ["owner"]}]'
    _tick(T0 + timedelta(hours=1, minutes=15))
    assert _escalations() == [("ack", 1, [w["hr"].id])]
    assert item.owner_id is None


@pytest.mark.parametrize(
    "levels",
    [
        [{"after_hours": 5, "to": ["owner"]}, {"after_hours": 1, "to": ["hr"]}],
        [{"after_hours": 0, "to": ["nobody"]}],
        [{"after_hours": 0, "to": []}],
    ],
)
def test_bad_levels_are_refused(levels: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError):
        escalation.check_levels(levels)


def test_anonymous_items_are_announced_on_the_hour(w: dict[str, Any]) -> None:
    """An item of an anonymous group starts on the next full hour: the owner hears of it
    then, not when the rater answered."""
    make_item(w, T0 + timedelta(hours=1))  # opened at 9:20 by a customer: clock at 10:00
    assert _tick(T0 + timedelta(minutes=30))["assigned"] == 0
    assert _tick(T0 + timedelta(hours=1))["assigned"] == 1
    assert _tick(T0 + timedelta(hours=1, minutes=15))["assigned"] == 0
