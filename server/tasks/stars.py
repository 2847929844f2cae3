"""Service stars at period end (issue 14 §5): every hour, compute the period that is due
(the last month, or quarter, that ended at least STARS_GRACE_DAYS ago) unless it already was.

Once per slot like every periodic action, and once per period whatever the slots: the
period's `star_period` row is unique (server.services.stars.compute).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from server.services.scorecard import load_definitions
from server.services.stars.compute import Settings, run_due
from server.tasks.periodic import every


def settings_from(config: Any) -> Settings:
    """The star settings of the app's configuration (STARS_SCORE_SOURCE = "scorecard": the
    scorecard of FORMS_DIR/indicators.yaml in DEFAULT_TIMEZONE is the score source)."""
    scorecard = None
    if config.get("STARS_SCORE_SOURCE", "campaigns") == "scorecard":
        scorecard = load_definitions(Path(config["FORMS_DIR"]) / "indicators.yaml")
    return Settings(
        count=int(config.get("STARS_COUNT", 3)),
        min_observations=int(config.get("STARS_MIN_OBSERVATIONS", 3)),
        grain=str(config.get("STARS_PERIOD", "month")),
        grace_days=int(config.get("STARS_GRACE_DAYS", 0)),
        scorecard=scorecard,
        timezone=str(config.get("DEFAULT_TIMEZONE") or "Asia/Shanghai"),
    )


@every(60)
def service_stars(session: Session, now: datetime) -> dict[str, int]:
    return run_due(session, now, settings_from(current_app.config))
