"""Password reset and invitations: one-time links sent by mail (server/mail).

The links point to the PWA (`#/reset?token=…`), which posts the token back with the new
password. Tokens: server/services/org/account_tokens.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request

from server import mail
from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.domain_errors import DomainError
from server.errors import ApiError
from server.extensions import db
from server.models import MailMessage, User
from server.schemas.account import (
    AcceptedSchema,
    InvitationSchema,
    PasswordResetConfirmSchema,
    PasswordResetRequestSchema,
)
from server.services.org import account_tokens, accounts, login_throttle, users_admin
from server.tasks import mail as mail_tasks

blp = Blueprint(
    "account", __name__, url_prefix="/api/v1", description="Password reset and invitations"
)


@blp.route("/auth/password-reset", methods=["POST"])
@blp.arguments(PasswordResetRequestSchema)
@blp.response(202, AcceptedSchema)
def request_password_reset(body: dict[str, str]) -> dict[str, str]:
    """Mail a one-time link to choose a new password (valid PASSWORD_RESET_HOURS).

    The answer is the same 202 whether or not the address has an (active) account, so it
    reveals nothing. 429 with Retry-After after PASSWORD_RESET_LIMIT_PER_ACCOUNT requests for
    one address or PASSWORD_RESET_LIMIT_PER_ADDRESS from one client."""
    email = accounts.normalise_email(body["email"])
    _reserve(
        [
            login_throttle.Rule("reset", email, _cfg("PASSWORD_RESET_LIMIT_PER_ACCOUNT")),
            _address_rule(),
        ]
    )
    user = accounts.find_by_email(db.session, email)
    if user is not None and user.active:
        valid_for = timedelta(hours=current_app.config["PASSWORD_RESET_HOURS"])
        issued = account_tokens.issue(db.session, user, "password_reset", valid_for)
        accounts.audit(db.session, None, "password_reset_requested", user, ip=request.remote_addr)
        _mail(user, issued, valid_for, {})
    return {"status": "accepted"}


@blp.route("/auth/password-reset/confirm", methods=["POST"])
@blp.arguments(PasswordResetConfirmSchema)
@blp.response(204)
def confirm_password_reset(body: dict[str, str]) -> None:
    """Choose a password with a mailed link (reset or invitation); the link then stops
    working and every session of the account ends: sign in with the new password.

    410 `invalid_token` (unknown, used, expired, or the password changed since); 422
    `weak_password`. Failures count against PASSWORD_RESET_LIMIT_PER_ADDRESS (429)."""
    ticket = _reserve([_address_rule()])
    try:
        user = account_tokens.redeem(db.session, body["token"], body["password"])
    except DomainError:
        db.session.rollback()
        raise
    login_throttle.release(db.session, ticket)
    accounts.audit(db.session, user, "password_set_by_link", user, ip=request.remote_addr)
    db.session.commit()


@blp.route("/users/<id:user_id>/invitation", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(202, InvitationSchema)
def invite_user(user_id: int) -> dict[str, Any]:
    """HR/admin: mail the user a one-time link to choose their first password (valid
    INVITATION_DAYS), in the user's language. HR cannot invite hr/admin accounts (403).
    409 `password_already_set` (they can use "Forgot password?"), `user_inactive`."""
    user = users_admin.get_user(db.session, user_id)
    if user.role in users_admin.PRIVILEGED and current().role != "admin":
        raise ApiError(403, "forbidden", "Only an admin manages hr and admin accounts.")
    valid_for = timedelta(days=current_app.config["INVITATION_DAYS"])
    issued = account_tokens.issue(db.session, user, "invitation", valid_for)
    accounts.audit(db.session, current(), "invitation_sent", user, ip=request.remote_addr)
    row = _mail(user, issued, valid_for, {"kind": "invitation"})
    return {"message_id": row.id, "recipient": row.recipient, "expires_at": issued.row.expires_at}


def _mail(
    user: User, issued: account_tokens.Issued, valid_for: timedelta, query: dict[str, str]
) -> MailMessage:
    """Record the link's message, commit, then queue its sending."""
    purpose = issued.row.purpose
    link = f"{_base_url()}/#/reset?{urlencode({'token': issued.secret, **query})}"
    outgoing = mail.message_for(
        user,
        purpose,
        key=f"{purpose}:{issued.row.id}",
        context={"link": link, "valid_for": valid_for},
    )
    row, created = mail.outbox.record(db.session, outgoing)
    message_id = row.id
    db.session.commit()  # the task runs in its own session: nothing may hold the lock here
    if created:
        mail_tasks.send(message_id, outgoing)
    return row


def _base_url() -> str:
    return str(current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def _address_rule() -> login_throttle.Rule:
    limit = _cfg("PASSWORD_RESET_LIMIT_PER_ADDRESS")
    return login_throttle.Rule("reset_address", request.remote_addr or "-", limit)


def _cfg(key: str) -> str:
    return str(current_app.config[key])


def _reserve(rules: list[login_throttle.Rule]) -> login_throttle.Ticket:
    enabled = bool(current_app.config.get("RATELIMIT_ENABLED", True))
    return login_throttle.reserve(db.session, rules, enabled=enabled)
