"""Login, logout and the current user."""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import exists, select

from server.api.access import current, login_required
from server.api.body import Blueprint
from server.database import end_read
from server.domain_errors import DomainError, Forbidden
from server.errors import ApiError
from server.extensions import db
from server.models import User
from server.schemas.auth import LoginSchema, MeSchema, PasswordChangeSchema
from server.security import csrf_token
from server.services.org import accounts, login_throttle

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sessions and the current user")


def user_payload(user: User) -> dict[str, object]:
    """Serialise the current user with their CSRF token."""
    is_manager = db.session.scalar(select(exists().where(User.manager_id == user.id)))
    data = {
        c: getattr(user, c)
        for c in (
            "id",
            "email",
            "name",
            "role",
            "locale",
            "employee_number",
            "job_title",
            "unit_id",
        )
    }
    data["is_manager"] = bool(is_manager)
    return {"user": data, "csrf_token": csrf_token()}


@blp.route("/auth/login", methods=["POST"])
@blp.arguments(LoginSchema)
@blp.response(200, MeSchema)
def login(body: dict[str, str]) -> dict[str, object]:
    """Log in with email and password; the session cookie is rotated.

    Locked out (429 with Retry-After, the right password included) after LOGIN_LIMIT_PER_ACCOUNT
    failures for the email or LOGIN_LIMIT_PER_ADDRESS from the address within the window,
    across every worker and app server (server/services/org/login_throttle.py)."""
    email = accounts.normalise_email(body["email"])
    ticket = _reserve(
        [
            login_throttle.Rule("account", email, _cfg("LOGIN_LIMIT_PER_ACCOUNT")),
            login_throttle.Rule(
                "address", request.remote_addr or "-", _cfg("LOGIN_LIMIT_PER_ADDRESS")
            ),
        ]
    )
    user = _check_password(body["email"], body["password"])
    if user is None:
        accounts.audit(db.session, None, "login_failed", ip=request.remote_addr, email=email)
        db.session.commit()
        raise ApiError(401, "invalid_credentials", "Wrong email or password.")
    login_throttle.release(db.session, ticket)
    session.clear()  # new session contents: a fixated cookie is worthless
    login_user(user)
    accounts.audit(db.session, user, "login", user, ip=request.remote_addr)
    db.session.commit()
    return user_payload(user)


def _check_password(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. argon2 runs with no transaction
    open (SQLite: no write lock held while it hashes)."""
    stored = accounts.stored_credentials(db.session, email)
    end_read(db.session)
    if not accounts.password_matches(stored, password):
        return None
    return accounts.signed_in_user(db.session, stored, password)


@blp.route("/auth/logout", methods=["POST"])
@blp.response(204)
@login_required
def logout() -> None:
    """End this session and every other cookie of the user."""
    user = current()
    user.rotate_session_token()
    accounts.audit(db.session, user, "logout", user, ip=request.remote_addr)
    db.session.commit()
    logout_user()
    session.clear()


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
@login_required
def me() -> dict[str, object]:
    """Return the current user and the CSRF token for unsafe requests."""
    return user_payload(current())


@blp.route("/me/password", methods=["POST"])
@login_required
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(body: dict[str, str]) -> None:
    """Change the password; every other session ends, this one is renewed.

    Wrong current passwords count like failed logins (LOGIN_LIMIT_PER_ACCOUNT per user)."""
    user = current()
    rule = login_throttle.Rule("password", str(user.id), _cfg("LOGIN_LIMIT_PER_ACCOUNT"))
    ticket = _reserve([rule])
    try:
        accounts.change_password(user, body["current_password"], body["new_password"])
    except DomainError as err:
        if not isinstance(err, Forbidden):  # only a wrong current password counts
            login_throttle.release(db.session, ticket)
            db.session.commit()
        raise
    login_throttle.release(db.session, ticket)
    accounts.audit(db.session, user, "password_changed", user, ip=request.remote_addr)
    db.session.commit()
    session.clear()
    login_user(user)


def _cfg(key: str) -> str:
    return str(current_app.config[key])


def _reserve(rules: list[login_throttle.Rule]) -> login_throttle.Ticket:
    enabled = bool(current_app.config.get("RATELIMIT_ENABLED", True))
    return login_throttle.reserve(db.session, rules, enabled=enabled)
