"""The org sync: the org import as JSON, for an HR system that pushes its people nightly.

Same rules as the file import (server.services.org.org_import): every active row is
validated the same way, all-or-nothing, and every problem is reported with the row's
`index` (0-based position in `people`) instead of a spreadsheet line.

Leavers are deactivated, never deleted:
- a row with `active: false` (matched by employee number; an unknown one is skipped),
- in a `full` sync, every active *employee* with an employee number absent from `people`
  (shoppers, hr and admin accounts are not the HR system's and are never touched).
A row whose manager is a leaver is a problem (`manager_leaving`): the sync never leaves
someone reporting to a deactivated account.

The leaver rule (`deactivate_leaver`, server/services/org/leavers.py, shared with HR/admin
deactivating by hand): the account is deactivated (every session and its
API tokens end); its *pending* assignments as a rater in draft or open campaigns are
withdrawn (status `declined`, so completion no longer waits for them and the field app no
longer offers them); what they already submitted stays and counts; assignments where they
are the subject are kept (their review can still be completed and released; HR may remove
them); closed and released campaigns are never changed. Each leaver is an audit event
`user_deactivated` with `source: org_sync` and the number of withdrawn assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Invalid, Term
from server.models import User
from server.services.org import org_import
from server.services.org.leavers import deactivate_leaver
from server.services.org.org_file import COLUMNS, ImportRow

__all__ = ["SyncResult", "deactivate_leaver", "sync_org"]


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    rows: int = 0
    deactivated: list[str] = field(default_factory=list)
    withdrawn_assignments: int = 0
    skipped: int = 0


def sync_org(session: Session, people: list[dict[str, Any]], full: bool, actor: User) -> SyncResult:
    """Import the active rows, then deactivate the leavers; Invalid lists every bad row."""
    rows = [_row(i, p) for i, p in enumerate(people) if p.get("active", True)]
    gone = {
        p.get("employee_number") or "": i
        for i, p in enumerate(people)
        if not p.get("active", True) and p.get("employee_number")
    }
    leavers = _leavers(session, rows, gone, full)
    problems = _leaving_managers(rows, leavers, gone)
    try:
        imported = org_import.import_org(session, rows, actor)
    except Invalid as err:
        raise _by_index(err.details.get("rows", []) + problems) from None
    if problems:
        raise _by_index(problems)
    result = SyncResult(**{k: v for k, v in imported.__dict__.items()})
    result.skipped = len(gone) - sum(1 for u in leavers if u.employee_number in gone)
    for user in leavers:
        result.withdrawn_assignments += deactivate_leaver(session, user, actor, "org_sync")
        result.deactivated.append(user.employee_number or "")
    session.flush()
    return result


def _row(index: int, person: dict[str, Any]) -> ImportRow:
    values = {c: str(person.get(c) or "") for c in COLUMNS}
    return ImportRow(index, values)


def _leavers(
    session: Session, rows: list[ImportRow], gone: dict[str, int], full: bool
) -> list[User]:
    """Active employees marked inactive, and in a full sync those absent from the rows."""
    present = {r.values["employee_number"] for r in rows}
    stmt = select(User).where(User.active.is_(True), User.employee_number.is_not(None))
    leavers = []
    for user in session.scalars(stmt.order_by(User.employee_number)):
        number = user.employee_number or ""
        if number in present:
            continue
        if user.role == "employee" and (number in gone or full):
            leavers.append(user)
    return leavers


def _leaving_managers(
    rows: list[ImportRow], leavers: list[User], gone: dict[str, int]
) -> list[dict[str, Any]]:
    leaving = {u.employee_number for u in leavers} | set(gone)
    problems = []
    for row in rows:
        manager = row.values.get("manager_employee_number")
        if manager and manager in leaving:
            problems.append(
                {
                    "line": row.line,
                    "reason": "manager_leaving",
                    "column": "manager_employee_number",
                    "message": Term("Manager {number} leaves in this sync.", number=manager),
                }
            )
    return problems


def _by_index(problems: list[dict[str, Any]]) -> Invalid:
    rows = sorted(
        ({"index": p["line"], **{k: v for k, v in p.items() if k != "line"}} for p in problems),
        key=lambda p: p["index"],
    )
    return Invalid(
        "import_invalid",
        "{count} problem(s); nothing was imported.",
        {"rows": rows},
        params={"count": len(rows)},
    )
