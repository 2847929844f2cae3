"""Authorisation decorators shared by the blueprints."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask_login import current_user

from server.errors import ApiError
from server.models import User

F = TypeVar("F", bound=Callable[..., Any])


def current() -> User:
    """Return the logged-in user (only call inside a protected view)."""
    user = current_user._get_current_object()  # noqa: SLF001
    assert isinstance(user, User)
    return user


def login_required(view: F) -> F:
    """Answer 401 unless a valid session is present."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            raise ApiError(401, "unauthenticated", "Log in first.")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def roles_required(*roles: str) -> Callable[[F], F]:
    """Answer 401 without a session and 403 for a role outside `roles`."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                raise ApiError(401, "unauthenticated", "Log in first.")
            if current_user.role not in roles:
                raise ApiError(403, "forbidden", "Your role may not do this.")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


STAFF_ROLES = ("hr", "admin")
