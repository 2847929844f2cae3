"""Issue 14 §2: closed-loop SLA per unit: figures by hand on a small world, invariants with
hypothesis, and the anonymity rule (items of hidden groups are not counted)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.models import ActionItem
from server.services.actions import actions
from server.services.actions.opening import DUE
from server.services.reviews import action_sla
from tests.factories import add_submission, good_answers
from tests.loop_world import HOURS, loop_world, make_item

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=100)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _small_world(w: dict[str, Any]) -> None:
    """A on time everywhere; B late on ack, plan and close; C untouched; D new, acknowledged."""
    make_item(w, T0, acknowledged_at=h(0.5), responded_at=h(10), planned_at=h(30),
              closed_at=h(50), status="closed")  # fmt: skip
    make_item(w, T0, acknowledged_at=h(2), responded_at=h(20), planned_at=h(60),
              closed_at=h(80), status="closed")  # fmt: skip
    make_item(w, T0)
    make_item(w, h(90), acknowledged_at=h(90.5), status="acknowledged")


def test_sla_figures_by_hand(app: Flask) -> None:
    w = loop_world()
    _small_world(w)
    [unit] = action_sla.sla_by_unit(db.session, {}, NOW)
    assert unit["unit"]["id"] == w["unit"].id
    assert unit["items"] == 4 and unit["closed"] == 2 and unit["open_overdue"] == 1
    assert unit["median_hours_to_close"] == 65.0
    assert unit["stages"] == {
        "ack": {"due": 4, "on_time": 2, "share": 0.5},
        "response": {"due": 3, "on_time": 2, "share": 2 / 3},
        "plan": {"due": 3, "on_time": 1, "share": 1 / 3},
        "followup": {"due": 3, "on_time": 1, "share": 1 / 3},
    }
    # Scope: the period by creation day, the campaign, the unit.
    [late] = action_sla.sla_by_unit(db.session, {"since": h(90).date()}, NOW)
    assert late["items"] == 1 and late["stages"]["response"]["share"] is None
    assert action_sla.sla_by_unit(db.session, {"campaign_id": 999}, NOW) == []
    assert action_sla.sla_by_unit(db.session, {"unit_id": w["unit"].id}, NOW)[0]["items"] == 4


def test_sla_api_is_for_hr(app: Flask, hr_client: Any, employee_client: Any) -> None:
    w = loop_world()
    _small_world(w)
    body = hr_client.get("/api/v1/action-items/sla").get_json()
    assert body["units"][0]["items"] == 4 and body["units"][0]["closed"] == 2
    assert employee_client.get("/api/v1/action-items/sla").status_code == 403


# Offsets in hours from creation for each stamp (None: not done), and the item's age.
stamp = st.one_of(st.none(), st.floats(0, 200, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(stamp, stamp, stamp, stamp, st.floats(0, 300)), max_size=12))
def test_sla_shares_are_fractions_and_counts_add_up(rows: list[Any]) -> None:
    items = []
    for ack, resp, plan, close, age in rows:
        start = NOW - timedelta(hours=age)
        at = {k: start + timedelta(hours=v) if v is not None else None
              for k, v in zip(("acknowledged_at", "responded_at", "planned_at", "closed_at"),
                              (ack, resp, plan, close), strict=True)}  # fmt: skip
        items.append(
            ActionItem(
                status="closed" if close is not None else "open",
                created_at=start,
                **{
                    due: start + timedelta(hours=HOURS[k])
                    for k, (_, due) in zip(HOURS, DUE, strict=True)
                },
                **at,
            )  # fmt: skip
        )
    f = action_sla.figures(items, NOW)
    assert f["items"] == len(items)
    assert 0 <= f["open_overdue"] <= f["items"] - f["closed"]
    for s in f["stages"].values():
        assert 0 <= s["on_time"] <= s["due"] <= f["items"]
        assert s["share"] is None if s["due"] == 0 else 0 <= s["share"] <= 1
    if f["median_hours_to_close"] is not None:
        assert f["closed"] > 0


@pytest.mark.world("actions")
def test_items_of_hidden_groups_are_not_counted(world: dict[str, Any]) -> None:
    """One peer (threshold 3) failed a critical item: the peer row is hidden, so its item is
    neither counted nor timed; a supervisor's item (threshold 1) counts."""
    subject = world["staff"][0]

    def failed(relationship: str) -> None:
        row = add_submission(world["campaign"], world["version"], subject.id, relationship,
                             good_answers(greeted=False), unit_id=world["store"].id)  # fmt: skip
        assert actions.create_for_submission(db.session, row, T0)

    failed("peer")
    db.session.commit()
    assert action_sla.sla_by_unit(db.session, {}, NOW) == []
    failed("supervisor")
    db.session.commit()
    [unit] = action_sla.sla_by_unit(db.session, {}, NOW)
    assert unit["items"] == 1 and unit["open_overdue"] == 1
