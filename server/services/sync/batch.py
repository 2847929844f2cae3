"""One field sync request from received items to stored rows (SPEC §8), top to bottom.

1. Prepare with no write lock (`prepare_unlocked`): end the caller's transaction, parse the
   items, read the form versions and policies they need in a deferred read-only
   transaction, end it, then validate answers and compute scores with no transaction open
   (server.services.sync.sync_prepare). On SQLite every write transaction holds the one
   write lock (BEGIN IMMEDIATE), so the Python work stays outside it.
2. Decide and write inside one write transaction (server.services.sync.sync.sync_batch:
   lock the user's assignments it touches, decide each item in order, write the accepted
   rows), committed here.
3. Retry step 2 on a PostgreSQL deadlock or serialization failure, at most `ATTEMPTS`
   times in all: a batch is safe to replay (client ids are primary keys).

A customer response (`store_response`) takes the same three steps
(server.services.sync.customer_responses: `load`, `check`, then `submit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from server.database import READ_ONLY
from server.models import User
from server.services.sync import customer_responses, sync, sync_prepare
from server.services.sync.customer_repeat import DEFAULT_ZONE

#: PostgreSQL deadlock / serialization failures: the whole batch is safe to replay.
RETRYABLE_SQLSTATES = ("40P01", "40001")
ATTEMPTS = 3

T = TypeVar("T")


def store_batch(session: Session, user: User, items: list[Any]) -> list[dict[str, Any]]:
    """Store a batch of client submissions; one result dict per item, in order."""
    prepared = prepare_unlocked(session, user.id, items)
    return write_and_commit(
        session, lambda: sync.sync_batch(session, user, items, prepared=prepared)
    )


def store_response(
    session: Session, token: str, body: Any, ip: str | None, zone: str = DEFAULT_ZONE
) -> tuple[str, str]:
    """Store one customer response; (id, "created" | "late" | "duplicate"), or a domain error.

    `zone` is the time zone whose calendar day the link's daily repeat policy counts in."""
    _begin_read(session)
    prepared = customer_responses.load(session, token, body)
    session.rollback()
    customer_responses.check(prepared)
    return write_and_commit(
        session,
        lambda: customer_responses.submit(session, token, body, ip, prepared=prepared, zone=zone),
    )


def prepare_unlocked(session: Session, user_id: int, items: list[Any]) -> sync_prepare.Prepared:
    """Parse, validate and score the batch outside any write transaction (step 1)."""
    prepared = sync_prepare.parse(items)
    _begin_read(session)
    facts = sync_prepare.load(session, user_id, prepared)
    session.rollback()
    sync_prepare.check(prepared, facts)
    return prepared


def write_and_commit(session: Session, write: Callable[[], T]) -> T:
    """Run the decide-and-write step in its own transaction and commit it (steps 2 and 3)."""
    for attempt in range(ATTEMPTS):
        try:
            result = write()
            session.commit()
            return result
        except OperationalError as err:
            session.rollback()
            if attempt == ATTEMPTS - 1 or not retryable(err):
                raise
    raise AssertionError("unreachable")


def _begin_read(session: Session) -> None:
    """End the caller's transaction and begin a read that takes no write lock."""
    session.rollback()
    session.connection(execution_options={READ_ONLY: True})


def retryable(err: OperationalError) -> bool:
    """Tell whether the database refused the transaction in a way a replay may fix."""
    return getattr(err.orig, "sqlstate", None) in RETRYABLE_SQLSTATES
