"""How a person is shown in responses: the one builder of person dicts (issue 12 §4).

`person(user, shown)` gives the named attributes of a user, or None for no user. The
sizes in use: `NAMED` (a visit's shopper), `CARD` (field app, visit review, customer page,
team views), `CONTACT` (HR's list of outstanding assignments) and `HR` (HR's assignment,
nomination and link views).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.models import User

NAMED = ("id", "name")
CARD = (*NAMED, "job_title")
CONTACT = ("id", "name", "email", "employee_number")
HR = (*CONTACT, "job_title")


def person(user: User | None, shown: tuple[str, ...] = CARD) -> dict[str, Any] | None:
    """The `shown` attributes of a user, in that order; None for no user."""
    if user is None:
        return None
    return {name: getattr(user, name) for name in shown}


def person_by_id(
    session: Session, user_id: int | None, shown: tuple[str, ...] = CARD
) -> dict[str, Any] | None:
    """`person` of the user with this id (None for no id or no such user)."""
    return person(session.get(User, user_id) if user_id else None, shown)
