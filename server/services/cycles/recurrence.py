"""Periods of a recurrence, aligned to the calendar (pure date arithmetic, no time zones).

- daily: one day; weekly: ISO weeks, Monday to Sunday; monthly: calendar months;
  quarterly: January–March, April–June, …; half_yearly: January–June, July–December.
Every day lies in exactly one period of each recurrence, and the period after a period
starts the day after it ends, so periods are contiguous and never overlap, skip or double
(across month ends and leap years alike: tests/test_cycles_recurrence.py).
A template's first period is the one containing its start date, clipped to start there;
its last one is clipped to its end date (`clip`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from server.models.cycle import RECURRENCES

#: Months per period of the month-based recurrences.
_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6}

__all__ = ["RECURRENCES", "Period", "clip", "next_period", "period_containing"]


@dataclass(frozen=True)
class Period:
    """A period's first and last day (both included)."""

    start: date
    end: date

    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days + 1


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(recurrence: str, day: date) -> Period:
    """The calendar period of `recurrence` that contains `day`."""
    if recurrence == "daily":
        return Period(day, day)
    if recurrence == "weekly":
        start = day - timedelta(days=day.weekday())
        return Period(start, start + timedelta(days=6))
    months = _MONTHS.get(recurrence)
    if months is None:
        raise ValueError(f"unknown recurrence {recurrence!r}")
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    return Period(start, _add_months(start, months) - timedelta(days=1))


def next_period(recurrence: str, period: Period) -> Period:
    """The period that follows `period` (it starts the day after `period` ends)."""
    return period_containing(recurrence, period.end + timedelta(days=1))


def clip(period: Period, start: date, end: date | None) -> Period | None:
    """The part of `period` between a template's start and end dates (None: outside)."""
    first = max(period.start, start)
    last = period.end if end is None else min(period.end, end)
    return Period(first, last) if first <= last else None
