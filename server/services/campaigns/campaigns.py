"""Campaigns: creation, edits and the lifecycle draft -> open -> closed -> released (-> closed).

Edit rules (SPEC §7, plus the choices a professional product needs):
- draft: everything may change; only drafts may be deleted.
- open / closed: kind, forms and peer settings are fixed (answers pin a form version,
  raters were chosen under those settings); name, period, thresholds, weights,
  report locale, manager visibility and action due times may still change.
- released: nothing changes until HR un-releases (released -> closed).
Opening needs a form for every relationship the kind uses (360: self, supervisor,
peer, subordinate; customer: customer; mystery_shop: mystery_shopper; mixed: at least
one form) and, for 360 campaigns, generated assignments. Closed campaigns never reopen:
late arrivals are stored as `late` and HR accepts them individually.
Which forms a campaign uses: server.services.campaigns.campaign_forms (its `forms_of`,
`form_version_for` and `default_due` are offered here too).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound, Term
from server.models import (
    Assignment,
    Campaign,
    CustomerLink,
    PeerNomination,
    Submission,
    User,
)
from server.models.campaign import (
    DEFAULT_ACTION_DUE_HOURS,
    DEFAULT_GROUP_WEIGHTS,
)
from server.models.user import LOCALES
from server.schemas.base import valid_id
from server.services.campaigns import review_timers
from server.services.campaigns.campaign_forms import (
    REQUIRED_FORMS,
    default_due,
    form_version_for,
    forms_of,
    set_forms,
)
from server.services.org import accounts
from server.services.scoring import anonymity
from server.services.webhooks import emit as webhook_events

WEIGHT_KEYS = ("supervisor", "colleagues", "customer", "mystery_shopper", "self")
DUE_KEYS = ("ack", "response", "plan", "followup")
CRITICAL_POLICIES = ("section_zero", "form_zero", "flag_only")
SETTINGS = (
    "name",
    "period_start",
    "period_end",
    "critical_policy",
    "anonymity_thresholds",
    "group_weights",
    "action_due_hours",
    "review_timers",
    "report_locale",
    "manager_visibility",
    "rank_enabled",
    "gap_threshold",
    "reminder_days",
)
LOCKED_WHEN_OPEN = ("kind", "forms", "peer_selection", "peer_min", "peer_max")

__all__ = [
    "close_campaign",
    "create_campaign",
    "default_due",
    "delete_campaign",
    "form_version_for",
    "forms_of",
    "get_campaign",
    "list_campaigns",
    "open_campaign",
    "release_campaign",
    "unrelease_campaign",
    "update_campaign",
    "valid_id",
]


def get_campaign(session: Session, campaign_id: int) -> Campaign:
    """Return the campaign or raise 404."""
    campaign = session.get(Campaign, campaign_id) if valid_id(campaign_id) else None
    if campaign is None:
        raise NotFound("not_found", "No such campaign.")
    return campaign


def list_campaigns(
    session: Session, status: str | None = None, kind: str | None = None
) -> list[Campaign]:
    """Campaigns, newest period first."""
    stmt = select(Campaign).order_by(Campaign.period_end.desc(), Campaign.id.desc())
    if status:
        stmt = stmt.where(Campaign.status == status)
    if kind:
        stmt = stmt.where(Campaign.kind == kind)
    return list(session.scalars(stmt))


def create_campaign(session: Session, actor: User | None, data: dict[str, Any]) -> Campaign:
    """Create a draft campaign after validating every setting."""
    campaign = Campaign(
        kind=data["kind"],
        status="draft",
        created_by_id=actor.id if actor else None,
        anonymity_thresholds=dict(anonymity.DEFAULT_THRESHOLDS),
        group_weights=dict(DEFAULT_GROUP_WEIGHTS),
        action_due_hours=dict(DEFAULT_ACTION_DUE_HOURS),
        report_locale="zh-CN",
        manager_visibility=False,
        rank_enabled=True,
        gap_threshold=15.0,
        peer_selection="automatic",
        peer_min=3,
        peer_max=5,
    )
    _apply_settings(campaign, data)
    session.add(campaign)
    session.flush()
    set_forms(session, campaign, data.get("forms") or {})
    accounts.audit(session, actor, "campaign_created", campaign, kind=campaign.kind)
    return campaign


def update_campaign(
    session: Session, actor: User | None, campaign: Campaign, data: dict[str, Any]
) -> Campaign:
    """Edit a campaign within the rules of its status (see the module docstring)."""
    if campaign.status == "released":
        raise Conflict("campaign_released", "Un-release the campaign before editing it.")
    if campaign.status != "draft":
        locked = [k for k in LOCKED_WHEN_OPEN if k in data and _differs(campaign, k, data[k])]
        if locked:
            raise Conflict(
                "campaign_locked",
                "These settings are fixed once the campaign is open.",
                {"fields": {k: "locked" for k in locked}},
            )
    if "kind" in data:
        campaign.kind = data["kind"]
    _apply_settings(campaign, data)
    if "forms" in data and campaign.status == "draft":
        set_forms(session, campaign, data["forms"])
    session.flush()
    accounts.audit(session, actor, "campaign_updated", campaign, fields=sorted(data))
    return campaign


def _differs(campaign: Campaign, key: str, value: Any) -> bool:
    if key == "forms":
        return value != forms_of(campaign)
    return bool(getattr(campaign, key) != value)


def _apply_settings(campaign: Campaign, data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    for key in (*SETTINGS, "peer_selection", "peer_min", "peer_max"):
        if key in data:
            setattr(campaign, key, data[key])
    _validate(campaign, errors)
    if errors:
        raise Invalid("invalid", "The campaign settings are invalid.", {"fields": errors})


def _validate(campaign: Campaign, errors: dict[str, Any]) -> None:
    start, end = campaign.period_start, campaign.period_end
    if start and end and start > end:
        errors["period_end"] = Term("The end date must not be before the start date.")
    if campaign.report_locale is not None and campaign.report_locale not in LOCALES:
        errors["report_locale"] = Term("Choose Chinese or English.")
    if campaign.critical_policy not in (None, *CRITICAL_POLICIES):
        errors["critical_policy"] = Term("Unknown critical-item policy.")
    if campaign.peer_min > campaign.peer_max:
        errors["peer_max"] = Term("The maximum must not be below the minimum.")
    if not anonymity.valid_thresholds(campaign.anonymity_thresholds):
        errors["anonymity_thresholds"] = Term(
            "Each threshold must be a whole number of at least 1."
        )
    weights = campaign.group_weights or {}
    if any(k not in WEIGHT_KEYS or v < 0 for k, v in weights.items()) or (
        weights and sum(weights.values()) <= 0
    ):
        errors["group_weights"] = Term("Weights must be 0 or more, and at least one above 0.")
    due = campaign.action_due_hours or {}
    if any(k not in DUE_KEYS or v <= 0 for k, v in due.items()):
        errors["action_due_hours"] = Term("Each due time must be more than 0 hours.")
    if (timers_problem := review_timers.problem(campaign.review_timers)) is not None:
        errors["review_timers"] = timers_problem


def open_campaign(session: Session, actor: User | None, campaign: Campaign) -> Campaign:
    """draft -> open: forms become fixed; needs its forms and, for 360, assignments."""
    _require(campaign, "draft", "opened")
    missing = [r for r in REQUIRED_FORMS[campaign.kind] if r not in forms_of(campaign)]
    if missing or not campaign.forms:
        raise Conflict(
            "no_form",
            "Choose a form for every relationship before opening.",
            {"missing": missing},
        )
    if campaign.kind == "360" and not _has_assignments(session, campaign):
        raise Conflict("no_assignments", "Generate the assignments before opening.")
    return _move(session, actor, campaign, "open", "opened_at")


def close_campaign(session: Session, actor: User | None, campaign: Campaign) -> Campaign:
    """open -> closed: new submissions are stored as late."""
    _require(campaign, "open", "closed")
    return _move(session, actor, campaign, "closed", "closed_at")


def release_campaign(session: Session, actor: User | None, campaign: Campaign) -> Campaign:
    """closed -> released: reviews become visible to employees (and managers if enabled)."""
    _require(campaign, "closed", "released")
    moved = _move(session, actor, campaign, "released", "released_at")
    webhook_events.campaign_released(session, moved)
    return moved


def unrelease_campaign(session: Session, actor: User | None, campaign: Campaign) -> Campaign:
    """released -> closed: reviews are hidden again."""
    _require(campaign, "released", "unreleased")
    campaign.released_at = None
    return _move(session, actor, campaign, "closed", None)


def _require(campaign: Campaign, status: str, done: str) -> None:
    """409 unless the campaign is in `status`; `done` is the move ("opened", "closed", ...)."""
    if campaign.status != status:
        raise Conflict(
            "invalid_transition",
            "This campaign is {current}; only {status} campaigns can be {done}.",
            {"status": campaign.status, "required": status},
            params={
                "status": Term(status, "campaign status"),
                "done": Term(done, "campaign transition"),
                "current": Term(campaign.status, "campaign status"),
            },
        )


def _move(
    session: Session, actor: User | None, campaign: Campaign, status: str, stamp: str | None
) -> Campaign:
    previous = campaign.status
    campaign.status = status
    if stamp:
        setattr(campaign, stamp, datetime.now(UTC))
    session.flush()
    accounts.audit(
        session,
        actor,
        f"campaign_{_verb(previous, status)}",
        campaign,
        previous=previous,
        status=status,
    )
    return campaign


def _verb(previous: str, status: str) -> str:
    if previous == "released":
        return "unreleased"
    return {"open": "opened", "closed": "closed", "released": "released"}[status]


def _has_assignments(session: Session, campaign: Campaign) -> bool:
    return bool(session.scalar(select(exists().where(Assignment.campaign_id == campaign.id))))


def delete_campaign(session: Session, actor: User | None, campaign: Campaign) -> None:
    """Delete a draft campaign with its assignments, nominations and links."""
    if campaign.status != "draft":
        raise Conflict("invalid_transition", "Only draft campaigns can be deleted.")
    if session.scalar(select(func.count()).where(Submission.campaign_id == campaign.id)):
        raise Conflict("has_submissions", "The campaign already has submissions.")
    for model in (Assignment, PeerNomination, CustomerLink):
        session.execute(delete(model).where(model.campaign_id == campaign.id))
    accounts.audit(session, actor, "campaign_deleted", campaign)
    session.delete(campaign)
    session.flush()
