"""Demo of the review timers (issue 14 §4): an open mystery-shop campaign of its own with
explicit timers (72 h to review, then auto-accept; HR reminded 12 h before; a returned
report closes 24 h after the return, the shopper reminded 6 h before), and three visits:

- shopper 1's report, received about four days ago: auto-accepted by the timer while the
  demo is built (audit event with the rule, a notice to the shopper, the badge
  "auto-accepted by rule: 72 h without review" in HR's queue and on the shopper's visit);
- shopper 2's report, received 61–66 h ago: waiting near its timer (HR already reminded;
  `flask scheduler tick --at <now + 12 h>` auto-accepts it);
- shopper 3's report, returned by HR 19 h ago: the shopper was reminded; a tick 5 h on
  closes the visit as rejected unless it is sent again.

The demo's earlier mystery-shop and mixed campaigns get their timers switched off
(`review_timers` off), so the reports HR left waiting or returned there stay as they are
for the review walkthrough instead of being decided at `make run`'s first tick.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from server.demo import demo_kit
from server.models import Campaign, Submission, User
from server.services.campaigns import campaigns
from server.services.campaigns.review_timers import BUILT_IN
from server.services.visits import timers, visits

TIMERS = {"en": "Store visits with review timers", "zh-CN": "带审核计时的门店暗访"}
SETTINGS = {
    "review_hours": 72,
    "review_timeout": "accept",
    "review_reminder_hours": 12,
    "resubmit_hours": 24,
    "resubmit_timeout": "reject",
    "resubmit_reminder_hours": 6,
}
OFF = {"review_timeout": "off", "resubmit_timeout": "off"}
#: (shopper index, branch index, hours since the visit window opened, HR's step)
VISITS = [(0, 0, 96, None), (1, 1, 66, None), (2, 2, 40, "return")]


def build(ctx: demo_kit.DemoContext) -> Campaign:
    """Create the timers campaign with its three visits and run its timers once, now."""
    session, now = ctx.session, datetime.now(UTC).replace(microsecond=0)
    _history_off(ctx)
    version = demo_kit.latest_version(session, "mystery-shop-store")
    today = now.date()
    campaign = demo_kit.new_campaign(
        ctx,
        TIMERS,
        "mystery_shop",
        today - timedelta(days=10),
        today + timedelta(days=20),
        {"mystery_shopper": version.id},
        review_timers=dict(SETTINGS),
    )
    campaigns.open_campaign(session, None, campaign)
    shoppers = session.scalars(select(User).where(User.role == "shopper").order_by(User.id)).all()
    for shopper, branch, hours, step in VISITS:
        _visit(ctx, campaign, shoppers[shopper % len(shoppers)], branch, now, hours, step)
    session.commit()
    timers.run_timers(session, now, BUILT_IN, campaign_ids=[campaign.id])
    return campaign


def _visit(
    ctx: demo_kit.DemoContext,
    campaign: Campaign,
    shopper: User,
    branch: int,
    now: datetime,
    hours: int,
    step: str | None,
) -> None:
    """One visit whose window opened `hours` ago, reported, and returned by HR if `step`."""
    session = ctx.session
    hr = session.scalar(select(User).where(User.email == "hr@demo.example"))
    unit = demo_kit.branch_unit(session, branch)
    start = now - timedelta(hours=hours)
    visit = visits.create_visit(
        session,
        hr,
        campaign,
        {
            "unit_id": unit.id,
            "shopper_id": shopper.id,
            "window_start": start,
            "window_end": start + timedelta(hours=8),
            "scenario": demo_kit.SCENARIOS[branch],
        },
    )
    version = demo_kit.latest_version(session, "mystery-shop-store")
    staff = visits.unit_staff(session, unit)
    sub_id = demo_kit.shop(ctx, visit, unit, staff, version, start, "approved")
    if step == "return" and hr is not None:
        demo_kit.review_visit(ctx, hr, sub_id, "rejected")
        session.get_one(Submission, sub_id).reviewed_at = now - timedelta(hours=19)


def _history_off(ctx: demo_kit.DemoContext) -> None:
    """Earlier demo campaigns with visits keep HR's open reviews (timers off)."""
    for campaign in ctx.session.scalars(
        select(Campaign).where(Campaign.kind.in_(("mystery_shop", "mixed")))
    ):
        if campaign.review_timers is None:
            campaign.review_timers = dict(OFF)
