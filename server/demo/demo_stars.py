"""Demo service stars and league (issue 14 §5): compute every month that ended before today
and in which a demo campaign ended (June and November 2026 with the shipped demo), with the
default settings, so the star shows on My reviews, the team view, the HR league tab and the
unit summary PDF at once. Idempotent: a computed month is never computed again."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Campaign
from server.services.stars import compute, periods


def build_stars(session: Session, now: datetime | None = None) -> list[str]:
    """Compute the ended months of the demo campaigns; one line per newly computed month."""
    now = now or datetime.now(UTC)
    current = periods.key_of(now.date())
    ends = session.scalars(select(Campaign.period_end).where(Campaign.status != "draft"))
    keys = sorted({periods.key_of(day) for day in ends} - {current}, key=periods.bounds)
    lines = []
    for key in keys:
        if periods.bounds(key)[1] < now.date():
            done = compute.compute_period(session, key, compute.Settings(), now)
            if done["periods"]:
                lines.append(f"stars        {key}    {done['stars']} stars, {done['units']} units")
    return lines
