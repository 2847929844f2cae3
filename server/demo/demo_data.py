"""Demo campaigns on top of the demo organisation (deterministic, idempotent).

`build_campaigns(session, store, limits)` creates, once each (found again by English name):
- a previous 360 campaign (2026 H1), answered and released, for trends;
- the current 360 campaign (2026 H2), kind `mixed`: about 80 % of the 360 raters
  answered, plus customer links and mystery-shop visits in the Shanghai branch
  (server.demo.demo_mixed), so a review of its staff has every section; closed and
  released by HR; one employee's peer group stays below the anonymity threshold;
- a customer campaign with one link per member of the Shanghai branch and about
  eight responses for most of them (two stay below the threshold);
- a mystery-shop campaign: three visits per branch by the three shoppers, with photos
  uploaded through the attachments service, most approved, one failing a critical
  item (approved: it opens an action item), one rejected (back on shopper 1's phone),
  one awaiting review;
- an open 360 campaign with nominations and, for every shopper, a visit still to do
  (server.demo.demo_open), so every printed login has work waiting.
Every answer goes through the ordinary services (sync, customer responses,
attachments), so scores, item scores and action items are computed as in production.
The building blocks shared with demo_mixed and demo_open (context, submission ids,
syncing, shops, visit reviews) are in server.demo.demo_kit, so nothing imports in a circle.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import storage
from server.demo import (
    demo_certification,
    demo_cycles,
    demo_jobs,
    demo_loop,
    demo_mixed,
    demo_notifications,
    demo_open,
    demo_pay,
    demo_stars,
    demo_timers,
)
from server.demo.demo_answers import fake_answers
from server.demo.demo_kit import (
    SCENARIOS,
    DemoContext,
    answer_links,
    branch_unit,
    latest_version,
    new_campaign,
    review_visit,
    shop,
    sid,
    submission_item,
    sync_all,
)
from server.models import Assignment, Campaign, FormVersion, User
from server.services.attachments import attachments
from server.services.campaigns import assignments, campaigns, customer_links
from server.services.visits import visits

PREVIOUS_360 = {"en": "2026 H1 service 360", "zh-CN": "2026上半年服务360评估"}
CURRENT_360 = {"en": "2026 H2 service 360", "zh-CN": "2026下半年服务360评估"}
CUSTOMER = {"en": "2026 Q4 customer satisfaction", "zh-CN": "2026年第四季度顾客满意度"}
MYSTERY = {"en": "November 2026 store visits", "zh-CN": "2026年11月门店暗访"}


def _find(session: Session, name: dict[str, str]) -> Campaign | None:
    for campaign in session.scalars(select(Campaign)):
        if campaign.name.get("en") == name["en"]:
            return campaign
    return None


def build_campaigns(
    session: Session, store: storage.Storage, limits: attachments.Limits
) -> list[str]:
    """Create the demo campaigns that do not exist yet; return one line per campaign."""
    ctx = DemoContext(session, random.Random(2026), store, limits)
    lines = []
    found = {}
    for name, builder in (
        (PREVIOUS_360, _previous_360),
        (CURRENT_360, _current_360),
        (CUSTOMER, _customer),
        (MYSTERY, _mystery),
        (demo_open.OPEN_360, demo_open.open_360),
        (demo_timers.TIMERS, demo_timers.build),
    ):
        campaign = _find(session, name)
        if campaign is None:
            campaign = builder(ctx)
            session.flush()
        found[name["en"]] = campaign
        lines.append(f"{campaign.kind:<12} {campaign.status:<9} #{campaign.id} {name['en']}")
    mystery = found[MYSTERY["en"]]
    if mystery.status == "open":  # HR may have closed it since
        demo_open.ensure_open_visits(ctx, mystery)
    lines.append(demo_notifications.add_notifications(session))
    demo_loop.stage_loop(session)  # overdue and escalated action items (issue 14 §2)
    lines += demo_cycles.build_cycles(ctx)  # recurring cycles (issue 14 §3)
    lines += demo_certification.build(session)  # certification quizzes (issue 16 §2)
    lines += demo_stars.build_stars(session)
    lines.append(demo_pay.add_pay(session))  # shopper pay (issue 16)
    return [*lines, demo_jobs.add_jobs(session)]  # open jobs on the board (issue 16)


def _360_forms(session: Session) -> dict[str, int]:
    version = latest_version(session, "service-360").id
    return {r: version for r in ("self", "supervisor", "peer", "subordinate")}


def _run_360(
    ctx: DemoContext,
    campaign: Campaign,
    when: datetime,
    answer_rate: float,
    thin_peer_subject: int | None,
) -> None:
    assignments.generate(ctx.session, None, campaign)
    campaigns.open_campaign(ctx.session, None, campaign)
    version = ctx.session.get(FormVersion, campaigns.forms_of(campaign)["self"])
    assert version is not None
    rows = ctx.session.scalars(
        select(Assignment).where(Assignment.campaign_id == campaign.id).order_by(Assignment.id)
    ).all()
    talent = {
        u.id: 0.45 + 0.5 * ctx.rng.random()
        for u in ctx.session.scalars(select(User).where(User.role == "employee"))
    }
    # Store managers hear from all three direct reports, so their upward row is shown.
    managers = set(
        ctx.session.scalars(select(User.id).where(User.email.like("manager%@demo.example")))
    )
    by_rater: dict[int, list[dict[str, Any]]] = {}
    for a in _answering(ctx, rows, answer_rate, thin_peer_subject, managers):
        quality = talent.get(a.subject_id or 0, 0.7) + (0.12 if a.relationship == "self" else 0)
        # Everyone writes something about themselves: the self row of every review has a comment.
        context = {"always_comment": True} if a.relationship == "self" else None
        answers, na = fake_answers(version.definition, ctx.rng, min(quality, 1.0), context=context)
        by_rater.setdefault(a.rater_id or 0, []).append(
            submission_item(sid(campaign.id, a.id), a.id, version.id, answers, na, when, ctx.rng)
        )
    sync_all(ctx, by_rater, when)


def _answering(
    ctx: DemoContext,
    rows: Sequence[Assignment],
    answer_rate: float,
    thin_peer_subject: int | None,
    managers: set[int],
) -> Iterator[Assignment]:
    """The assignments that get an answer, drawn lazily (the random draws interleave with the
    answers' own): two peers of the thin subject (below the threshold of 3), every direct
    report of a store manager, the others at `answer_rate`."""
    thin_peers = 0
    for a in rows:
        if a.relationship == "peer" and a.subject_id == thin_peer_subject:
            thin_peers += 1
            if thin_peers > 2:  # keep this peer group below the threshold of 3
                continue
        elif a.relationship == "subordinate" and a.subject_id in managers:
            pass
        elif ctx.rng.random() > answer_rate:
            continue
        yield a


def _previous_360(ctx: DemoContext) -> Campaign:
    campaign = new_campaign(
        ctx,
        PREVIOUS_360,
        "360",
        date(2026, 1, 1),
        date(2026, 6, 30),
        _360_forms(ctx.session),
        peer_min=3,
        peer_max=4,
    )
    _run_360(ctx, campaign, datetime(2026, 6, 20, 3, 0, tzinfo=UTC), 0.9, None)
    campaigns.close_campaign(ctx.session, None, campaign)
    campaigns.release_campaign(ctx.session, None, campaign)
    return campaign


def _current_360(ctx: DemoContext) -> Campaign:
    hr = ctx.session.scalar(select(User).where(User.email == "hr@demo.example"))
    campaign = new_campaign(
        ctx,
        CURRENT_360,
        "mixed",
        date(2026, 7, 1),
        date(2026, 11, 30),
        {**_360_forms(ctx.session), **demo_mixed.forms(ctx)},
        peer_min=3,
        peer_max=4,
        manager_visibility=True,
    )
    thin = ctx.session.scalar(select(User.id).where(User.email == "staff212@demo.example"))
    _run_360(ctx, campaign, datetime.now(UTC) - timedelta(hours=2), 0.8, thin)
    demo_mixed.add_customers(ctx, campaign)
    demo_mixed.add_visits(ctx, campaign, hr)
    campaigns.close_campaign(ctx.session, hr, campaign)
    campaigns.release_campaign(ctx.session, hr, campaign)
    return campaign


def _customer(ctx: DemoContext) -> Campaign:
    version = latest_version(ctx.session, "customer-satisfaction")
    campaign = new_campaign(
        ctx,
        CUSTOMER,
        "customer",
        date(2026, 10, 1),
        date(2026, 12, 31),
        {"customer": version.id},
        anonymity_thresholds={"customer": 3},
    )
    campaigns.open_campaign(ctx.session, None, campaign)
    links = customer_links.issue_links(
        ctx.session, None, campaign, {"unit_id": branch_unit(ctx.session, 0).id}
    )
    ctx.session.flush()
    answer_links(
        ctx,
        version,
        links,
        "customer",
        datetime.now(UTC) - timedelta(days=20),
        lambda n: 2 if n in (3, 9) else 6 + ctx.rng.randint(0, 4),
    )
    return campaign


def _mystery(ctx: DemoContext) -> Campaign:
    version = latest_version(ctx.session, "mystery-shop-store")
    campaign = new_campaign(
        ctx,
        MYSTERY,
        "mystery_shop",
        date(2026, 11, 1),
        date(2026, 11, 30),
        {"mystery_shopper": version.id},
    )
    campaigns.open_campaign(ctx.session, None, campaign)
    shoppers = ctx.session.scalars(
        select(User).where(User.role == "shopper").order_by(User.id)
    ).all()
    hr = ctx.session.scalar(select(User).where(User.email == "hr@demo.example"))
    # (branch, visit) -> outcome; shopper (b + v) % 3, so shopper 1 has the rejected visit.
    outcomes = {(0, 1): "critical", (1, 0): "awaiting", (2, 1): "rejected"}
    for b in range(3):
        branch = branch_unit(ctx.session, b)
        staff = visits.unit_staff(ctx.session, branch)
        for v in range(3):
            start = datetime(2026, 11, 3 + 6 * v + b, 2, 0, tzinfo=UTC)  # 10:00 in China
            visit = visits.create_visit(
                ctx.session,
                hr,
                campaign,
                {
                    "unit_id": branch.id,
                    "shopper_id": shoppers[(b + v) % len(shoppers)].id,
                    "window_start": start,
                    "window_end": start + timedelta(hours=8),
                    "scenario": SCENARIOS[v],
                },
            )
            outcome = outcomes.get((b, v), "approved")
            sub_id = shop(ctx, visit, branch, staff, version, start, outcome)
            review_visit(ctx, hr, sub_id, outcome)
    return campaign
