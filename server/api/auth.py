"""Login, logout and the current user."""

from __future__ import annotations

from flask import request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import exists, select

from server.api.access import current, login_required
from server.api.body import Blueprint
from server.errors import ApiError
from server.extensions import db, limiter
from server.models import User
from server.schemas.auth import LoginSchema, MeSchema, PasswordChangeSchema
from server.security import csrf_token
from server.services import accounts

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sessions and the current user")


def _login_account_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return "login:" + (accounts.normalise_email(email) if isinstance(email, str) else "-")


def _failed(response: object) -> bool:
    return getattr(response, "status_code", 0) == 401


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
@limiter.limit(
    lambda: _cfg("LOGIN_LIMIT_PER_ACCOUNT"), key_func=_login_account_key, deduct_when=_failed
)
@limiter.limit(lambda: _cfg("LOGIN_LIMIT_PER_ADDRESS"), deduct_when=_failed)
def login(body: dict[str, str]) -> dict[str, object]:
    """Log in with email and password; the session cookie is rotated."""
    user = accounts.authenticate(db.session, body["email"], body["password"])
    if user is None:
        accounts.audit(
            db.session,
            None,
            "login_failed",
            ip=request.remote_addr,
            email=accounts.normalise_email(body["email"]),
        )
        db.session.commit()
        raise ApiError(401, "invalid_credentials", "Wrong email or password.")
    session.clear()  # new session contents: a fixated cookie is worthless
    login_user(user)
    accounts.audit(db.session, user, "login", user, ip=request.remote_addr)
    db.session.commit()
    return user_payload(user)


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


def _password_change_key() -> str:
    user = current_user
    return "pwchange:" + (str(user.id) if user.is_authenticated else str(request.remote_addr))


def _wrong_current_password(response: object) -> bool:
    return getattr(response, "status_code", 0) == 403


@blp.route("/me/password", methods=["POST"])
@login_required
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@limiter.limit(
    lambda: _cfg("LOGIN_LIMIT_PER_ACCOUNT"),
    key_func=_password_change_key,
    deduct_when=_wrong_current_password,
)
def change_password(body: dict[str, str]) -> None:
    """Change the password; every other session ends, this one is renewed."""
    user = current()
    accounts.change_password(user, body["current_password"], body["new_password"])
    accounts.audit(db.session, user, "password_changed", user, ip=request.remote_addr)
    db.session.commit()
    session.clear()
    login_user(user)


def _cfg(key: str) -> str:
    from flask import current_app

    return str(current_app.config[key])
