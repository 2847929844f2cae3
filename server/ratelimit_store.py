"""`database://`: Flask-Limiter's counters in the app's own database (the default store).

The public customer links are throttled per client address by Flask-Limiter; its usual
stores are per process (`memory://`) or an extra service (`redis://`). With the default
`RATELIMIT_STORAGE_URI = "database://"` the counters live in the `rate_limit_counter` table,
so a limit counted on one app server (or gunicorn worker) holds on every other one, with no
extra service, on SQLite and PostgreSQL alike, like the login lockout
(server/services/org/login_throttle.py). `redis://…` remains the choice for high request
rates (no database write per throttled request).

Fixed windows (Flask-Limiter's default strategy): a key's row holds its count and when its
window ends; the first hit after that starts a new window. Each hit is one short write
transaction (`UPDATE … SET count = CASE …`; INSERT when the key is new, retried as an UPDATE
if another node inserted first). Expired rows are deleted by the housekeeping task.
Importing this module registers the scheme with `limits`.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from limits.storage import Storage
from sqlalchemy import case, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from server.database import write_transaction
from server.extensions import db
from server.models import RateLimitCounter
from server.models.base import utcnow

_T = RateLimitCounter.__table__.c


class DatabaseStorage(Storage):
    """A `limits` storage on the app's SQLAlchemy database (used inside app contexts)."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str = "database://", wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = utcnow()
        until = now + timedelta(seconds=expiry)
        with write_transaction(db.session) as session:
            if not _bump(session, key, amount, now, until):
                try:
                    with session.begin_nested():
                        session.execute(
                            insert(RateLimitCounter).values(key=key, count=amount, expires_at=until)
                        )
                except IntegrityError:  # another node created it meanwhile
                    _bump(session, key, amount, now, until)
            return int(session.scalar(select(_T.count).where(_T.key == key)) or 0)

    def get(self, key: str) -> int:
        stmt = select(_T.count).where(_T.key == key, _T.expires_at > utcnow())
        return int(db.session.scalar(stmt) or 0)

    def get_expiry(self, key: str) -> float:
        stmt = select(_T.expires_at).where(_T.key == key, _T.expires_at > utcnow())
        until = db.session.scalar(stmt)
        return until.timestamp() if until else time.time()

    def check(self) -> bool:
        try:
            db.session.execute(select(_T.key).limit(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with write_transaction(db.session) as session:
            return int(session.execute(delete(RateLimitCounter)).rowcount)  # type: ignore[attr-defined]

    def clear(self, key: str) -> None:
        with write_transaction(db.session) as session:
            session.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))


def _bump(session: Session, key: str, amount: int, now: Any, until: Any) -> bool:
    """Add `amount` to the key's window (a new window when it ended); False if no row."""
    ended = _T.expires_at <= now
    stmt = (
        update(RateLimitCounter)
        .where(_T.key == key)
        .values(
            count=case((ended, amount), else_=_T.count + amount),
            expires_at=case((ended, until), else_=_T.expires_at),
        )
    )
    return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]
