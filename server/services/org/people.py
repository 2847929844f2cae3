"""How a person is shown in responses: the one builder of person dicts (issue 12 §4).

`person(user, shown)` gives the named attributes of a user, or None for no user. The
sizes in use: `NAMED` (a visit's shopper), `CARD` (field app, visit review, customer page,
team views), `CONTACT` (HR's list of outstanding assignments) and `HR` (HR's assignment,
nomination and link views). `unit(unit)` is the org unit reference the same responses give
(`{id, name, path}`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.models import OrgUnit, User

NAMED = ("id", "name")
CARD = (*NAMED, "job_title")
CONTACT = ("id", "name", "email", "employee_number")
HR = (*CONTACT, "job_title")
UNIT = ("id", "name", "path")


def person(user: User | None, shown: tuple[str, ...] = CARD) -> dict[str, Any] | None:
    """The `shown` attributes of a user, in that order; None for no user."""
    return _pick(user, shown)


def person_by_id(
    session: Session, user_id: int | None, shown: tuple[str, ...] = CARD
) -> dict[str, Any] | None:
    """`person` of the user with this id (None for no id or no such user)."""
    return person(session.get(User, user_id) if user_id else None, shown)


def unit(row: OrgUnit | None) -> dict[str, Any] | None:
    """An org unit as responses refer to it: id, bilingual name, path (None for none)."""
    return _pick(row, UNIT)


def unit_by_id(session: Session, unit_id: int | None) -> dict[str, Any] | None:
    """`unit` of the unit with this id (None for no id or no such unit)."""
    return unit(session.get(OrgUnit, unit_id) if unit_id else None)


def _pick(row: Any, shown: tuple[str, ...]) -> dict[str, Any] | None:
    return None if row is None else {name: getattr(row, name) for name in shown}
