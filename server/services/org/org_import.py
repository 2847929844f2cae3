"""Org chart import from CSV or XLSX: all-or-nothing, every bad row reported, idempotent.

Columns (header row, any order; English or Chinese names):
    employee_number 工号, name 姓名, email 邮箱, unit_path 部门路径,
    manager_employee_number 上级工号, job_title 职位, locale 语言
`unit_path` is the English unit names from the company down, joined by "/"; missing
units are created (kind by depth: company, region..., branch, team). The optional
column unit_path_zh 部门路径（中文） gives the Chinese names segment by segment; without
it a new unit carries its English name in both languages until HR renames it. A
re-import fills the Chinese name of units that still show the English one. Rows are
matched to existing users by employee number, then by email, so a re-import updates
instead of duplicating.
Users absent from the file are left untouched (leavers are deactivated explicitly).
New users get no password: they cannot log in until HR sets one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Invalid
from server.models import OrgUnit, User
from server.services.org import accounts
from server.services.org.org_checks import Problems, check_managers, check_rows, existing_users
from server.services.org.org_file import ImportRow, read_rows

__all__ = ["ImportResult", "ImportRow", "import_org", "read_rows"]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    rows: int = 0


def import_org(session: Session, rows: list[ImportRow], actor: User | None) -> ImportResult:
    """Validate every row, then create/update users and units; raise 422 listing bad rows."""
    problems = Problems()
    check_rows(rows, problems)
    if not any(p["reason"] == "invalid_characters" for p in problems.items):
        # only safe text reaches the lookups (PostgreSQL refuses NUL with an error)
        existing = existing_users(session, rows, problems)
        check_managers(session, rows, existing, problems)
    if problems.items:
        problems.items.sort(key=lambda p: p["line"])
        raise Invalid(
            "import_invalid",
            "{count} problem(s); nothing was imported.",
            {"rows": problems.items},
            params={"count": len(problems.items)},
        )
    result = _apply(session, rows, existing)
    accounts.audit(
        session,
        actor,
        "org_imported",
        None,
        rows=len(rows),
        created=result.created,
        updated=result.updated,
        units_created=result.units_created,
    )
    return result


TRACKED = ("name", "email", "job_title", "locale", "unit_id", "employee_number", "manager_id")


def _apply(
    session: Session, rows: list[ImportRow], existing: dict[int, User | None]
) -> ImportResult:
    result = ImportResult(rows=len(rows))
    units: dict[str, OrgUnit] = {u.path: u for u in session.scalars(select(OrgUnit))}
    users: dict[str, User] = {}
    before: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        v = row.values
        unit = _ensure_unit(session, units, v["unit_path"], v.get("unit_path_zh"), result)
        user = existing[row.line]
        if user is None:
            user = accounts.create_user(session, role="employee", password=None, **_fields(v, unit))
            result.created += 1
        else:
            before[user.id] = tuple(getattr(user, k) for k in TRACKED)
            for key, val in _fields(v, unit).items():
                setattr(user, key, val)
        users[v["employee_number"]] = user
    _set_managers(session, rows, users)
    for user_id, snapshot in before.items():
        user = session.get(User, user_id)
        changed = snapshot != tuple(getattr(user, k) for k in TRACKED)
        result.updated += changed
        result.unchanged += not changed
    session.flush()
    return result


def _fields(v: dict[str, str], unit: OrgUnit) -> dict[str, Any]:
    """A row's values as user fields."""
    return {
        "name": v["name"],
        "email": accounts.normalise_email(v["email"]),
        "job_title": v.get("job_title") or None,
        "locale": v.get("locale") or "zh-CN",
        "unit_id": unit.id,
        "employee_number": v["employee_number"],
    }


def _set_managers(session: Session, rows: list[ImportRow], users: dict[str, User]) -> None:
    """Point each row's user at its manager (in the file, else in the database)."""
    for row in rows:
        number = row.values.get("manager_employee_number") or None
        manager = (
            (
                users.get(number)
                or session.scalar(select(User).where(User.employee_number == number))
            )
            if number
            else None
        )
        users[row.values["employee_number"]].manager_id = manager.id if manager else None


def _ensure_unit(
    session: Session,
    units: dict[str, OrgUnit],
    path: str,
    path_zh: str | None,
    result: ImportResult,
) -> OrgUnit:
    parts = [p.strip() for p in path.split("/")]
    zh_parts = [p.strip() for p in path_zh.split("/")] if path_zh else parts
    parent: OrgUnit | None = None
    for depth in range(len(parts)):
        key = "/".join(parts[: depth + 1])
        unit = units.get(key) or _unit_by_path_ci(session, key)
        if unit is None:
            unit = OrgUnit(
                path=key,
                name={"en": parts[depth], "zh-CN": zh_parts[depth]},
                kind=_kind(depth, len(parts)),
                parent_id=parent.id if parent else None,
            )
            session.add(unit)
            session.flush()
            result.units_created += 1
            if parent is not None and parent.kind == "team":
                parent.kind = "branch"  # a leaf that gains sub-units is no longer a team
        elif path_zh and unit.name.get("zh-CN") == unit.name.get("en") != zh_parts[depth]:
            unit.name = {**unit.name, "zh-CN": zh_parts[depth]}
        units[key] = unit
        parent = unit
    assert parent is not None
    return parent


def _unit_by_path_ci(session: Session, path: str) -> OrgUnit | None:
    return session.scalar(select(OrgUnit).where(func.lower(OrgUnit.path) == path.lower()))


def _kind(depth: int, length: int) -> str:
    if depth == 0:
        return "company"
    if depth == length - 1 and length >= 3:
        return "team"
    if depth == length - 2 or length == 2:
        return "branch"
    return "region"
