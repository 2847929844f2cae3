"""Validating an org chart import before anything is written: every bad row is reported
(missing or unsafe fields, bad e-mail or locale, bad unit paths, duplicates in the file,
e-mail clashes with the database, unknown managers, self-management, management cycles)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Term
from server.models import User
from server.models.user import LOCALES
from server.schemas.base import UNSAFE_TEXT_MESSAGE, unsafe_text
from server.services.org import accounts
from server.services.org.org_file import REQUIRED, ImportRow

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Problems:
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, line: int, reason: str, message: str, column: str | None = None) -> None:
        self.items.append({"line": line, "reason": reason, "column": column, "message": message})


def check_rows(rows: list[ImportRow], problems: Problems) -> None:
    """Each row on its own, and duplicate employee numbers and e-mails within the file."""
    seen_numbers: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        _check_values(row, problems)
        email = accounts.normalise_email(row.values.get("email", ""))
        number = row.values.get("employee_number", "")
        _dup(
            seen_numbers, number, row.line, problems, "duplicate_employee_number", "employee_number"
        )
        _dup(seen_emails, email, row.line, problems, "duplicate_email", "email")


def _check_values(row: ImportRow, problems: Problems) -> None:
    v = row.values
    for col, value in v.items():
        if unsafe_text(value):
            problems.add(row.line, "invalid_characters", UNSAFE_TEXT_MESSAGE, col)
    for col in REQUIRED:
        if not v.get(col):
            problems.add(row.line, "missing_field", Term("{column} is required.", column=col), col)
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
    _check_unit_paths(row, problems)


def _check_unit_paths(row: ImportRow, problems: Problems) -> None:
    v = row.values
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


def _dup(
    seen: dict[str, int], key: str, line: int, problems: Problems, reason: str, column: str
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


def existing_users(
    session: Session, rows: list[ImportRow], problems: Problems
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


def check_managers(
    session: Session, rows: list[ImportRow], existing: dict[int, User | None], problems: Problems
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
