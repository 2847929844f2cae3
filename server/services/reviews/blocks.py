"""Blocks the review and the unit summary share: the campaign (or 404), its group weights and
its `campaign` block, the employee block."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.domain_errors import NotFound
from server.models import Campaign, OrgUnit, User
from server.models.campaign import DEFAULT_GROUP_WEIGHTS

MYSTERY = "mystery_shopper"


def campaign_or_404(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("not_found", "No such campaign.")
    return campaign


def weights(campaign: Campaign) -> dict[str, float]:
    """The campaign's group weights over the defaults."""
    return {**DEFAULT_GROUP_WEIGHTS, **(campaign.group_weights or {})}


def campaign_block(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "name": campaign.name,
        "kind": campaign.kind,
        "period_start": campaign.period_start.isoformat(),
        "period_end": campaign.period_end.isoformat(),
        "status": campaign.status,
        "released": campaign.status == "released",
        "locale": campaign.report_locale,
        "rank_enabled": bool(campaign.rank_enabled),
    }


def employee_block(session: Session, employee: User) -> dict[str, Any]:
    unit = session.get(OrgUnit, employee.unit_id) if employee.unit_id else None
    return {
        "id": employee.id,
        "name": employee.name,
        "job_title": employee.job_title,
        "employee_number": employee.employee_number,
        "unit": {"id": unit.id, "name": unit.name} if unit else None,
    }
