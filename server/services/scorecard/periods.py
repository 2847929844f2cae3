"""Reporting periods of the scorecard: month, quarter, half-year (calendar, local dates).

A period is named by its label ("2026-12", "2026-Q4", "2026-H2") and covers the dates
`start <= day < end`. Periods of one kind are contiguous and never overlap.
"""

from __future__ import annotations

from datetime import date

KINDS = {"month": 1, "quarter": 3, "half": 6}


def _first_month(day: date, months: int) -> int:
    return (day.month - 1) // months * months + 1


def bounds(kind: str, day: date) -> tuple[date, date]:
    """The period of `kind` containing `day`: (first day, first day of the next period)."""
    months = KINDS[kind]
    start = date(day.year, _first_month(day, months), 1)
    month = start.month - 1 + months
    return start, date(start.year + month // 12, month % 12 + 1, 1)


def label(kind: str, day: date) -> str:
    start, _ = bounds(kind, day)
    if kind == "month":
        return f"{start:%Y-%m}"
    if kind == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-H{(start.month - 1) // 6 + 1}"


def previous(kind: str, day: date) -> tuple[date, date]:
    """The period before the one containing `day`."""
    start, _ = bounds(kind, day)
    last = date.fromordinal(start.toordinal() - 1)
    return bounds(kind, last)
