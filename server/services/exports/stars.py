"""Service stars for payroll (issue 14 §5): one row per employee, one `service_star.<period>`
column per computed period (1 named star, 0 not), oldest period first, written by the same
CSV/XLSX writers (no cell starts a formula). `star_column` adds the flag of the campaign's
period to the campaign summary export.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Campaign, OrgUnit, User
from server.services.exports.files import to_csv, to_xlsx
from server.services.stars import periods, read

IDENTITY = ["employee_id", "employee_number", "name", "unit"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def column(period: str) -> str:
    return f"service_star.{period}"


def _chosen(session: Session, first: str | None, last: str | None) -> list[str]:
    keys = sorted(read.computed_periods(session), key=lambda k: periods.bounds(k)[0])
    lo = periods.bounds(first)[0] if first else None
    hi = periods.bounds(last)[1] if last else None
    return [
        k
        for k in keys
        if (lo is None or periods.bounds(k)[0] >= lo) and (hi is None or periods.bounds(k)[1] <= hi)
    ]


def star_rows(
    session: Session, first: str | None = None, last: str | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and rows: every employee with a unit, a flag per chosen period."""
    keys = _chosen(session, first, last)
    people = list(
        session.execute(
            select(User, OrgUnit)
            .join(OrgUnit, OrgUnit.id == User.unit_id)
            .where(User.role == "employee")
            .order_by(OrgUnit.path, User.name, User.id)
        )
    )
    flags = {k: read.star_flags(session, [u.id for u, _ in people], k) or {} for k in keys}
    rows = [
        {
            "employee_id": u.id,
            "employee_number": u.employee_number or "",
            "name": u.name,
            "unit": unit.path,
            **{column(k): flags[k].get(u.id, 0) for k in keys},
        }
        for u, unit in people
    ]
    return IDENTITY + [column(k) for k in keys], rows


def export(
    session: Session, fmt: str, first: str | None = None, last: str | None = None
) -> tuple[bytes, str, str]:
    """(body, filename, MIME type) of the payroll star export."""
    columns, rows = star_rows(session, first, last)
    if fmt == "csv":
        return to_csv(columns, rows), "service-stars.csv", "text/csv; charset=utf-8"
    return to_xlsx(columns, rows, "stars"), "service-stars.xlsx", XLSX


def star_column(
    session: Session, campaign_id: int, columns: list[str], rows: list[dict[str, Any]]
) -> list[str]:
    """Add the star flag of the campaign's period (STARS_PERIOD month by default: the period
    holding its end) to summary rows; blank while that period is not computed."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return columns
    key = periods.key_of(campaign.period_end, read.grain(session))
    flags = read.star_flags(session, [r["employee_id"] for r in rows], key)
    for row in rows:
        row[column(key)] = None if flags is None else flags.get(row["employee_id"], 0)
    return [*columns, column(key)]
