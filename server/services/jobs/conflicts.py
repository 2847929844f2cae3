"""HR's conflict list (a shopper never visits these units) and the shopper's home position."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import JobConflict, OrgUnit, ShopperHome, User
from server.services.org import accounts, people


def add(session: Session, actor: User, data: dict[str, Any]) -> JobConflict:
    """Record that a shopper must not visit a unit."""
    shopper = session.get(User, data["shopper_id"])
    errors = {}
    if shopper is None or shopper.role != "shopper":
        errors["shopper_id"] = "not_a_shopper"
    if session.get(OrgUnit, data["unit_id"]) is None:
        errors["unit_id"] = "unknown_unit"
    if errors:
        raise Invalid("invalid", "The conflict is invalid.", {"fields": errors})
    exists = session.scalar(
        select(JobConflict.id).where(
            JobConflict.shopper_id == data["shopper_id"], JobConflict.unit_id == data["unit_id"]
        )
    )
    if exists is not None:
        raise Conflict("duplicate", "This conflict is already recorded.")
    row = JobConflict(
        shopper_id=data["shopper_id"],
        unit_id=data["unit_id"],
        note=data.get("note"),
        created_by_id=actor.id,
    )
    session.add(row)
    session.flush()
    accounts.audit(session, actor, "job_conflict_added", row, unit_id=row.unit_id)
    return row


def remove(session: Session, actor: User, conflict_id: int) -> None:
    """Delete one entry of the conflict list."""
    row = session.get(JobConflict, conflict_id)
    if row is None:
        raise NotFound("not_found", "No such conflict.")
    accounts.audit(session, actor, "job_conflict_removed", row, unit_id=row.unit_id)
    session.delete(row)
    session.flush()


def listing(session: Session) -> list[dict[str, Any]]:
    """Every conflict, with the shopper and the unit named."""
    rows = session.execute(
        select(JobConflict, User, OrgUnit)
        .join(User, User.id == JobConflict.shopper_id)
        .join(OrgUnit, OrgUnit.id == JobConflict.unit_id)
        .order_by(JobConflict.id)
    ).all()
    return [
        {
            "id": row.id,
            "shopper": people.person(who, people.NAMED),
            "unit": people.unit(unit),
            "note": row.note,
        }
        for row, who, unit in rows
    ]


def home_of(session: Session, user: User) -> dict[str, Any] | None:
    """The shopper's home position, or None."""
    home = session.get(ShopperHome, user.id)
    if home is None:
        return None
    return {"latitude": home.latitude, "longitude": home.longitude, "area": home.area}


def set_home(session: Session, user: User, data: dict[str, Any]) -> dict[str, Any]:
    """Record where the shopper lives (the board's default origin)."""
    home = session.get(ShopperHome, user.id) or ShopperHome(user_id=user.id)
    home.latitude, home.longitude = data["latitude"], data["longitude"]
    home.area = data.get("area")
    session.add(home)
    session.flush()
    return home_of(session, user) or {}
