"""The scorecard of a period for every employee or unit: values, n, sources, the weighted
score, the trend against the previous period and the distribution of scores.

Periods are calendar periods in the organisation's time zone (`tz`, an IANA name the caller
passes: Config DEFAULT_TIMEZONE); an answer belongs to the period of its local date.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from server.services.scorecard import periods
from server.services.scorecard.compute import Scorecard, scorecard
from server.services.scorecard.definitions import Definitions
from server.services.scorecard.gather import By, gather


def utc_bounds(kind: str, day: date, tz: str) -> tuple[datetime, datetime]:
    """The period containing `day` as UTC instants [start, end)."""
    zone = ZoneInfo(tz)
    start, end = periods.bounds(kind, day)
    return (
        datetime.combine(start, time(), zone).astimezone(ZoneInfo("UTC")),
        datetime.combine(end, time(), zone).astimezone(ZoneInfo("UTC")),
    )


@dataclass(frozen=True)
class PeriodCard:
    card: Scorecard
    #: The weighted score of the previous period of the same kind (None: no data then).
    previous: float | None

    @property
    def trend(self) -> float | None:
        if self.card.score is None or self.previous is None:
            return None
        return self.card.score - self.previous


def period_cards(
    session: Session,
    defs: Definitions,
    kind: str,
    day: date,
    *,
    by: By,
    tz: str,
    now: datetime,
    only: Collection[int] | None = None,
) -> dict[int, PeriodCard]:
    """The scorecard of every employee or unit with data in the period containing `day`
    (`only`: just these employees; their figures are the same)."""
    start, end = utc_bounds(kind, day, tz)
    prev_start, prev_end = utc_bounds(kind, periods.previous(kind, day)[0], tz)
    current = gather(session, defs, start, end, by=by, now=now, only=only)
    before = gather(session, defs, prev_start, prev_end, by=by, now=now, only=only)
    return {
        key: PeriodCard(scorecard(defs, tallies), scorecard(defs, before.get(key, {})).score)
        for key, tallies in current.items()
    }


def distribution(cards: dict[int, PeriodCard], width: float = 10.0) -> list[int]:
    """How many scores fall in each band of `width` points (0–10, 10–20, … 90–100)."""
    bands = [0] * int(100 // width)
    for entry in cards.values():
        if entry.card.score is not None:
            bands[min(len(bands) - 1, int(entry.card.score // width))] += 1
    return bands
