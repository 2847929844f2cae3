"""Campaign templates: HR creates, lists, edits, pauses and resumes them (issue 14 §3).

A template names its forms by key ({relationship: form key}); each campaign it creates pins
the newest version of each form at that moment. Rules checked here:
- the relationships must belong to the kind (360: self, supervisor, peer, subordinate;
  customer: customer; mystery_shop: mystery_shopper; mixed: self only, the self-check);
- `per_day` (one submission per person per local day) needs a self form only;
- mystery-shop templates list the units to visit and the shoppers who take turns;
- the time zone is an IANA name; the end date is not before the start date.
Editing changes the next periods only: campaigns already created keep their settings.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Invalid, NotFound
from server.models import CampaignTemplate, CyclePeriod, Form, FormVersion, OrgUnit, User
from server.schemas.base import valid_id
from server.services.cycles import recurrence
from server.services.org import accounts

#: Which relationships a template of each kind may give forms for.
TEMPLATE_RELATIONSHIPS = {
    "360": ("self", "supervisor", "peer", "subordinate"),
    "customer": ("customer",),
    "mystery_shop": ("mystery_shopper",),
    "mixed": ("self",),
}
#: What HR may set (and the API returns).
FIELDS = tuple(
    "name kind forms recurrence start_date end_date window_days due_days_before_end per_day"
    " timezone unit_id settings".split()
)


def get_template(session: Session, template_id: int) -> CampaignTemplate:
    """Return the template or raise 404."""
    found = session.get(CampaignTemplate, template_id) if valid_id(template_id) else None
    if found is None:
        raise NotFound("not_found", "No such campaign template.")
    return found


def list_templates(session: Session) -> list[CampaignTemplate]:
    """Every template, oldest first."""
    return list(session.scalars(select(CampaignTemplate).order_by(CampaignTemplate.id)))


def create_template(
    session: Session, actor: User | None, data: dict[str, Any], timezone: str
) -> CampaignTemplate:
    """Create an active template (`timezone`: the default when the data names none)."""
    template = CampaignTemplate(
        status="active",
        settings={},
        per_day=False,
        due_days_before_end=0,
        timezone=timezone,
        created_by_id=actor.id if actor else None,
    )
    _apply(session, template, data)
    session.add(template)
    session.flush()
    accounts.audit(session, actor, "template_created", template, kind=template.kind)
    return template


def update_template(
    session: Session, actor: User | None, template: CampaignTemplate, data: dict[str, Any]
) -> CampaignTemplate:
    """Edit a template; the change applies from its next period on."""
    _apply(session, template, data)
    template.updated_at = datetime.now(UTC)
    session.flush()
    accounts.audit(session, actor, "template_updated", template, fields=sorted(data))
    return template


def set_status(
    session: Session, actor: User | None, template: CampaignTemplate, status: str
) -> CampaignTemplate:
    """Pause (no new campaigns) or resume a template."""
    if template.status != status:
        template.status = status
        template.updated_at = datetime.now(UTC)
        session.flush()
        accounts.audit(session, actor, f"template_{status}", template)
    return template


def _apply(session: Session, template: CampaignTemplate, data: dict[str, Any]) -> None:
    for key in FIELDS:
        if key in data:
            setattr(template, key, data[key])
    errors = _form_errors(session, template)
    errors.update(_setting_errors(session, template))
    if errors:
        raise Invalid("invalid", "The campaign template is invalid.", {"fields": errors})


def _form_errors(session: Session, template: CampaignTemplate) -> dict[str, str]:
    allowed = TEMPLATE_RELATIONSHIPS[template.kind]
    forms = template.forms or {}
    if not forms:
        return {"forms": "required"}
    errors = {}
    for relationship, key in forms.items():
        version = newest_version(session, key)
        if relationship not in allowed:
            errors[f"forms.{relationship}"] = "not_a_relationship_of_kind"
        elif version is None:
            errors[f"forms.{relationship}"] = "unknown_form"
        elif relationship not in version.definition["relationships"]:
            errors[f"forms.{relationship}"] = "form_not_for_relationship"
        elif version.definition.get("kind") == "quiz":
            errors[f"forms.{relationship}"] = "form_is_a_quiz"  # certification (issue 16 §2)
    missing = [r for r in allowed if r not in forms and template.kind != "mixed"]
    errors.update({f"forms.{r}": "required" for r in missing})
    if template.per_day and set(forms) != {"self"}:
        errors["per_day"] = "self_form_only"
    return errors


def _setting_errors(session: Session, template: CampaignTemplate) -> dict[str, str]:
    errors = {}
    if template.end_date is not None and template.end_date < template.start_date:
        errors["end_date"] = "before_start_date"
    try:
        ZoneInfo(template.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = "unknown_timezone"
    if template.unit_id is not None and session.get(OrgUnit, template.unit_id) is None:
        errors["unit_id"] = "unknown_unit"
    if template.kind == "mystery_shop":
        errors.update(_shop_errors(session, template.settings or {}))
    return errors


def _shop_errors(session: Session, settings: dict[str, Any]) -> dict[str, str]:
    units, shoppers = settings.get("units") or [], settings.get("shoppers") or []
    errors = {}
    found = session.scalars(select(OrgUnit.id).where(OrgUnit.id.in_(units))).all()
    if not units or len(set(found)) != len(set(units)):
        errors["settings.units"] = "unknown_unit"
    active = session.scalars(
        select(User.id).where(User.id.in_(shoppers), User.role == "shopper", User.active.is_(True))
    ).all()
    if not shoppers or len(set(active)) != len(set(shoppers)):
        errors["settings.shoppers"] = "not_an_active_shopper"
    return errors


def newest_version(session: Session, form_key: str) -> FormVersion | None:
    """The newest version of a form, by key."""
    return session.scalars(
        select(FormVersion)
        .join(Form, Form.id == FormVersion.form_id)
        .where(Form.key == form_key)
        .order_by(FormVersion.version.desc())
        .limit(1)
    ).first()


def describe(session: Session, template: CampaignTemplate, now: datetime) -> dict[str, Any]:
    """A template with the campaigns it made and the next period it will make."""
    data = {key: getattr(template, key) for key in (*FIELDS, "id", "status")}
    made = session.scalars(
        select(CyclePeriod)
        .where(CyclePeriod.template_id == template.id)
        .order_by(CyclePeriod.period_start.desc())
    ).all()
    data["periods"] = [
        {"period_start": p.period_start, "period_end": p.period_end, "campaign_id": p.campaign_id}
        for p in made
    ]
    data["next_period"] = _next(template, {p.period_start for p in made}, now)
    return data


def _next(template: CampaignTemplate, made: set[Any], now: datetime) -> dict[str, Any] | None:
    today = now.astimezone(ZoneInfo(template.timezone)).date()
    calendar = recurrence.period_containing(template.recurrence, max(today, template.start_date))
    for _ in range(3):
        period = recurrence.clip(calendar, template.start_date, template.end_date)
        if period is None:
            return None
        if calendar.start not in made:
            return {"period_start": period.start, "period_end": period.end, "campaign_id": None}
        calendar = recurrence.next_period(template.recurrence, calendar)
    return None
