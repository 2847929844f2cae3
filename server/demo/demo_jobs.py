"""The job board in the demo (issue 16 §1): three open jobs in the open mystery-shop campaign,
so a shopper's board is not empty — one for anyone, one for certified shoppers (the complaint
scenario's quiz), one for shoppers rated 3.5 or more; windows start tomorrow (the demo's own
clock), fees and caps in fen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, JobOffer, OrgUnit, User
from server.services.jobs import publishing

JOBS: tuple[tuple[dict[str, str], int, int, dict[str, Any]], ...] = (
    ({"en": "Weekend lunch visit", "zh-CN": "周末午餐时段暗访"}, 9000, 5000, {}),
    (
        {
            "en": "Complaint scenario: a faulty product returned",
            "zh-CN": "投诉情景：退换有问题的商品",
        },
        12000,
        8000,
        {"certification": "complaint"},
    ),
    (
        {"en": "Evening visit, busy hour", "zh-CN": "晚间高峰时段暗访"},
        10000,
        5000,
        {"min_rating": 3.5},
    ),
)


def add_jobs(session: Session) -> str:
    """Publish the demo's open jobs once; return one line for the demo's summary."""
    if session.scalar(select(JobOffer.assignment_id).limit(1)) is not None:
        return "jobs         (already there)"
    campaign = session.scalar(
        select(Campaign)
        .where(Campaign.kind == "mystery_shop", Campaign.status == "open")
        .order_by(Campaign.period_end.desc())
    )
    hr = session.scalar(select(User).where(User.email == "hr@demo.example"))
    units = _units(session, campaign)
    if campaign is None or hr is None or not units:
        return "jobs         (no open mystery-shop campaign)"
    start = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0) + timedelta(days=1)
    for n, (scenario, fee, cap, needs) in enumerate(JOBS):
        data = {
            "unit_id": units[n % len(units)],
            "window_start": start + timedelta(days=n),
            "window_end": start + timedelta(days=n + 4),
            "scenario": scenario,
            "fee_minor": fee,
            "expense_cap_minor": cap,
            **needs,
        }
        publishing.publish(session, hr, campaign, data)
    return f"jobs         {len(JOBS)} open jobs on the board (campaign #{campaign.id})"


def _units(session: Session, campaign: Campaign | None) -> list[int]:
    """Stores with a map position, those the campaign does not visit yet first (a shopper may
    do one visit of a unit per campaign)."""
    if campaign is None:
        return []
    visited = set(
        session.scalars(select(Assignment.unit_id).where(Assignment.campaign_id == campaign.id))
    )
    stores = session.scalars(
        select(OrgUnit.id).where(OrgUnit.latitude.is_not(None)).order_by(OrgUnit.id)
    ).all()
    return sorted(stores, key=lambda unit: unit in visited)
