"""The campaign of one period of a template: created, filled, opened and announced once.

`create_period` does it all inside one SAVEPOINT that first inserts the `cycle_period` row
(unique per template and period start): a second run, or a second consumer racing the first
(PostgreSQL makes it wait, then refuses the duplicate), rolls back and creates nothing.
What each kind gets:
- mixed (the daily self-check): a self assignment for each active employee of the scope;
- 360: the ordinary generation (self, supervisor, direct reports, automatic peers);
- customer: the links of the template's previous campaign are moved to the new one (the
  printed QR cards keep working and always answer the template's current campaign; their
  response counters start again at 0; old responses stay with the old campaign), leavers'
  links are deactivated and new hires get a new link;
- mystery_shop: one visit per listed unit, the listed shoppers taking turns period by period.
People are those active at the moment of creation: new hires are included, leavers left
out. Every rater is told once (`assignment_opened:<assignment id>`, the key the normal
opening path uses too, so nobody is told twice).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, CampaignTemplate, CustomerLink, CyclePeriod, User
from server.services.campaigns import assignments, campaigns, customer_links
from server.services.cycles.recurrence import Period
from server.services.cycles.templates import newest_version
from server.services.notifications import notify


def local_end_of(day: date, tz: str) -> datetime:
    """The last second of a local day, in UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def window_of(template: CampaignTemplate, period: Period) -> Period:
    """The part of a period the campaign is open: its first `window_days` days."""
    if not template.window_days:
        return period
    return Period(period.start, min(period.end, period.start + timedelta(template.window_days - 1)))


def due_day(template: CampaignTemplate, window: Period) -> date:
    """The day assignments are due: `due_days_before_end` before the window's last day."""
    return max(window.start, window.end - timedelta(days=template.due_days_before_end or 0))


def label(recurrence: str, start: date) -> str:
    """How a period is named in its campaign's name (2026-12, 2026 Q4, 2026-W49, …)."""
    if recurrence == "daily":
        return start.isoformat()
    if recurrence == "weekly":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if recurrence == "quarterly":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if recurrence == "half_yearly":
        return f"{start.year} H{1 if start.month <= 6 else 2}"
    return f"{start:%Y-%m}"


def create_period(
    session: Session, template: CampaignTemplate, calendar: Period, period: Period
) -> Campaign | None:
    """Create the campaign of a period (see the module docstring); None if it exists."""
    try:
        with session.begin_nested():
            campaign = _campaign(session, template, period)
            session.add(
                CyclePeriod(
                    template_id=template.id,
                    period_start=calendar.start,
                    period_end=calendar.end,
                    campaign_id=campaign.id,
                    per_day=template.per_day,
                    timezone=template.timezone,
                )
            )
            session.flush()
            _fill(session, template, campaign)
            campaigns.open_campaign(session, None, campaign)
            announce(session, campaign)
    except IntegrityError:
        return None
    return campaign


def _campaign(session: Session, template: CampaignTemplate, period: Period) -> Campaign:
    window = window_of(template, period)
    forms = {}
    for relationship, key in template.forms.items():
        version = newest_version(session, key)
        if version is not None:
            forms[relationship] = version.id
    tag = label(template.recurrence, period.start)
    data: dict[str, Any] = {
        "kind": template.kind,
        "name": {lang: f"{text} · {tag}" for lang, text in template.name.items()},
        "period_start": window.start,
        "period_end": window.end,
        "forms": forms,
        "manager_visibility": bool((template.settings or {}).get("manager_visibility")),
    }
    return campaigns.create_campaign(session, None, data)


def _fill(session: Session, template: CampaignTemplate, campaign: Campaign) -> None:
    due = local_end_of(
        due_day(template, Period(campaign.period_start, campaign.period_end)), template.timezone
    )
    if template.kind == "360":
        assignments.generate(session, None, campaign, template.unit_id)
    elif template.kind == "mixed":
        add_missing_self(session, template, campaign, due)
    elif template.kind == "customer":
        _links(session, template, campaign)
    elif template.kind == "mystery_shop":
        _visits(session, template, campaign, due)
    session.execute(
        update(Assignment).where(Assignment.campaign_id == campaign.id).values(due_at=due)
    )


def add_missing_self(
    session: Session, template: CampaignTemplate, campaign: Campaign, due: datetime
) -> list[Assignment]:
    """A self assignment for each active employee of the scope who has none yet."""
    have = set(
        session.scalars(
            select(Assignment.rater_id).where(
                Assignment.campaign_id == campaign.id, Assignment.relationship == "self"
            )
        )
    )
    created = [
        assignments.new_assignment(session, campaign, "self", user.id, user.id, due)
        for user in assignments.scope_employees(session, template.unit_id)
        if user.id not in have
    ]
    session.flush()
    return created


def _links(session: Session, template: CampaignTemplate, campaign: Campaign) -> None:
    previous = session.scalar(
        select(CyclePeriod.campaign_id)
        .where(CyclePeriod.template_id == template.id, CyclePeriod.campaign_id != campaign.id)
        .order_by(CyclePeriod.period_start.desc())
        .limit(1)
    )
    if previous is not None:
        session.execute(
            update(CustomerLink)
            .where(CustomerLink.campaign_id == previous)
            .values(campaign_id=campaign.id, response_count=0)
        )
        leavers = select(User.id).where(User.active.is_(False))
        session.execute(
            update(CustomerLink)
            .where(CustomerLink.campaign_id == campaign.id, CustomerLink.subject_id.in_(leavers))
            .values(active=False)
        )
    settings = template.settings or {}
    per_unit = settings.get("per") == "unit"
    data = (
        {"per": "unit", "unit_ids": settings.get("unit_ids") or []}
        if per_unit
        else {"unit_id": template.unit_id}
    )
    customer_links.issue_links(session, None, campaign, data)


def _visits(
    session: Session, template: CampaignTemplate, campaign: Campaign, due: datetime
) -> None:
    settings = template.settings or {}
    shoppers = [
        s
        for s in settings.get("shoppers") or []
        if session.scalar(select(User.active).where(User.id == s, User.role == "shopper"))
    ]
    if not shoppers:
        return
    turn = int(
        session.scalar(select(func.count()).where(CyclePeriod.template_id == template.id)) or 0
    )
    start = datetime.combine(campaign.period_start, time(0), tzinfo=ZoneInfo(template.timezone))
    for i, unit_id in enumerate(settings.get("units") or []):
        session.add(
            Assignment(
                campaign_id=campaign.id,
                relationship="mystery_shopper",
                rater_id=shoppers[(i + turn) % len(shoppers)],
                unit_id=unit_id,
                status="pending",
                form_version_id=campaigns.form_version_for(campaign, "mystery_shopper"),
                visit_window_start=start.astimezone(UTC),
                visit_window_end=due,
                due_at=due,
                scenario=settings.get("scenario"),
            )
        )
    session.flush()


def announce(session: Session, campaign: Campaign, only: list[Assignment] | None = None) -> int:
    """Tell each rater of the campaign (or of `only`) once that an assignment opened."""
    rows = only
    if rows is None:
        rows = list(
            session.scalars(
                select(Assignment).where(
                    Assignment.campaign_id == campaign.id, Assignment.rater_id.is_not(None)
                )
            )
        )
    told = 0
    for a in rows:
        if a.rater_id is None:
            continue
        # the kind and key the notifications sweep uses, so nobody is told twice
        kind = "visit_opened" if a.relationship == "mystery_shopper" else "assignment_opened"
        note = notify(
            session,
            a.rater_id,
            kind,
            key=f"{kind}:{a.id}",
            params={
                "campaign": campaign.name,
                "due_at": a.due_at.isoformat() if a.due_at else None,
            },
            link=f"/form/{a.id}",
            campaign_id=campaign.id,
        )
        told += note is not None
    return told
