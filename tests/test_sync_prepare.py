"""SPEC §8 sync protocol: Sync's lock-free step (server.services.sync.sync_prepare): answers are
validated and scored outside any transaction, and those results are used only while still true."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Submission
from server.services.sync import sync, sync_context, sync_prepare
from tests.factories import good_answers, sub

pytestmark = pytest.mark.world("field", store=False)


def _prepared(user_id: int, items: list[dict[str, Any]]) -> sync_prepare.Prepared:
    prepared = sync_prepare.parse(items)
    facts = sync_prepare.load(db.session, user_id, prepared)
    sync_prepare.check(prepared, facts)
    return prepared


def test_checks_run_outside_any_transaction(
    world: dict[str, Any], shopper_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite a transaction is the write lock: validation and scoring must not hold it."""
    seen: list[bool] = []
    real = sync_prepare.check

    def spy(prepared: Any, facts: Any) -> None:
        seen.append(db.session().in_transaction())
        real(prepared, facts)

    monkeypatch.setattr(sync_prepare, "check", spy)
    item = sub(world["assignment"], world["version"])
    resp = shopper_client.post("/api/v1/sync", json={"submissions": [item]})
    assert resp.status_code == 200 and resp.get_json()["results"][0]["status"] == "created"
    assert seen == [False]


def test_policy_changed_after_the_check_is_applied(
    world: dict[str, Any], shopper_client: Any
) -> None:
    """The stored scores follow the campaign's policy at write time, not at check time."""
    item = sub(world["assignment"], world["version"], answers=good_answers(greeted=False))
    world["campaign"].critical_policy = "flag_only"
    db.session.commit()
    user = shopper_client.user
    prepared = _prepared(user.id, [item])
    checked = prepared.checked[0]
    assert checked is not None and checked.policy == "flag_only"
    assert checked.score is not None and checked.score.form_score > 0
    world["campaign"].critical_policy = "form_zero"
    db.session.commit()
    [result] = sync.sync_batch(db.session, user, [item], prepared=prepared)
    assert result["status"] == "created"
    stored = db.session.get(Submission, item["id"])
    assert stored is not None and stored.form_score == 0.0


def test_a_check_from_another_definition_is_not_reused(
    world: dict[str, Any], shopper_client: Any
) -> None:
    item = sub(world["assignment"], world["version"])
    prepared = _prepared(shopper_client.user.id, [item])
    checked = prepared.checked[0]
    assert checked is not None
    same = sync_context.load_versions(db.session, {world["version"].id})[world["version"].id]
    assert checked.errors_for(same.definition) == {}
    assert checked.errors_for(dict(same.definition)) is None  # equal, but not the one checked
    assert checked.score_for(same.definition, checked.policy) is checked.score
    assert (
        checked.score_for(same.definition, "form_zero" if checked.policy != "form_zero" else None)
        is None
    )


def test_same_id_twice_in_a_batch_is_checked_per_position(
    world: dict[str, Any], shopper_client: Any
) -> None:
    first = sub(world["assignment"], world["version"], answers=good_answers(smile=5))
    second = {**first, "answers": good_answers(smile=1)}
    user = shopper_client.user
    prepared = _prepared(user.id, [first, second])
    a, b = prepared.checked
    assert a is not None and b is not None and a.score is not b.score
    results = sync.sync_batch(db.session, user, [first, second], prepared=prepared)
    assert [r["status"] for r in results] == ["created", "conflict"]
    stored = db.session.scalars(select(Submission).where(Submission.id == first["id"])).one()
    assert stored.answers["smile"] == 5
    assert stored.form_score == a.score.form_score


def test_sqlite_read_only_transactions_begin_deferred(app: Any) -> None:
    """A transaction marked READ_ONLY begins plain (no write lock); the next one is back to
    BEGIN IMMEDIATE, so writers still queue instead of failing with "database is locked"."""
    from sqlalchemy import event, text

    from server.database import READ_ONLY

    sent: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        db.session.rollback()
        db.session.connection(execution_options={READ_ONLY: True})
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        db.session.execute(text("SELECT 2"))
        db.session.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert sent == ["BEGIN", "SELECT 1", "BEGIN IMMEDIATE", "SELECT 2"]
