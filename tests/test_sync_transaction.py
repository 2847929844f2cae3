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


def test_a_customer_response_takes_the_same_replayed_write_path(app, monkeypatch) -> None:
    """Issue 12 §3: a public-link response is prepared unlocked, then written and replayed
    on a serialization failure exactly like a field batch."""
    from server.models import CustomerLink, Submission
    from server.services.sync import customer_responses
    from tests.factories import field_form, make_campaign, make_link, save_form, sub

    version = save_form(field_form())
    link = make_link(make_campaign("customer", form=version), make_user())
    real = customer_responses.submit
    calls: list[Any] = []

    def refusing(*args: Any, **kwargs: Any) -> tuple[str, str]:
        calls.append(kwargs.get("prepared"))
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, _Refusal("40001"))
        return real(*args, **kwargs)

    monkeypatch.setattr(customer_responses, "submit", refusing)
    body = sub(None, version)
    assert batch.store_response(db.session, link.token, body, "127.0.0.1") == (
        body["id"],
        "created",
    )
    assert len(calls) == 2 and calls[0] is calls[1] and calls[0].errors == {}
    db.session.expire_all()
    assert db.session.get(Submission, body["id"]) is not None
    assert db.session.get(CustomerLink, link.id).response_count == 1
