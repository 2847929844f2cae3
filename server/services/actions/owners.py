"""Who owns an action item: the subject's manager when the rated employee has one, else the
head of the unit (a user of the unit's subtree who manages someone there and whose own
manager is outside it; the lowest id wins, walking up the tree when a unit has none). The
rated employee never owns an item about themselves."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import OrgUnit, User


def subtree(session: Session, unit: OrgUnit) -> set[int]:
    """Ids of the unit and every unit below it."""
    return set(
        session.scalars(
            select(OrgUnit.id).where(
                (OrgUnit.path == unit.path)
                | OrgUnit.path.startswith(unit.path + "/", autoescape=True)
            )
        )
    )


def unit_manager(session: Session, unit_id: int | None, exclude: int | None = None) -> int | None:
    """Return the head of a unit (see the module docstring), walking up the tree;
    `exclude` (the rated employee) is never returned."""
    unit = session.get(OrgUnit, unit_id) if unit_id is not None else None
    while unit is not None:
        units = subtree(session, unit)
        people = session.execute(
            select(User.id, User.manager_id).where(User.unit_id.in_(units), User.active.is_(True))
        ).all()
        members = {uid for uid, _ in people}
        managers = {mgr for _, mgr in people if mgr in members}
        heads = sorted(
            uid for uid, mgr in people if uid in managers and mgr not in members and uid != exclude
        )
        if heads:
            return heads[0]
        unit = session.get(OrgUnit, unit.parent_id) if unit.parent_id else None
    return None


def owner_for(session: Session, subject_id: int | None, unit_id: int | None) -> int | None:
    """The subject's manager, else the unit's head (never the subject themselves)."""
    if subject_id is not None:
        subject = session.get(User, subject_id)
        if subject is not None and subject.manager_id not in (None, subject_id):
            return subject.manager_id
        if subject is not None and unit_id is None:
            unit_id = subject.unit_id
    return unit_manager(session, unit_id, exclude=subject_id)
