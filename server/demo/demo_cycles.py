"""Demo recurring cycles (issue 14 §3): the seeds' cadences as campaign templates, and a
month of daily self-check history so the month grid and streaks show something.

`build_cycles(ctx, now)` creates, once each (found again by English name):
- "Daily self-check": monthly, one check-in per person per local day, everyone, managers may
  see their reports' grid; started the first of the previous month. Its campaigns of the
  previous and the current month are made here, with check-ins of the first team of the first
  branch (lead11, staff111…) on most days up to yesterday (today is left to check in);
- "Monthly store visits": a mystery shop of each store by the three shoppers in turn, a
  20-day window, from next month;
- "Quarterly customer survey": customer links for the first branch, from next quarter;
- "Half-yearly service 360": the whole company, from the next half-year.
The scheduler (`flask scheduler tick --at TIME --only recurring_cycles`) makes each next
campaign; `flask worker` does it on time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.demo.demo_kit import DemoContext, branch_unit, sid, submission_item
from server.demo.demo_kit import latest_version as version_of
from server.models import Assignment, CampaignTemplate, User
from server.services.campaigns import assignments
from server.services.cycles import materialise, recurrence, runner, templates
from server.services.sync import sync

TZ = "Asia/Shanghai"
SELF_CHECK = {"en": "Daily self-check", "zh-CN": "每日服务自查"}
SHOP = {"en": "Monthly store visits", "zh-CN": "每月门店暗访"}
SURVEY = {"en": "Quarterly customer survey", "zh-CN": "季度顾客满意度调查"}
REVIEW = {"en": "Half-yearly service 360", "zh-CN": "半年度服务360评估"}
BEHAVIOURS = (
    "greeted_proactively",
    "used_customer_name",
    "smiled",
    "offered_help",
    "listened_patiently",
)


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(TZ)).astimezone(UTC)


def _specs(session: Session, today: date) -> list[dict[str, Any]]:
    month = recurrence.period_containing("monthly", today)
    previous = recurrence.period_containing("monthly", month.start - timedelta(days=1))
    following = recurrence.next_period
    quarter = recurrence.period_containing("quarterly", today)
    half = recurrence.period_containing("half_yearly", today)
    units = [branch_unit(session, i).id for i in range(3)]
    shoppers = list(
        session.scalars(select(User.id).where(User.role == "shopper").order_by(User.id))
    )
    rels = ("self", "supervisor", "peer", "subordinate")
    return [
        {"name": SELF_CHECK, "kind": "mixed", "forms": {"self": "daily-self-check"},
         "recurrence": "monthly", "start_date": previous.start, "per_day": True,
         "settings": {"manager_visibility": True}},
        {"name": SHOP, "kind": "mystery_shop", "forms": {"mystery_shopper": "mystery-shop-store"},
         "recurrence": "monthly", "start_date": following("monthly", month).start,
         "window_days": 20, "settings": {"units": units, "shoppers": shoppers[:3]}},
        {"name": SURVEY, "kind": "customer", "forms": {"customer": "customer-satisfaction"},
         "recurrence": "quarterly", "unit_id": units[0],
         "start_date": following("quarterly", quarter).start},
        {"name": REVIEW, "kind": "360", "forms": {r: "service-360" for r in rels},
         "recurrence": "half_yearly", "window_days": 30, "due_days_before_end": 2,
         "start_date": following("half_yearly", half).start},
    ]  # fmt: skip


def build_cycles(ctx: DemoContext, now: datetime | None = None) -> list[str]:
    """Create the demo templates that do not exist yet (and the self-check history)."""
    session = ctx.session
    now = now or datetime.now(UTC)
    today = runner.local_today(now, TZ)
    known = {t.name.get("en"): t for t in templates.list_templates(session)}
    lines = []
    for spec in _specs(session, today):
        template = known.get(spec["name"]["en"])
        if template is None:
            template = templates.create_template(session, None, spec, TZ)
            if template.per_day:
                _history(ctx, template, today)
        lines.append(f"cycle        {template.recurrence:<12} {spec['name']['en']}")
    return lines


def _history(ctx: DemoContext, template: CampaignTemplate, today: date) -> None:
    """The previous and current month's campaigns, check-ins on most days until yesterday."""
    session = ctx.session
    # the team of lead11 and staff111 (the printed employee logins): its lead and staff
    lead = session.scalar(select(User).where(User.email == "lead11@demo.example"))
    unit_id = lead.unit_id if lead is not None else branch_unit(session, 0).id
    people = assignments.scope_employees(session, unit_id)
    version = version_of(session, "daily-self-check").id
    day = template.start_date
    while day < today:
        month = recurrence.period_containing("monthly", day)
        period = recurrence.clip(month, template.start_date, None)
        if period is None:
            break
        campaign = materialise.create_period(session, template, month, period)
        if campaign is None:
            break
        session.execute(
            update(Assignment)
            .where(Assignment.campaign_id == campaign.id)
            .values(created_at=_local(campaign.period_start, 0))
        )
        mine: dict[int, int] = dict(
            session.execute(  # type: ignore[arg-type]
                select(Assignment.rater_id, Assignment.id).where(
                    Assignment.campaign_id == campaign.id
                )
            ).all()
        )
        while day <= period.end and day < today:
            _day(ctx, people, mine, version, day)
            day += timedelta(days=1)
    runner.close_ended(session, _local(today, 1))
    runner.run(session, _local(today, 1))


def _day(
    ctx: DemoContext, people: list[User], mine: dict[int, int], version: int, day: date
) -> None:
    for person in people:
        diligence = 0.6 + (person.id % 5) * 0.09
        if ctx.rng.random() > diligence or person.id not in mine:
            continue
        when = _local(day, 18 + ctx.rng.randint(0, 3), ctx.rng.randint(0, 59))
        answers: dict[str, Any] = {k: ctx.rng.random() < 0.85 for k in BEHAVIOURS}
        item = submission_item(
            sid("self-check", person.id, day), mine[person.id], version, answers, [], when, ctx.rng
        )
        result = sync.sync_batch(ctx.session, person, [item], now=when + timedelta(minutes=2))
        if result[0]["status"] not in ("created", "duplicate"):
            raise RuntimeError(f"demo check-in refused: {result[0]}")


__all__ = ["build_cycles"]
