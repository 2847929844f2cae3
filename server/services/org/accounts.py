"""Accounts: creation, authentication, password changes and deactivation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Forbidden, Invalid
from server.models import AuditEvent, User
from server.models.user import LOCALES, ROLES
from server.services.org import passwords


def normalise_email(email: str) -> str:
    """Return the canonical (trimmed, lower-case) form of an email address."""
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> User | None:
    """Look a user up by email, case-insensitively."""
    stmt = select(User).where(func.lower(User.email) == normalise_email(email))
    return session.scalars(stmt).first()


def validate_password(password: str) -> None:
    """Enforce the password policy."""
    if len(password) < passwords.MIN_PASSWORD_LENGTH:
        raise Invalid(
            "weak_password",
            "Password must have at least {min} characters.",
            {"fields": {"password": "too_short"}},
            params={"min": passwords.MIN_PASSWORD_LENGTH},
        )


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str | None,
    locale: str = "zh-CN",
    **fields: Any,
) -> User:
    """Create a user after checking role, locale, password policy and email uniqueness."""
    if role not in ROLES:
        raise Invalid(
            "invalid",
            "Unknown role {role}.",
            {"fields": {"role": role}},
            params={"role": repr(role)},
        )
    if locale not in LOCALES:
        raise Invalid(
            "invalid",
            "Unknown locale {locale}.",
            {"fields": {"locale": locale}},
            params={"locale": repr(locale)},
        )
    if find_by_email(session, email) is not None:
        raise Conflict("email_taken", "A user with this email already exists.")
    if password is not None:
        validate_password(password)
    user = User(
        email=normalise_email(email),
        name=name,
        role=role,
        locale=locale,
        password_hash=passwords.hash_password(password) if password else None,
        **fields,
    )
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class StoredCredentials:
    """What a login needs from the user row, as plain values (usable with no session)."""

    user_id: int | None
    password_hash: str | None
    active: bool


def stored_credentials(session: Session, email: str) -> StoredCredentials:
    """Read an account's id, hash and active flag (nothing for an unknown email)."""
    user = find_by_email(session, email)
    if user is None:
        return StoredCredentials(None, None, False)
    return StoredCredentials(user.id, user.password_hash, user.active)


def password_matches(stored: StoredCredentials, password: str) -> bool:
    """Check a password without the database (argon2 costs tens of milliseconds: callers
    end their transaction first so SQLite's write lock is not held meanwhile)."""
    ok = passwords.verify_password(stored.password_hash, password)
    return ok and stored.active and stored.user_id is not None


def signed_in_user(session: Session, stored: StoredCredentials, password: str) -> User | None:
    """The user whose credentials matched, its hash renewed if the parameters changed; None
    if the account was deactivated or its password changed since it was read."""
    user = session.get(User, stored.user_id)
    if user is None or not user.active or user.password_hash != stored.password_hash:
        return None
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    stored = stored_credentials(session, email)
    return signed_in_user(session, stored, password) if password_matches(stored, password) else None


def change_password(user: User, current: str, new: str) -> None:
    """Change a password and invalidate every existing session of the user."""
    if not passwords.verify_password(user.password_hash, current):
        raise Forbidden("invalid_credentials", "The current password is wrong.")
    validate_password(new)
    user.password_hash = passwords.hash_password(new)
    user.rotate_session_token()


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate a user; deactivation ends every session."""
    user.active = active
    if not active:
        user.rotate_session_token()


def audit(
    session: Session,
    actor: User | None,
    action: str,
    obj: object | None = None,
    ip: str | None = None,
    **details: object,
) -> AuditEvent:
    """Record who did what to which object."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=str(getattr(obj, "id", getattr(obj, "sha256", ""))) if obj is not None else None,
        details=dict(details),
        ip=ip,
    )
    session.add(event)
    return event
