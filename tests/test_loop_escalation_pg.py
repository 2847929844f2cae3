"""Issue 14 §2 on PostgreSQL: two consumers escalating the same overdue item at once (in
different slots, so the slot claim does not separate them) record each level once and send
each notice once: the unique (item, stage, level) row decides."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from server.extensions import db
from server.models import ActionEscalation, Notification
from server.services.actions import escalation
from tests.loop_world import loop_world, make_item

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def test_two_consumers_escalate_once(pg_app: Flask) -> None:
    w = loop_world()
    item_id = make_item(w, T0).id
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def consumer(minutes: int) -> None:
        with pg_app.app_context():
            try:
                barrier.wait(timeout=10)
                now = T0 + timedelta(hours=30, minutes=minutes)
                results.append(escalation.escalate(db.session, now))
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported below
                results.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=consumer, args=(m,)) for m in (0, 15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(isinstance(r, dict) for r in results), results
    rows = db.session.execute(
        select(ActionEscalation.stage, ActionEscalation.level, func.count())
        .where(ActionEscalation.item_id == item_id)
        .group_by(ActionEscalation.stage, ActionEscalation.level)
    ).all()
    assert sorted(rows) == [("ack", 1, 1), ("ack", 2, 1), ("response", 1, 1)]
    assert sum(r["escalations"] for r in results) == 3
    keys = db.session.scalars(select(Notification.key)).all()
    assert len(keys) == len(set(keys))
    assert sum(1 for k in keys if k.startswith(f"action:{item_id}:")) == 4  # owner, boss, HR, owner
