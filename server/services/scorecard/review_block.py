"""The scorecard page of the review PDF (issue 18 §4): the review's employee's scorecard in
the calendar period of the campaign — the month containing the campaign's whole period,
else its quarter, else the half-year of its last day — with exactly the figures of
`GET /api/v1/me/scorecard?period=<kind>&date=<period end>` (the same `views.table`).

Definitions and time zone are the app's (FORMS_DIR/indicators.yaml, DEFAULT_TIMEZONE), set
once at start-up by `configure` (like the report branding); without an indicators file the
review has no scorecard (None).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from server.services.scorecard import periods, views
from server.services.scorecard.definitions import Definitions, load_definitions

_settings: dict[str, str] = {
    "forms_dir": str(Path(__file__).resolve().parents[3] / "forms"),
    "tz": "Asia/Shanghai",
}


def configure(forms_dir: str, tz: str) -> None:
    """The app's FORMS_DIR and DEFAULT_TIMEZONE (called by the app factory)."""
    _settings.update(forms_dir=str(forms_dir), tz=str(tz))


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Definitions:
    return load_definitions(path)


def definitions() -> Definitions | None:
    path = Path(_settings["forms_dir"]) / "indicators.yaml"
    try:
        return _load(str(path), path.stat().st_mtime)
    except OSError:
        return None


def period_of(start: date, end: date) -> str:
    """The smallest calendar period kind holding the whole campaign period."""
    for kind in ("month", "quarter"):
        if periods.bounds(kind, start) == periods.bounds(kind, end):
            return kind
    return "half"


def review_scorecard(
    session: Session, employee_id: int, start: date, end: date, now: datetime
) -> dict[str, Any] | None:
    """The employee's scorecard table (one row, or none without data) for the campaign."""
    defs = definitions()
    if defs is None:
        return None
    kind = period_of(start, end)
    table = views.table(
        session, defs, kind, end, by="subject", tz=_settings["tz"], now=now, keys=[employee_id]
    )
    period = table["period"]  # the review dict is plain JSON (it is hashed and stored)
    table["period"] = {
        **period,
        "start": period["start"].isoformat(),
        "end": period["end"].isoformat(),
    }
    return table
