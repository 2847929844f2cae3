"""What the scheduler does for recurring cycles at a moment `now` (server/tasks/cycles.py).

For each active template, in its time zone: when today lies between its start and end
dates and the campaign of today's period does not exist yet, create it
(server.services.cycles.materialise: exactly once). Only the current period is created: a
scheduler that was down for weeks does not create the periods it missed. For per-day
templates, employees hired since the period's campaign was made get their self assignment
(and its notification) on the next run. Campaigns of templates whose window has ended
(the local day after it) are closed: later arrivals are stored as late, as always.
A template whose campaign cannot be made (no employees in scope, a form deleted) is
counted under `failed` and tried again on the next run; the others go on.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import DomainError
from server.models import Campaign, CampaignTemplate, CyclePeriod
from server.services.campaigns import campaigns
from server.services.cycles import materialise
from server.services.cycles.recurrence import clip, period_containing

log = logging.getLogger(__name__)


def local_today(now: datetime, tz: str) -> date:
    """The date at `now` in a time zone."""
    return now.astimezone(ZoneInfo(tz)).date()


def run(session: Session, now: datetime) -> dict[str, int]:
    """Create due campaigns, add new hires to per-day ones, close ended ones; flushes only."""
    summary = {"created": 0, "joined": 0, "closed": 0, "failed": 0}
    active = session.scalars(
        select(CampaignTemplate)
        .where(CampaignTemplate.status == "active")
        .order_by(CampaignTemplate.id)
    )
    for template in list(active):
        try:
            _one(session, template, now, summary)
        except DomainError as exc:
            log.warning("cycle template %s: %s", template.id, exc)
            summary["failed"] += 1
    summary["closed"] = close_ended(session, now)
    return summary


def _one(
    session: Session, template: CampaignTemplate, now: datetime, summary: dict[str, int]
) -> None:
    today = local_today(now, template.timezone)
    calendar = period_containing(template.recurrence, today)
    period = clip(calendar, template.start_date, template.end_date)
    if period is None or not period.start <= today <= period.end:
        return
    existing = session.scalar(
        select(CyclePeriod).where(
            CyclePeriod.template_id == template.id,
            CyclePeriod.period_start == calendar.start,
        )
    )
    if existing is None:
        summary["created"] += (
            materialise.create_period(session, template, calendar, period) is not None
        )
    elif template.per_day:
        summary["joined"] += _join(session, template, existing)


def _join(session: Session, template: CampaignTemplate, existing: CyclePeriod) -> int:
    campaign = session.get(Campaign, existing.campaign_id)
    if campaign is None or campaign.status != "open":
        return 0
    due = materialise.local_end_of(campaign.period_end, template.timezone)
    with session.begin_nested():
        added = materialise.add_missing_self(session, template, campaign, due)
        materialise.announce(session, campaign, added)
    return len(added)


def close_ended(session: Session, now: datetime) -> int:
    """Close the open campaigns of cycles whose window ended before today (local)."""
    rows = session.execute(
        select(Campaign, CyclePeriod.timezone)
        .join(CyclePeriod, CyclePeriod.campaign_id == Campaign.id)
        .where(Campaign.status == "open")
    ).all()
    closed = 0
    for campaign, tz in rows:
        if campaign.period_end < local_today(now, tz):
            campaigns.close_campaign(session, None, campaign)
            closed += 1
    return closed
