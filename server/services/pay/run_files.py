"""A payment run as a file for the finance system: one row per visit, CSV (UTF-8 with BOM,
no cell starts a formula) or XLSX (every string is text), through server/services/exports.

Amounts are written twice: the exact integer in minor units and its decimal text
("1234.50"), both from integers (no float ever touches money).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.models import Assignment, OrgUnit, PaymentRun, User
from server.services.exports.files import to_csv, to_xlsx
from server.services.pay import money, runs

COLUMNS = (
    "run_id",
    "period_start",
    "period_end",
    "status",
    "reference",
    "shopper_id",
    "employee_number",
    "shopper_name",
    "shopper_email",
    "visit_id",
    "unit",
    "basis",
    "currency",
    "fee_minor",
    "reimbursed_minor",
    "adjustment_minor",
    "total_minor",
    "total",
)
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def rows(session: Session, run: PaymentRun) -> list[dict[str, Any]]:
    """The run's lines as export rows."""
    out = []
    for line in runs.lines_of(session, run):
        shopper = session.get(User, line.shopper_id)
        visit_unit = _unit_name(session, line.assignment_id)
        out.append(
            {
                "run_id": run.id,
                "period_start": run.period_start.isoformat(),
                "period_end": run.period_end.isoformat(),
                "status": run.status,
                "reference": run.reference,
                "shopper_id": line.shopper_id,
                "employee_number": shopper.employee_number if shopper else None,
                "shopper_name": shopper.name if shopper else None,
                "shopper_email": shopper.email if shopper else None,
                "visit_id": line.assignment_id,
                "unit": visit_unit,
                "basis": line.basis,
                "currency": line.currency,
                "fee_minor": line.fee_minor,
                "reimbursed_minor": line.reimbursed_minor,
                "adjustment_minor": line.adjustment_minor,
                "total_minor": line.total_minor,
                "total": money.decimal_text(line.total_minor, line.currency),
            }
        )
    return out


def _unit_name(session: Session, visit_id: int) -> str | None:
    visit = session.get(Assignment, visit_id)
    unit = session.get(OrgUnit, visit.unit_id) if visit and visit.unit_id else None
    return unit.path if unit else None


def export(session: Session, run: PaymentRun, fmt: str) -> tuple[bytes, str, str]:
    """(body, filename, MIME type) of the run as csv or xlsx."""
    data = rows(session, run)
    filename = f"payment-run-{run.id}.{fmt}"
    if fmt == "csv":
        return to_csv(COLUMNS, data), filename, MIME["csv"]
    return to_xlsx(COLUMNS, data, "payment run"), filename, MIME["xlsx"]
