"""The scorecard as the API and the PDF show it: one table of rows per period.

`table(session, defs, kind, day, by=..., keys=..., tz=..., now=...)` returns plain dicts:
the period, the definitions (titles and weights, for headers), one row per employee or unit
with data (name, weighted score, previous period's score and the trend, each dimension and
each indicator with n and its sources; "not enough data" is `value: None`) and the
distribution of scores. `keys` restricts the rows (an employee's own, a manager's team)
without changing any figure: each row is computed from its own data only.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import OrgUnit, User
from server.services.scorecard import periods
from server.services.scorecard.compute import IndicatorValue
from server.services.scorecard.definitions import Definitions
from server.services.scorecard.gather import By
from server.services.scorecard.report import PeriodCard, distribution, period_cards


def definitions_dict(defs: Definitions) -> dict[str, Any]:
    return {
        "key": defs.key,
        "title": defs.title,
        "dimensions": [
            {
                "key": d.key,
                "title": d.title,
                "indicators": [
                    {
                        "key": k,
                        "title": defs.indicators[k].title,
                        "weight": w,
                        "measure": defs.indicators[k].measure,
                        "min_n": defs.indicators[k].min_n,
                    }
                    for k, w in d.weights.items()
                ],
            }
            for d in defs.dimensions
        ],
        "sources": {k: {"title": s["title"]} for k, s in defs.sources.items()},
    }


def _indicator(value: IndicatorValue) -> dict[str, Any]:
    return {
        "value": value.value,
        "n": value.n,
        "sources": {s: {"n": t.n, "value": t.mean} for s, t in value.by_source.items()},
    }


def _row(key: int, who: tuple[Any, str | None], entry: PeriodCard) -> dict[str, Any]:
    card = entry.card
    return {
        "id": key,
        "name": who[0],
        "code": who[1],
        "score": card.score,
        "previous": entry.previous,
        "trend": entry.trend,
        "dimensions": card.dimensions,
        "indicators": {k: _indicator(v) for k, v in card.indicators.items()},
    }


def _names(session: Session, by: By, keys: Collection[int]) -> dict[int, tuple[Any, str | None]]:
    """Each row's bilingual name and code (employee number, or the unit's path)."""
    if not keys:
        return {}
    if by == "subject":
        people = session.execute(
            select(User.id, User.name, User.employee_number).where(User.id.in_(keys))
        )
        return {i: ({"en": n, "zh-CN": n}, number) for i, n, number in people}
    units = session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.path).where(OrgUnit.id.in_(keys))
    )
    return {i: (name, path) for i, name, path in units}


def table(
    session: Session,
    defs: Definitions,
    kind: str,
    day: date,
    *,
    by: By,
    tz: str,
    now: datetime,
    keys: Collection[int] | None = None,
) -> dict[str, Any]:
    """The period's scorecard rows (sorted by score, best first; no score last)."""
    only = keys if by == "subject" else None  # fewer rows to compute, the same figures
    cards = period_cards(session, defs, kind, day, by=by, tz=tz, now=now, only=only)
    shown = {k: v for k, v in cards.items() if keys is None or k in keys}
    names = _names(session, by, list(shown))
    rows = [_row(k, names.get(k, ({"en": "", "zh-CN": ""}, None)), v) for k, v in shown.items()]
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0.0), r["id"]))
    start, end = periods.bounds(kind, day)
    return {
        "period": {"kind": kind, "label": periods.label(kind, day), "start": start, "end": end},
        "by": "employee" if by == "subject" else "unit",
        "definitions": definitions_dict(defs),
        "rows": rows,
        "distribution": distribution(cards) if keys is None else None,
    }
