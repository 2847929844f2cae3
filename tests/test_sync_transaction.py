"""SPEC §8: the sync transaction sequence (server.services.sync.batch): the decide-and-write
transaction is replayed on a PostgreSQL deadlock or serialization failure, at most
ATTEMPTS times, and on nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from server.extensions import db
from server.services.sync import batch, sync
from tests.factories import make_user


class _Refusal(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing(monkeypatch: pytest.MonkeyPatch, sqlstates: list[str]) -> list[int]:
    """Make sync_batch refuse with each SQLSTATE in turn, then run for real."""
    real = sync.sync_batch
    calls: list[int] = []

    def refusing(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        calls.append(1)
        if len(calls) <= len(sqlstates):
            raise OperationalError("INSERT", {}, _Refusal(sqlstates[len(calls) - 1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(sync, "sync_batch", refusing)
    return calls


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_a_serialization_failure_or_deadlock_is_replayed(app, monkeypatch, sqlstate) -> None:
    user = make_user()
    calls = _failing(monkeypatch, [sqlstate, sqlstate])
    assert batch.store_batch(db.session, user, []) == []
    assert len(calls) == 3


def test_replays_stop_after_the_last_attempt(app, monkeypatch) -> None:
    user = make_user()
    calls = _failing(monkeypatch, ["40001"] * batch.ATTEMPTS)
    with pytest.raises(OperationalError):
        batch.store_batch(db.session, user, [])
    assert len(calls) == batch.ATTEMPTS


def test_other_database_errors_are_not_replayed(app, monkeypatch) -> None:
    user = make_user()
    calls = _failing(monkeypatch, ["53300"])
    with pytest.raises(OperationalError):
        batch.store_batch(db.session, user, [])
    assert len(calls) == 1
