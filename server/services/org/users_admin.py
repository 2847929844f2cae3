"""HR/admin user management: list, create, edit, deactivate; only admins touch roles.

HR may create and edit employees and shoppers; creating or changing an hr/admin
account, or changing anyone's role, is an admin action. The last active admin cannot
be demoted or deactivated. Deactivation follows the leaver rule (server.services.org.leavers:
sessions end, pending rater tasks in draft/open campaigns are declined).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Forbidden, Invalid, NotFound
from server.models import OrgUnit, User
from server.schemas.base import valid_id
from server.services.org import accounts, leavers, passwords

PRIVILEGED = ("hr", "admin")
EDITABLE = ("name", "locale", "job_title", "unit_id", "manager_id", "employee_number")


def list_users(session: Session, filters: dict[str, Any]) -> tuple[list[User], int]:
    """Users matching role/active/unit/search filters, with the total before paging."""
    stmt = select(User)
    if filters.get("role"):
        stmt = stmt.where(User.role == filters["role"])
    if filters.get("active") is not None:
        stmt = stmt.where(User.active.is_(filters["active"]))
    if filters.get("unit_id"):
        stmt = stmt.where(User.unit_id == filters["unit_id"])
    if filters.get("q"):
        # A substring, literally: `%`, `_` and `\\` in the query match themselves.
        text = filters["q"].lower()
        stmt = stmt.where(
            or_(
                *(
                    func.lower(column).contains(text, autoescape=True)
                    for column in (User.name, User.email, User.employee_number)
                )
            )
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    stmt = (
        stmt.order_by(User.name, User.id)
        .offset(filters.get("offset", 0))
        .limit(filters.get("limit", 100))
    )
    return list(session.scalars(stmt)), total


def get_user(session: Session, user_id: int) -> User:
    """Return a user or raise 404."""
    user = session.get(User, user_id) if valid_id(user_id) else None
    if user is None:
        raise NotFound("not_found", "No such user.")
    return user


def _admin_only(actor: User, role: str | None) -> None:
    if role in PRIVILEGED and actor.role != "admin":
        raise Forbidden("forbidden", "Only an admin manages hr and admin accounts.")


def create(session: Session, actor: User, data: dict[str, Any]) -> User:
    """Create an account (HR: employee or shopper; admin: any role)."""
    _admin_only(actor, data["role"])
    _check_refs(session, data, None)
    fields = {
        k: data[k]
        for k in ("job_title", "unit_id", "manager_id", "employee_number")
        if data.get(k) is not None
    }
    if fields.get("employee_number") and session.scalar(
        select(User.id).where(User.employee_number == fields["employee_number"])
    ):
        raise Conflict("employee_number_taken", "This employee number is in use.")
    user = accounts.create_user(
        session,
        email=data["email"],
        name=data["name"],
        role=data["role"],
        password=data.get("password"),
        locale=data.get("locale", "zh-CN"),
        **fields,
    )
    accounts.audit(session, actor, "user_created", user, role=user.role)
    return user


def update(session: Session, actor: User, user: User, data: dict[str, Any]) -> User:
    """Edit profile fields, role (admin only), active flag or password."""
    _admin_only(actor, user.role)
    _check_refs(session, data, user)
    for key in EDITABLE:
        if key in data:
            setattr(user, key, data[key])
    if "role" in data and data["role"] != user.role:
        if actor.role != "admin":
            raise Forbidden("forbidden", "Only an admin changes roles.")
        _keep_an_admin(session, user, data["role"] != "admin")
        accounts.audit(session, actor, "role_changed", user, old=user.role, new=data["role"])
        user.role = data["role"]
        user.rotate_session_token()
    if "active" in data and data["active"] != user.active:
        _set_active(session, actor, user, data["active"])
    if data.get("password"):
        accounts.validate_password(data["password"])
        user.password_hash = passwords.hash_password(data["password"])
        user.rotate_session_token()
        accounts.audit(session, actor, "password_reset", user)
    session.flush()
    return user


def _set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Reactivate, or deactivate by the leaver rule (server.services.org.leavers)."""
    if active:
        accounts.set_active(user, True)
        accounts.audit(session, actor, "user_activated", user)
        return
    _keep_an_admin(session, user, True)
    leavers.deactivate_leaver(session, user, actor, "users_admin")


def _keep_an_admin(session: Session, user: User, removing: bool) -> None:
    if not removing or user.role != "admin":
        return
    admins = session.scalar(select(func.count()).where(User.role == "admin", User.active.is_(True)))
    if (admins or 0) <= 1:
        raise Conflict("last_admin", "Keep at least one active admin.")


def _check_refs(session: Session, data: dict[str, Any], user: User | None) -> None:
    errors = {}
    if data.get("unit_id") is not None and session.get(OrgUnit, data["unit_id"]) is None:
        errors["unit_id"] = "unknown_unit"
    manager_id = data.get("manager_id")
    if manager_id is not None:
        manager = session.get(User, manager_id)
        if manager is None or (user is not None and _manages(session, user.id, manager_id)):
            errors["manager_id"] = "unknown_or_cycle"
    if errors:
        raise Invalid("invalid", "Invalid references.", {"fields": errors})


def _manages(session: Session, user_id: int, manager_id: int) -> bool:
    """True when `manager_id` is `user_id` or reports (transitively) to them."""
    current: int | None = manager_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == user_id:
            return True
        seen.add(current)
        current = session.scalar(select(User.manager_id).where(User.id == current))
    return False
