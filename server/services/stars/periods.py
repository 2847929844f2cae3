"""Star periods: a month ("2026-11", the default) or a quarter ("2026-Q4") (STARS_PERIOD).

A period is a closed range of calendar days [start, end]. Its key sorts chronologically
within one grain.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

GRAINS = ("month", "quarter")
_MONTH = re.compile(r"\A([1-9]\d{3})-(0[1-9]|1[0-2])\Z")
_QUARTER = re.compile(r"\A([1-9]\d{3})-Q([1-4])\Z")


def key_of(day: date, grain: str = "month") -> str:
    """The key of the period `day` falls in."""
    if grain == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def valid(key: str) -> bool:
    return bool(_MONTH.match(key) or _QUARTER.match(key))


def bounds(key: str) -> tuple[date, date]:
    """First and last day of a period; ValueError for a malformed key."""
    m, q = _MONTH.match(key), _QUARTER.match(key)
    if m:
        year, first, months = int(m.group(1)), int(m.group(2)), 1
    elif q:
        year, first, months = int(q.group(1)), 3 * int(q.group(2)) - 2, 3
    else:
        raise ValueError(f"not a period: {key!r}")
    start = date(year, first, 1)
    nxt = first + months
    after = date(year + (nxt - 1) // 12, (nxt - 1) % 12 + 1, 1)
    return start, after - timedelta(days=1)


def previous(key: str) -> str:
    """The period just before `key` (same grain)."""
    start, _ = bounds(key)
    return key_of(start - timedelta(days=1), "quarter" if "Q" in key else "month")


def due(now: datetime, grain: str, grace_days: int) -> str:
    """The latest period that ended at least `grace_days` before `now` (the one to compute)."""
    cutoff = (now - timedelta(days=grace_days)).date()
    return previous(key_of(cutoff, grain))
