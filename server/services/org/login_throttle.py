"""Login lockout in the database: holds across any number of workers and app servers.

Rules (config, "N per M minutes"): LOGIN_LIMIT_PER_ACCOUNT failed logins per account
(normalised email, so case and spaces do not give fresh guesses; unknown accounts are counted
alike so the lockout does not reveal which exist), LOGIN_LIMIT_PER_ADDRESS per client address,
and LOGIN_LIMIT_PER_ACCOUNT wrong current passwords per user on a password change. The window
slides: an attempt is refused with 429 and Retry-After while the key has `N` counted attempts
in the last `M` minutes, the right password included; refused attempts are not counted, so a
lockout ends `M` minutes after the failures that caused it.

Choices:
- The store is the database, always: every app server of a documented deployment shares it
  (the users are there), it needs no extra service, and it works the same on SQLite and
  PostgreSQL. Flask-Limiter keeps only the other throttles (public customer links), whose
  store is RATELIMIT_STORAGE_URI (the database by default, server/ratelimit_store.py, or
  Redis when configured).
- Concurrency: an attempt is written (committed) before the password is checked, then the
  other rows of its key are counted; a right password deletes its row again. Of two parallel
  attempts each sees the other once both are committed, so parallel requests cannot get
  more than N guesses through (at worst an attempt in flight makes a parallel one wait).
- Each write is its own short transaction (insert, or delete); the password hash is checked
  outside it. Expired rows are deleted as new attempts come in.
- Keys are stored as SHA-256 digests (no email or address in this table).
- RATELIMIT_ENABLED = False (benchmarks, browser tests) turns this off too.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from limits import parse
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.domain_errors import Term, TooManyRequests, rate_limit
from server.models import LoginAttempt
from server.models.base import utcnow


@dataclass(frozen=True)
class Rule:
    """One lockout: `scope` ("account", "address", "password"), raw `key`, `limit` text."""

    scope: str
    key: str
    limit: str


@dataclass
class Ticket:
    """The attempt rows written for one request (deleted by `release` on success)."""

    ids: list[int] = field(default_factory=list)


def digest(scope: str, key: str) -> str:
    """Fixed-length stored key; any string (even a lone surrogate) hashes."""
    return hashlib.sha256(f"{scope}\x00{key}".encode("utf-8", "surrogatepass")).hexdigest()


def _window(limit: str) -> tuple[int, timedelta, Term]:
    item = parse(limit)
    text = rate_limit(item.amount, item.multiples, item.GRANULARITY.name)
    return item.amount, timedelta(seconds=item.get_expiry()), text


def _record(session: Session, rules: list[Rule], spans: list[timedelta], now: datetime) -> list:
    """Write (and commit) one attempt row per rule; drop the rows that left their window."""
    rows = []
    for rule, span in zip(rules, spans, strict=True):
        expired = (LoginAttempt.scope == rule.scope) & (LoginAttempt.at <= now - span)
        session.execute(delete(LoginAttempt).where(expired))
        rows.append(LoginAttempt(scope=rule.scope, key=digest(rule.scope, rule.key), at=now))
    session.add_all(rows)
    session.commit()
    return rows


def _retry_after(session: Session, row: LoginAttempt, amount: int, span: timedelta) -> int | None:
    """Seconds until the key may try again when `amount` other attempts are in the window,
    else None (this attempt is allowed)."""
    times = session.scalars(
        select(LoginAttempt.at)
        .where(
            LoginAttempt.scope == row.scope,
            LoginAttempt.key == row.key,
            LoginAttempt.at > row.at - span,
            LoginAttempt.id != row.id,
        )
        .order_by(LoginAttempt.at)
    ).all()
    if len(times) < amount:
        return None
    # Allowed again once enough of the counted attempts have left the window.
    wait = (times[len(times) - amount] + span - row.at).total_seconds()
    return max(1, math.ceil(wait))


def reserve(
    session: Session, rules: list[Rule], now: datetime | None = None, enabled: bool = True
) -> Ticket:
    """Count this attempt under every rule, or refuse it (429 with Retry-After).

    Commits: the attempt must be visible to every other worker before the password is checked.
    """
    if not enabled or not rules:
        return Ticket()
    now = now or utcnow()
    windows = [_window(rule.limit) for rule in rules]
    rows = _record(session, rules, [span for _amount, span, _text in windows], now)
    ticket = Ticket([row.id for row in rows])
    for row, (amount, span, text) in zip(rows, windows, strict=True):
        wait = _retry_after(session, row, amount, span)
        if wait is not None:
            release(session, ticket)
            session.commit()
            raise TooManyRequests(
                "too_many_requests",
                "Too many requests (limit: {limit}). Try again later.",
                params={"limit": text},
                retry_after=wait,
            )
    return ticket


def release(session: Session, ticket: Ticket) -> None:
    """Uncount the attempt (the password was right); the caller commits."""
    if ticket.ids:
        session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(ticket.ids)))
