"""The customer and mystery-shop part of the demo's current (mixed) 360 campaign.

A review is built per campaign, so the current half-year campaign is of kind `mixed`:
besides the 360 raters it carries customer links for the Shanghai branch staff and
mystery-shop visits there that identify staff members. That way the released review
of the demo employee (staff111) has data in every section: customer feedback with a
bottom-of-scale response and approved visits with photos, one failing a critical
item (both open action items). One more visit stays awaiting HR review. Everything
goes through the ordinary services (customer responses, attachments, sync, visit
review), exactly like `demo_data`'s separate customer and mystery-shop campaigns.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from server.demo import demo_kit
from server.models import Campaign, FormVersion, User
from server.services.campaigns import customer_links
from server.services.visits import visits

#: Subjects with one furious (bottom-of-scale) customer: an action item each.
FURIOUS = ("staff111@demo.example", "staff114@demo.example", "staff123@demo.example")
#: Links (in issue order) that get only 2 responses, so their customer row stays hidden.
THIN_LINKS = (5,)
#: (day in November, shopper index, served staff email, outcome)
VISITS = [
    (4, 0, "staff111@demo.example", "approved"),
    (11, 1, "staff111@demo.example", "critical"),
    (13, 2, "staff112@demo.example", "approved"),
    (17, 0, "staff121@demo.example", "approved"),
    (19, 1, "staff113@demo.example", "awaiting"),
]


def _user_id(ctx: demo_kit.DemoContext, email: str) -> int | None:
    return ctx.session.scalar(select(User.id).where(User.email == email))


def forms(ctx: demo_kit.DemoContext) -> dict[str, int]:
    """Form versions of the mixed campaign: the 360 form plus customer and mystery-shop."""
    return {
        "customer": demo_kit.latest_version(ctx.session, "customer-satisfaction").id,
        "mystery_shopper": demo_kit.latest_version(ctx.session, "mystery-shop-store").id,
    }


def add_customers(ctx: demo_kit.DemoContext, campaign: Campaign) -> None:
    """One link per member of the Shanghai branch, 3-6 responses for most of them."""
    version = ctx.session.get(FormVersion, forms(ctx)["customer"])
    assert version is not None
    links = customer_links.issue_links(
        ctx.session, None, campaign, {"unit_id": demo_kit.branch_unit(ctx.session, 0).id}
    )
    ctx.session.flush()
    furious = frozenset(i for e in FURIOUS if (i := _user_id(ctx, e)) is not None)
    demo_kit.answer_links(
        ctx,
        version,
        links,
        f"mixed-customer-{campaign.id}",
        datetime(2026, 11, 2, 1, 0, tzinfo=UTC),
        lambda n: 2 if n in THIN_LINKS else 3 + ctx.rng.randint(0, 3),
        furious,
    )


def add_visits(ctx: demo_kit.DemoContext, campaign: Campaign, hr: User | None) -> None:
    """Mystery-shop visits to the Shanghai branch naming the staff member served."""
    version = ctx.session.get(FormVersion, forms(ctx)["mystery_shopper"])
    assert version is not None
    branch = demo_kit.branch_unit(ctx.session, 0)
    staff = visits.unit_staff(ctx.session, branch)
    shoppers = ctx.session.scalars(
        select(User).where(User.role == "shopper").order_by(User.id)
    ).all()
    for n, (day, shopper, email, outcome) in enumerate(VISITS):
        start = datetime(2026, 11, day, 2, 0, tzinfo=UTC)  # 10:00 in China
        visit = visits.create_visit(
            ctx.session,
            hr,
            campaign,
            {
                "unit_id": branch.id,
                "shopper_id": shoppers[shopper].id,
                "window_start": start,
                "window_end": start + timedelta(hours=8),
                "scenario": demo_kit.SCENARIOS[n % len(demo_kit.SCENARIOS)],
            },
        )
        served = next(u for u in staff if u.email == email)
        sub_id = demo_kit.shop(ctx, visit, branch, staff, version, start, outcome, served)
        demo_kit.review_visit(ctx, hr, sub_id, outcome)
