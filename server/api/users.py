"""HR/admin: user accounts. HR manages employees and shoppers; only admins change roles."""

from __future__ import annotations

from typing import Any

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.models import User
from server.schemas.org import (
    AdminUserSchema,
    UserCreateSchema,
    UserListArgs,
    UserListSchema,
    UserUpdateSchema,
)
from server.services.org import users_admin

blp = Blueprint(
    "users", __name__, url_prefix="/api/v1/users", description="User administration (hr, admin)"
)


@blp.route("", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(UserListArgs, location="query")
@blp.response(200, UserListSchema)
def list_users(args: dict[str, Any]) -> dict[str, Any]:
    """Users (filters: role, active, unit_id, q = name/email/number; offset, limit)."""
    users, total = users_admin.list_users(db.session, args)
    return {"users": users, "total": total}


@blp.route("", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(UserCreateSchema)
@blp.response(201, AdminUserSchema)
def create_user(body: dict[str, Any]) -> User:
    """Create an account. HR: role employee|shopper (hr/admin: 403); 409 `email_taken`,
    `employee_number_taken`; 422 `weak_password`."""
    user = users_admin.create(db.session, current(), body)
    db.session.commit()
    return user


@blp.route("/<id:user_id>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, AdminUserSchema)
def get_user(user_id: int) -> User:
    """One account."""
    return users_admin.get_user(db.session, user_id)


@blp.route("/<id:user_id>", methods=["PATCH"])
@roles_required(*STAFF_ROLES)
@blp.arguments(UserUpdateSchema)
@blp.response(200, AdminUserSchema)
def update_user(body: dict[str, Any], user_id: int) -> User:
    """Edit name, locale, job title, unit, manager, employee number; {active: false}
    deactivates (every session ends); {password} resets it; {role} is admin-only (403),
    and the last active admin stays (409 `last_admin`). HR cannot edit hr/admin accounts."""
    user = users_admin.get_user(db.session, user_id)
    users_admin.update(db.session, current(), user, body)
    db.session.commit()
    return user
