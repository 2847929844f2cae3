"""Accounts: creation, authentication, password changes and deactivation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.models import AuditEvent, User
from server.models.user import LOCALES, ROLES
from server.services import passwords


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
        raise ApiError(
            422,
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
        raise ApiError(
            422,
            "invalid",
            "Unknown role {role}.",
            {"fields": {"role": role}},
            params={"role": repr(role)},
        )
    if locale not in LOCALES:
        raise ApiError(
            422,
            "invalid",
            "Unknown locale {locale}.",
            {"fields": {"locale": locale}},
            params={"locale": repr(locale)},
        )
    if find_by_email(session, email) is not None:
        raise ApiError(409, "email_taken", "A user with this email already exists.")
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


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = find_by_email(session, email)
    if user is None:
        passwords.verify_password(None, password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        return None
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change a password and invalidate every existing session of the user."""
    if not passwords.verify_password(user.password_hash, current):
        raise ApiError(403, "invalid_credentials", "The current password is wrong.")
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
