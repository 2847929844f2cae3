"""SPEC §8 sync protocol: The bulk write path of a sync batch (server.services.sync.sync,
sync_context).

A batch is decided against one set of preloads and written with one executemany per
table inside a SAVEPOINT. These tests pin what must survive that: a concurrent
duplicate stored between our read and our write (simulated by a stale preload) falls
back to item-by-item SAVEPOINTs and still answers every item; items of one batch see
each other (same id twice, a replacement of an item sent earlier in the batch); the
in-process definition cache is keyed by (version id, sha256), never by id alone.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import Assignment, ItemScore, Submission
from server.services.sync import sync_context
from tests.factories import good_answers, sub

pytestmark = pytest.mark.world("field", visits=3)


def statuses(client: Any, *items: dict[str, Any]) -> list[str]:
    resp = client.post("/api/v1/sync", json={"submissions": list(items)})
    assert resp.status_code == 200, resp.get_json()
    return [r["status"] for r in resp.get_json()["results"]]


def count(model: Any = Submission) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("stale_calls", [1, 99], ids=["stale-once", "stale-always"])
def test_concurrent_duplicate_falls_back_item_by_item(
    world: dict[str, Any], monkeypatch: Any, stale_calls: int
) -> None:
    first, second, third = (sub(v, world["version"]) for v in world["visits"])
    assert statuses(world["client"], first) == ["created"]
    per_submission = count(ItemScore)
    real_prepare = sync_context.prepare
    calls = {"n": 0}

    def stale_prepare(session: Any, user_id: int, items: list[dict[str, Any]]) -> Any:
        # As if `first` were committed by another request right after this batch read.
        ctx = real_prepare(session, user_id, items)
        calls["n"] += 1
        if calls["n"] <= stale_calls:
            ctx.known.pop(first["id"], None)
            ctx.answered.discard(world["visits"][0].id)
        return ctx

    monkeypatch.setattr(sync_context, "prepare", stale_prepare)
    assert statuses(world["client"], second, first, third) == ["created", "duplicate", "created"]
    assert calls["n"] == 2  # the bulk write failed once, the item-by-item pass re-read
    db.session.expire_all()
    assert count() == 3
    assert count(ItemScore) == 3 * per_submission
    assert set(
        db.session.scalars(
            select(Assignment.status).where(Assignment.id.in_([v.id for v in world["visits"]]))
        )
    ) == {"submitted"}


def test_items_of_one_batch_see_each_other(world: dict[str, Any]) -> None:
    first = sub(world["visits"][0], world["version"])
    changed = {**first, "answers": good_answers(smile=1)}
    again = sub(world["visits"][0], world["version"])
    assert statuses(world["client"], first, first, changed, again) == [
        "created",
        "duplicate",
        "conflict",
        "conflict",
    ]
    db.session.expire_all()
    assert count() == 1


def test_definition_cache_is_keyed_by_version_hash(world: dict[str, Any]) -> None:
    version = world["version"]
    poisoned = {"sections": [], "poisoned": True}
    sync_context._definitions[(version.id, "0" * 64)] = poisoned
    loaded = sync_context.load_versions(db.session, {version.id})
    assert loaded[version.id].definition == version.definition
    assert sync_context._definitions[(version.id, version.sha256)] == version.definition
    assert statuses(world["client"], sub(world["visits"][0], version)) == ["created"]
