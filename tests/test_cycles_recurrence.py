"""Recurring cycles (issue 14 §3): the periods of each recurrence are calendar periods that
are contiguous, never overlap, never skip or double a day, across month ends, leap years
and years; a template's first and last periods are clipped to its dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.services.cycles.materialise import local_end_of
from server.services.cycles.recurrence import (
    RECURRENCES,
    Period,
    clip,
    next_period,
    period_containing,
)
from server.services.cycles.runner import local_today

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2199, 1, 1))


@given(st.sampled_from(RECURRENCES), days)
def test_every_day_lies_in_its_period_and_the_period_is_its_own(recurrence, day):
    period = period_containing(recurrence, day)
    assert period.start <= day <= period.end
    assert period_containing(recurrence, period.start) == period
    assert period_containing(recurrence, period.end) == period


@given(st.sampled_from(RECURRENCES), days, st.integers(min_value=1, max_value=30))
def test_periods_are_contiguous_never_overlap_skip_or_double(recurrence, day, count):
    period = period_containing(recurrence, day)
    seen: set[date] = set()
    for _ in range(count):
        following = next_period(recurrence, period)
        assert following.start == period.end + timedelta(days=1)
        assert following.start > period.end
        covered = {period.start + timedelta(days=i) for i in range(period.days())}
        assert not covered & seen
        seen |= covered
        period = following
    first = min(seen)
    assert len(seen) == (max(seen) - first).days + 1  # no day skipped


@given(st.sampled_from(RECURRENCES), days)
def test_period_lengths_are_the_calendar_ones(recurrence, day):
    period = period_containing(recurrence, day)
    expected = {"daily": {1}, "weekly": {7}, "monthly": set(range(28, 32))}
    expected["quarterly"] = set(range(90, 93))
    expected["half_yearly"] = {181, 182, 184}
    assert period.days() in expected[recurrence]
    if recurrence == "weekly":
        assert period.start.weekday() == 0
    if recurrence != "daily" and recurrence != "weekly":
        assert period.start.day == 1


@pytest.mark.parametrize(
    ("recurrence", "day", "start", "end"),
    [
        ("monthly", date(2028, 2, 10), date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        ("monthly", date(2027, 2, 28), date(2027, 2, 1), date(2027, 2, 28)),
        ("monthly", date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        ("quarterly", date(2026, 11, 5), date(2026, 10, 1), date(2026, 12, 31)),
        ("half_yearly", date(2026, 3, 1), date(2026, 1, 1), date(2026, 6, 30)),
        ("half_yearly", date(2026, 7, 1), date(2026, 7, 1), date(2026, 12, 31)),
        ("weekly", date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3)),  # across years
        ("daily", date(2028, 2, 29), date(2028, 2, 29), date(2028, 2, 29)),
    ],
)
def test_worked_periods(recurrence, day, start, end):
    assert period_containing(recurrence, day) == Period(start, end)


def test_the_month_after_january_31_is_february_whole():
    jan = period_containing("monthly", date(2028, 1, 31))
    assert next_period("monthly", jan) == Period(date(2028, 2, 1), date(2028, 2, 29))
    assert next_period("quarterly", period_containing("quarterly", date(2026, 12, 31))) == Period(
        date(2027, 1, 1), date(2027, 3, 31)
    )


def test_clip_to_the_template_dates():
    month = Period(date(2026, 12, 1), date(2026, 12, 31))
    assert clip(month, date(2026, 12, 5), None) == Period(date(2026, 12, 5), date(2026, 12, 31))
    assert clip(month, date(2026, 1, 1), date(2026, 12, 20)) == Period(
        date(2026, 12, 1), date(2026, 12, 20)
    )
    assert clip(month, date(2027, 1, 1), None) is None
    assert clip(month, date(2026, 1, 1), date(2026, 11, 30)) is None


@given(
    st.sampled_from(RECURRENCES),
    days,
    st.sampled_from(["Asia/Shanghai", "UTC", "Asia/Tokyo", "Asia/Kolkata", "America/New_York"]),
)
def test_periods_are_contiguous_in_time_in_each_zone(recurrence, day, tz):
    """A period's last local second is followed by the next period's first (no gap, no
    overlap), and a moment belongs to the local day `runner.local_today` names."""
    period = period_containing(recurrence, day)
    following = next_period(recurrence, period)
    end = local_end_of(period.end, tz)
    start = datetime.combine(following.start, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)
    assert end + timedelta(seconds=1) == start
    assert local_today(end, tz) == period.end and local_today(start, tz) == following.start
