"""The open part of the demo: work still to do for the printed logins (idempotent).

- An open 360 campaign, "2026 Q4 peer feedback 360" (peers chosen by nomination): self,
  supervisor and direct-report assignments for every employee. In the Shanghai sales team,
  staff112 and staff113 nominated staff111 among their peers and their team lead (lead11)
  approved, so staff111 has two open peer assignments besides the self-assessment;
  staff111's own three nominations are still proposed, waiting for lead11 (who sees them
  under "to decide") and editable by staff111.
- Every shopper has a visit still to do in the open mystery-shop campaign
  (`ensure_open_visits`, run by every `flask demo`: a shopper whose visits are all done
  or past their window gets a new one from the current hour, for three days).
Everything goes through the ordinary services (assignments, nominations, visits).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from server.demo import demo_kit
from server.models import Assignment, Campaign, User
from server.services.campaigns import assignments, campaigns, nominations
from server.services.visits import visits

OPEN_360 = {"en": "2026 Q4 peer feedback 360", "zh-CN": "2026年第四季度同事互评360"}
EMPLOYEE = "staff111@demo.example"
LEAD = "lead11@demo.example"
#: subject -> the peers they nominated (all approved by lead11): staff111 rates both.
APPROVED = {
    "staff112@demo.example": (EMPLOYEE, "staff114@demo.example", "staff115@demo.example"),
    "staff113@demo.example": (EMPLOYEE, "staff116@demo.example", "staff117@demo.example"),
}
#: staff111's own nominations, left proposed.
PROPOSED = ("staff112@demo.example", "staff113@demo.example", "staff114@demo.example")


def _user(ctx: demo_kit.DemoContext, email: str) -> User:
    user = ctx.session.scalar(select(User).where(User.email == email))
    if user is None:
        raise RuntimeError(f"Demo user {email} is missing: build the demo org first.")
    return user


def open_360(ctx: demo_kit.DemoContext) -> Campaign:
    """Create, generate and open the campaign; nominations as in the module docstring."""
    hr = ctx.session.scalar(select(User).where(User.email == "hr@demo.example"))
    version = demo_kit.latest_version(ctx.session, "service-360").id
    campaign = campaigns.create_campaign(
        ctx.session,
        hr,
        {
            "name": OPEN_360,
            "kind": "360",
            "period_start": date(2026, 12, 1),
            "period_end": date(2027, 1, 31),
            "forms": {r: version for r in ("self", "supervisor", "peer", "subordinate")},
            "report_locale": "zh-CN",
            "peer_selection": "nomination",
            "peer_min": 3,
            "peer_max": 4,
            "manager_visibility": True,
        },
    )
    assignments.generate(ctx.session, hr, campaign)
    campaigns.open_campaign(ctx.session, hr, campaign)
    lead = _user(ctx, LEAD)
    for subject_email, peers in APPROVED.items():
        subject = _user(ctx, subject_email)
        proposed = nominations.propose(
            ctx.session, subject, campaign, [_user(ctx, e).id for e in peers]
        )
        for nomination in proposed:
            nominations.decide(ctx.session, lead, campaign, nomination, approve=True)
    employee = _user(ctx, EMPLOYEE)
    nominations.propose(ctx.session, employee, campaign, [_user(ctx, e).id for e in PROPOSED])
    return campaign


def ensure_open_visits(ctx: demo_kit.DemoContext, campaign: Campaign) -> None:
    """Give every active shopper without a visit still to do one new visit."""
    now = datetime.now(UTC)
    start = now.replace(minute=0, second=0, microsecond=0)
    shoppers = ctx.session.scalars(
        select(User).where(User.role == "shopper", User.active.is_(True)).order_by(User.id)
    ).all()
    hr = ctx.session.scalar(select(User).where(User.email == "hr@demo.example"))
    for index, shopper in enumerate(shoppers):
        waiting = ctx.session.scalar(
            select(Assignment.id).where(
                Assignment.campaign_id == campaign.id,
                Assignment.relationship == "mystery_shopper",
                Assignment.rater_id == shopper.id,
                Assignment.status == "pending",
                Assignment.visit_window_end > now,
            )
        )
        if waiting is not None:
            continue
        visits.create_visit(
            ctx.session,
            hr,
            campaign,
            {
                "unit_id": demo_kit.branch_unit(ctx.session, (index + 1) % 3).id,
                "shopper_id": shopper.id,
                "window_start": start,
                "window_end": start + timedelta(days=3),
                "scenario": demo_kit.SCENARIOS[(index + 2) % len(demo_kit.SCENARIOS)],
            },
        )
    ctx.session.flush()
