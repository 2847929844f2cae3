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
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from server.database import READ_ONLY
from server.models import User
from server.services.sync import sync, sync_prepare

#: PostgreSQL deadlock / serialization failures: the whole batch is safe to replay.
RETRYABLE_SQLSTATES = ("40P01", "40001")
ATTEMPTS = 3


def store_batch(session: Session, user: User, items: list[Any]) -> list[dict[str, Any]]:
    """Store a batch of client submissions; one result dict per item, in order."""
    prepared = prepare_unlocked(session, user.id, items)
    for attempt in range(ATTEMPTS):
        try:
            results = sync.sync_batch(session, user, items, prepared=prepared)
            session.commit()
            return results
        except OperationalError as err:
            session.rollback()
            if attempt == ATTEMPTS - 1 or not retryable(err):
                raise
    raise AssertionError("unreachable")


def prepare_unlocked(session: Session, user_id: int, items: list[Any]) -> sync_prepare.Prepared:
    """Parse, validate and score the batch outside any write transaction (step 1)."""
    session.rollback()
    prepared = sync_prepare.parse(items)
    session.connection(execution_options={READ_ONLY: True})
    facts = sync_prepare.load(session, user_id, prepared)
    session.rollback()
    sync_prepare.check(prepared, facts)
    return prepared


def retryable(err: OperationalError) -> bool:
    """Tell whether the database refused the transaction in a way a replay may fix."""
    return getattr(err.orig, "sqlstate", None) in RETRYABLE_SQLSTATES
