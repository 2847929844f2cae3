"""Whether a shopper is certified for a scenario: a recorded pass at or before the time asked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ShopperCertification


def is_certified(session: Session, user_id: int, scenario: str, at: datetime) -> bool:
    """True when `user_id` passed the quiz of `scenario` at or before `at`."""
    found = session.scalar(
        select(ShopperCertification.id)
        .where(
            ShopperCertification.user_id == user_id,
            ShopperCertification.scenario == scenario,
            ShopperCertification.passed_at <= at,
        )
        .limit(1)
    )
    return found is not None


def record_pass(
    session: Session, user_id: int, scenario: str, score: float, at: datetime
) -> ShopperCertification:
    """Record a pass of `scenario`'s quiz (history is kept: one row per pass)."""
    row = ShopperCertification(user_id=user_id, scenario=scenario, score=score, passed_at=at)
    session.add(row)
    session.flush()
    return row
