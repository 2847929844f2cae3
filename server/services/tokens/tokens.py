"""API tokens: issue (the secret shown once), list, revoke, authenticate, record use.

A token is `svt_<prefix>_<secret>`: `prefix` is 12 hex characters that find the row, the
secret 32 random bytes (URL-safe text). Only the SHA-256 of the secret is stored (256
random bits need no slow hash) and compared in constant time; an unknown prefix is
compared against a dummy digest so both refusals take the same path.

A token authenticates as its creator, who must still be an active admin: demoting or
deactivating the creator disables their tokens (401), so a token never exceeds them.
Every refusal is 401 `invalid_token`; the message says malformed/unknown, expired,
revoked, or creator no longer allowed (only a holder of the secret learns which).

Use is recorded without a row per request: `last_used_at` and one `api_token_used` audit
event at most once a minute per token (a conditional UPDATE decides, so concurrent
requests in the same minute record once), and an event for every unsafe request (writes
such as the org sync are always audited).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from server.domain_errors import Invalid, NotFound, Unauthenticated
from server.models import ApiToken, User
from server.schemas.base import valid_id
from server.services.org import accounts
from server.services.tokens.scopes import SCOPE_NAMES

TOKEN_RE = re.compile(r"svt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
MAX_DAYS = 366
USE_EVENT_EVERY = timedelta(minutes=1)
_DUMMY = hashlib.sha256(b"no such token").hexdigest()


@dataclass(frozen=True)
class Issued:
    """A new token: the row, and the text given to the admin once (never stored)."""

    row: ApiToken
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def status(token: ApiToken, now: datetime) -> str:
    """'revoked', 'expired' or 'active'."""
    if token.revoked_at is not None:
        return "revoked"
    return "expired" if token.expires_at <= now else "active"


def issue(
    session: Session, actor: User, name: str, scopes: list[str], days: int, now: datetime
) -> Issued:
    """Create a token with these scopes, valid for `days` (1..MAX_DAYS)."""
    unknown = sorted(set(scopes) - set(SCOPE_NAMES))
    if unknown or not scopes or not 1 <= days <= MAX_DAYS:
        raise Invalid("invalid", "Choose known scopes and 1 to 366 days.", {"fields": {}})
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    row = ApiToken(
        name=name,
        prefix=prefix,
        secret_hash=digest(secret),
        scopes=sorted(set(scopes)),
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    accounts.audit(session, actor, "api_token_created", row, name=name, scopes=row.scopes)
    return Issued(row, f"svt_{prefix}_{secret}")


def list_tokens(session: Session) -> list[ApiToken]:
    """Every token, newest first (revoked and expired ones too)."""
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))


def revoke(session: Session, actor: User, token_id: int, now: datetime) -> ApiToken:
    """Revoke a token at once (idempotent: a second revocation changes nothing)."""
    row = session.get(ApiToken, token_id) if valid_id(token_id) else None
    if row is None:
        raise NotFound("not_found", "No such API token.")
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by_id = now, actor.id
        accounts.audit(session, actor, "api_token_revoked", row, name=row.name)
    session.flush()
    return row


def authenticate(session: Session, presented: str, now: datetime) -> tuple[ApiToken, User]:
    """The token and its creator for a presented bearer value; Unauthenticated otherwise."""
    match = TOKEN_RE.fullmatch(presented)
    if match is None:
        raise Unauthenticated("invalid_token", "The API token is malformed or unknown.")
    row = session.scalar(select(ApiToken).where(ApiToken.prefix == match.group(1)))
    expected = row.secret_hash if row is not None else _DUMMY
    if not hmac.compare_digest(digest(match.group(2)), expected) or row is None:
        raise Unauthenticated("invalid_token", "The API token is malformed or unknown.")
    if row.revoked_at is not None:
        raise Unauthenticated("invalid_token", "The API token was revoked.")
    if row.expires_at <= now:
        raise Unauthenticated("invalid_token", "The API token has expired.")
    creator = session.get(User, row.created_by_id)
    if creator is None or not creator.active or creator.role != "admin":
        raise Unauthenticated("invalid_token", "The API token's creator may no longer use it.")
    return row, creator


def record_use(
    session: Session, token_id: int, actor_id: int, use: dict[str, str | None], now: datetime
) -> bool:
    """Stamp `last_used_at` (at most once a minute) and write the usage event then, or
    always for an unsafe request (`use["write"]`); True when an event was written."""
    result = session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - USE_EVENT_EVERY),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    stamped = int(getattr(result, "rowcount", 0) or 0)
    if not stamped and not use.get("write"):
        return False
    actor = session.get(User, actor_id)
    token = session.get(ApiToken, token_id)
    details = {k: v for k, v in use.items() if k not in ("ip", "write")}
    accounts.audit(session, actor, "api_token_used", token, ip=use.get("ip"), **details)
    return True
