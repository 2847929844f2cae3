"""One-time account links: a password reset, or an invitation to choose a first password.

A token is 32 random bytes (URL-safe text) given to the user once, in a mailed link; only
its SHA-256 is stored (256 random bits need no slow hash). It sets the password once:
it is refused when used, expired (a reset after PASSWORD_RESET_HOURS, an invitation after
INVITATION_DAYS), when the account is inactive, or when the password changed since the
token was issued (any change: another reset, the user's own change, HR's reset), because
the token keeps a digest of the password hash of its moment (`stamp`). Using it renews the
user's session token, so every session signed in before ends, as a password change does.
Every refusal is the same error: a link that is unknown, used or expired says nothing more.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Gone
from server.models import AccountToken, User
from server.models.base import utcnow
from server.services.org import accounts, passwords

PURPOSES = ("password_reset", "invitation")
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Issued:
    """A new token: the row, and the secret text that goes in the link (never stored)."""

    row: AccountToken
    secret: str


def digest(secret: str) -> str:
    """The stored form of a token (any text, even a lone surrogate, hashes)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _stamp(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()


def issue(
    session: Session, user: User, purpose: str, valid_for: timedelta, now: datetime | None = None
) -> Issued:
    """Make a token for `user` (flushes, so the row has its id)."""
    if purpose == "invitation" and user.password_hash:
        raise Conflict("password_already_set", "This user has already chosen a password.")
    if not user.active:
        raise Conflict("user_inactive", "This account is deactivated.")
    now = now or utcnow()
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    row = AccountToken(
        digest=digest(secret),
        user_id=user.id,
        purpose=purpose,
        stamp=_stamp(user),
        created_at=now,
        expires_at=now + valid_for,
    )
    session.add(row)
    session.flush()
    return Issued(row, secret)


def _usable(session: Session, secret: str, now: datetime) -> tuple[AccountToken, User]:
    row = session.scalars(select(AccountToken).where(AccountToken.digest == digest(secret))).first()
    user = session.get(User, row.user_id) if row is not None else None
    if (
        row is None
        or user is None
        or row.used_at is not None
        or row.expires_at <= now
        or not user.active
        or row.stamp != _stamp(user)
    ):
        raise Gone("invalid_token", "This link is invalid, used or expired. Ask for a new one.")
    return row, user


def redeem(session: Session, secret: str, password: str, now: datetime | None = None) -> User:
    """Set the password with a token, once; every session of the user ends."""
    now = now or utcnow()
    row, user = _usable(session, secret, now)
    accounts.validate_password(password)
    row.used_at = now
    user.password_hash = passwords.hash_password(password)
    user.rotate_session_token()
    return user
