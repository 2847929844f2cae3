"""A follow-up mystery-shop visit for an action item (issue 14 §2): the owner (or HR) picks a
shopper and a window; the visit is created by the one visit rule (visits.create_visit) in a
mystery-shop campaign (the item's own, or the one chosen) for the item's unit, and recorded as
the item's follow-up."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Invalid
from server.models import ActionFollowUp, ActionItem, Campaign, User
from server.services.actions import followup
from server.services.visits.visits import create_visit

#: A follow-up visit's window when none is given.
DEFAULT_WINDOW = timedelta(days=3)


def schedule_visit(
    session: Session, user: User, item: ActionItem, data: dict[str, Any], now: datetime
) -> ActionFollowUp:
    """Create the follow-up visit and record it on the item."""
    campaign = session.get(Campaign, data.get("campaign_id") or item.campaign_id or 0)
    if campaign is None or item.unit_id is None or not data.get("shopper_id"):
        raise Invalid(
            "invalid",
            "Choose a shopper and a mystery-shop campaign.",
            {"fields": {"shopper_id": "required", "campaign_id": "required"}},
        )
    start = data["at"]
    plan = {
        "unit_id": item.unit_id,
        "shopper_id": data["shopper_id"],
        "window_start": start,
        "window_end": data.get("window_end") or start + DEFAULT_WINDOW,
        "scenario": data.get("note") or (item.title or {}).get("en"),
    }
    visit = create_visit(session, user, campaign, plan)
    return followup.schedule(session, user, item, data, now, visit_id=visit.id)


def options(session: Session, item: ActionItem) -> dict[str, Any]:
    """Who and where a follow-up visit can be planned: active shoppers, open mystery shops."""
    shoppers = session.scalars(
        select(User).where(User.role == "shopper", User.active.is_(True)).order_by(User.name)
    )
    campaigns = session.scalars(
        select(Campaign)
        .where(Campaign.kind.in_(("mystery_shop", "mixed")), Campaign.status.in_(("draft", "open")))
        .order_by(Campaign.id.desc())
    )
    return {
        "shoppers": [{"id": u.id, "name": u.name} for u in shoppers],
        "campaigns": [{"id": c.id, "name": c.name} for c in campaigns],
        "default_campaign_id": item.campaign_id,
    }
