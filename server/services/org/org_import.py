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

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Invalid, Term, TooLarge, UnsupportedMedia
from server.models import OrgUnit, User
from server.models.user import LOCALES
from server.schemas.base import UNSAFE_TEXT_MESSAGE, unsafe_text
from server.services.org import accounts

COLUMNS = (
    "employee_number",
    "name",
    "email",
    "unit_path",
    "manager_employee_number",
    "job_title",
    "locale",
    "unit_path_zh",
)
REQUIRED = ("employee_number", "name", "email", "unit_path")
ALIASES = {
    "工号": "employee_number",
    "姓名": "name",
    "邮箱": "email",
    "部门路径": "unit_path",
    "部门路径（中文）": "unit_path_zh",
    "部门路径(中文)": "unit_path_zh",
    "上级工号": "manager_employee_number",
    "职位": "job_title",
    "语言": "locale",
    "manager": "manager_employee_number",
    "unit": "unit_path",
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ROWS = 20_000


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    rows: int = 0


@dataclass
class _Problems:
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, line: int, reason: str, message: str, column: str | None = None) -> None:
        self.items.append({"line": line, "reason": reason, "column": column, "message": message})


def read_rows(filename: str, data: bytes) -> list[ImportRow]:
    """Parse a CSV or XLSX upload into rows numbered as a spreadsheet shows them."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif name.endswith((".csv", ".txt")):
        table = _csv_table(data)
    else:
        raise UnsupportedMedia("unsupported_media_type", "Upload a .csv or .xlsx file.")
    if not table:
        raise Invalid("import_invalid", "The file is empty.", {"rows": []})
    header = [_column(h) for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        row = {
            "line": 1,
            "reason": "missing_columns",
            "column": None,
            "message": Term("Missing columns: {columns}", columns=", ".join(missing)),
        }
        raise Invalid("import_invalid", "The header row lacks required columns.", {"rows": [row]})
    if len(table) - 1 > MAX_ROWS:
        raise TooLarge("too_large", "At most {max} rows per import.", params={"max": MAX_ROWS})
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
        if any(values.values()):
            rows.append(ImportRow(index, values))
    return rows


def _column(raw: str) -> str:
    key = raw.strip().lower().replace(" ", "_").replace("-", "_")
    key = ALIASES.get(raw.strip(), ALIASES.get(key, key))
    return key if key in COLUMNS else ""


def _csv_table(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as err:
            raise Invalid("import_invalid", "The CSV is neither UTF-8 nor GB18030.") from err
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _xlsx_table(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise Invalid("import_invalid", "The file is not a readable XLSX workbook.") from err
    sheet = book.worksheets[0]
    table = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # employee numbers typed as numbers
    return str(value).strip()


def import_org(session: Session, rows: list[ImportRow], actor: User | None) -> ImportResult:
    """Validate every row, then create/update users and units; raise 422 listing bad rows."""
    problems = _Problems()
    _check_rows(rows, problems)
    if not any(p["reason"] == "invalid_characters" for p in problems.items):
        # only safe text reaches the lookups (PostgreSQL refuses NUL with an error)
        existing = _existing_users(session, rows, problems)
        _check_managers(session, rows, existing, problems)
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


def _check_rows(rows: list[ImportRow], problems: _Problems) -> None:
    seen_numbers: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        v = row.values
        for col, value in v.items():
            if unsafe_text(value):
                problems.add(row.line, "invalid_characters", UNSAFE_TEXT_MESSAGE, col)
        for col in REQUIRED:
            if not v.get(col):
                problems.add(
                    row.line, "missing_field", Term("{column} is required.", column=col), col
                )
        email = accounts.normalise_email(v.get("email", ""))
        if email and not EMAIL_RE.match(email):
            problems.add(
                row.line, "bad_email", Term("Not an email address: {email}.", email=email), "email"
            )
        locale = v.get("locale") or "zh-CN"
        if locale not in LOCALES:
            problems.add(
                row.line,
                "bad_locale",
                Term("Locale must be zh-CN or en (got {locale}).", locale=repr(locale)),
                "locale",
            )
        if v.get("unit_path") and any(not p.strip() for p in v["unit_path"].split("/")):
            problems.add(
                row.line, "bad_unit_path", Term("Unit path has an empty segment."), "unit_path"
            )
        zh = v.get("unit_path_zh")
        if zh and (
            len(zh.split("/")) != len(v.get("unit_path", "").split("/"))
            or any(not p.strip() for p in zh.split("/"))
        ):
            problems.add(
                row.line,
                "bad_unit_path",
                Term("unit_path_zh needs one non-empty name per unit_path segment."),
                "unit_path_zh",
            )
        number = v.get("employee_number", "")
        _dup(
            seen_numbers, number, row.line, problems, "duplicate_employee_number", "employee_number"
        )
        _dup(seen_emails, email, row.line, problems, "duplicate_email", "email")


def _dup(
    seen: dict[str, int], key: str, line: int, problems: _Problems, reason: str, column: str
) -> None:
    if not key:
        return
    if key in seen:
        problems.add(
            line,
            reason,
            Term(
                "{column} {value} already on line {line}.", column=column, value=key, line=seen[key]
            ),
            column,
        )
    else:
        seen[key] = line


def _existing_users(
    session: Session, rows: list[ImportRow], problems: _Problems
) -> dict[int, User | None]:
    """Map each row's line to the user it updates (None = new); flag email clashes."""
    by_number = {
        u.employee_number: u
        for u in session.scalars(select(User).where(User.employee_number.is_not(None)))
    }
    by_email = {u.email.lower(): u for u in session.scalars(select(User))}
    matched: dict[int, User | None] = {}
    for row in rows:
        number = row.values.get("employee_number", "")
        email = accounts.normalise_email(row.values.get("email", ""))
        user = by_number.get(number) if number else None
        holder = by_email.get(email)
        if user is None and holder is not None:
            if holder.employee_number and holder.employee_number != number:
                problems.add(
                    row.line,
                    "duplicate_email",
                    Term(
                        "{email} belongs to employee {number}.",
                        email=email,
                        number=holder.employee_number,
                    ),
                    "email",
                )
            user = holder
        elif user is not None and holder is not None and holder.id != user.id:
            problems.add(
                row.line,
                "duplicate_email",
                Term("{email} belongs to another user.", email=email),
                "email",
            )
        matched[row.line] = user
    return matched


def _check_managers(
    session: Session, rows: list[ImportRow], existing: dict[int, User | None], problems: _Problems
) -> None:
    """Unknown managers, self-management and cycles in the resulting chain."""
    chain: dict[str, str | None] = {}
    for u in session.scalars(select(User).where(User.employee_number.is_not(None))):
        chain[u.employee_number or ""] = u.manager.employee_number if u.manager else None
    in_file = {r.values.get("employee_number", ""): r for r in rows}
    for number, row in in_file.items():
        if number:
            chain[number] = row.values.get("manager_employee_number") or None
    for row in rows:
        number = row.values.get("employee_number", "")
        manager = row.values.get("manager_employee_number", "")
        if not manager or not number:
            continue
        if manager == number:
            problems.add(
                row.line,
                "self_manager",
                Term("An employee cannot manage themselves."),
                "manager_employee_number",
            )
        elif manager not in chain:
            problems.add(
                row.line,
                "unknown_manager",
                Term("No employee {number} in the file or the database.", number=manager),
                "manager_employee_number",
            )
        elif _in_cycle(chain, number):
            problems.add(
                row.line,
                "manager_cycle",
                Term("The management chain of {number} loops back to itself.", number=number),
                "manager_employee_number",
            )


def _in_cycle(chain: dict[str, str | None], start: str) -> bool:
    seen = {start}
    current = chain.get(start)
    while current is not None:
        if current in seen:
            return current == start
        seen.add(current)
        current = chain.get(current)
    return False


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
        fields: dict[str, Any] = {
            "name": v["name"],
            "email": accounts.normalise_email(v["email"]),
            "job_title": v.get("job_title") or None,
            "locale": v.get("locale") or "zh-CN",
            "unit_id": unit.id,
            "employee_number": v["employee_number"],
        }
        user = existing[row.line]
        if user is None:
            user = accounts.create_user(session, role="employee", password=None, **fields)
            result.created += 1
        else:
            before[user.id] = tuple(getattr(user, k) for k in TRACKED)
            for key, val in fields.items():
                setattr(user, key, val)
        users[v["employee_number"]] = user
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
    for user_id, snapshot in before.items():
        user = session.get(User, user_id)
        changed = snapshot != tuple(getattr(user, k) for k in TRACKED)
        result.updated += changed
        result.unchanged += not changed
    session.flush()
    return result


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
