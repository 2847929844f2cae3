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
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.demo import demo_org
from server.demo.demo_answers import fake_answers, jpeg_photo
from server.models import Assignment, Campaign, Form, FormVersion, OrgUnit, User
from server.services.attachments import attachments, storage
from server.services.campaigns import assignments, campaigns, customer_links
from server.services.sync import customer_responses, sync
from server.services.visits import visits

NAMESPACE = uuid.UUID("6f1c1b9e-3d1a-4f57-9a43-2a6f0c1d7e55")
PREVIOUS_360 = {"en": "2026 H1 service 360", "zh-CN": "2026上半年服务360评估"}
CURRENT_360 = {"en": "2026 H2 service 360", "zh-CN": "2026下半年服务360评估"}
CUSTOMER = {"en": "2026 Q4 customer satisfaction", "zh-CN": "2026年第四季度顾客满意度"}
MYSTERY = {"en": "November 2026 store visits", "zh-CN": "2026年11月门店暗访"}
SCENARIOS = [
    {
        "en": "Ask for advice on a gift under 500 yuan, then ask about returns.",
        "zh-CN": "咨询500元以内的礼品建议，然后询问退换货政策。",
    },
    {
        "en": "Complain that a charger bought last week stopped working.",
        "zh-CN": "投诉上周购买的充电器已无法使用。",
    },
    {
        "en": "Compare two headphones and ask which suits commuting.",
        "zh-CN": "比较两款耳机，询问哪一款更适合通勤使用。",
    },
]

CRITICAL_NARRATIVE = (
    "进店后约三分钟无人问候，店员一直在整理货架。"
    " Nobody greeted me for about three minutes; staff kept restocking shelves."
)


@dataclass
class DemoContext:
    session: Session
    rng: random.Random
    store: storage.Storage
    limits: attachments.Limits


def sid(*parts: object) -> str:
    """A deterministic submission id, so a re-run replays instead of duplicating."""
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, parts))))


def latest_version(session: Session, key: str) -> FormVersion:
    version = session.scalar(
        select(FormVersion).join(Form).where(Form.key == key).order_by(FormVersion.version.desc())
    )
    if version is None:
        raise RuntimeError(f"Form {key} is not loaded: run `flask forms sync` first.")
    return version


def _find(session: Session, name: dict[str, str]) -> Campaign | None:
    for campaign in session.scalars(select(Campaign)):
        if campaign.name.get("en") == name["en"]:
            return campaign
    return None


def build_campaigns(
    session: Session, store: storage.Storage, limits: attachments.Limits
) -> list[str]:
    """Create the demo campaigns that do not exist yet; return one line per campaign."""
    from server.demo import demo_open  # imports this module

    ctx = DemoContext(session, random.Random(2026), store, limits)
    lines = []
    found = {}
    for name, builder in (
        (PREVIOUS_360, _previous_360),
        (CURRENT_360, _current_360),
        (CUSTOMER, _customer),
        (MYSTERY, _mystery),
        (demo_open.OPEN_360, demo_open.open_360),
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
    return lines


def _new(
    ctx: DemoContext,
    name: dict[str, str],
    kind: str,
    start: date,
    end: date,
    forms: dict[str, int],
    **extra: Any,
) -> Campaign:
    return campaigns.create_campaign(
        ctx.session,
        None,
        {
            "name": name,
            "kind": kind,
            "period_start": start,
            "period_end": end,
            "forms": forms,
            "report_locale": "zh-CN",
            **extra,
        },
    )


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
    thin_peers = 0
    by_rater: dict[int, list[dict[str, Any]]] = {}
    for a in rows:
        if a.relationship == "peer" and a.subject_id == thin_peer_subject:
            thin_peers += 1
            if thin_peers > 2:  # keep this peer group below the threshold of 3
                continue
        elif a.relationship == "subordinate" and a.subject_id in managers:
            pass
        elif ctx.rng.random() > answer_rate:
            continue
        quality = talent.get(a.subject_id or 0, 0.7) + (0.12 if a.relationship == "self" else 0)
        # Everyone writes something about themselves: the self row of every review has a comment.
        context = {"always_comment": True} if a.relationship == "self" else None
        answers, na = fake_answers(version.definition, ctx.rng, min(quality, 1.0), context=context)
        by_rater.setdefault(a.rater_id or 0, []).append(
            _item(sid(campaign.id, a.id), a.id, version.id, answers, na, when, ctx.rng)
        )
    _sync_all(ctx, by_rater, when)


def _item(
    submission_id: str,
    assignment_id: int,
    version_id: int,
    answers: dict[str, Any],
    na: list[str],
    when: datetime,
    rng: random.Random,
    **extra: Any,
) -> dict[str, Any]:
    started = when - timedelta(minutes=rng.randint(5, 25))
    return {
        "id": submission_id,
        "assignment_id": assignment_id,
        "form_version_id": version_id,
        "answers": answers,
        "na": na,
        "started_at": started.isoformat(),
        "completed_at": when.isoformat(),
        "device_time": when.isoformat(),
        **extra,
    }


def _sync_all(ctx: DemoContext, by_rater: dict[int, list[dict[str, Any]]], when: datetime) -> None:
    for rater_id, items in by_rater.items():
        rater = ctx.session.get(User, rater_id)
        assert rater is not None
        for start in range(0, len(items), 50):
            results = sync.sync_batch(ctx.session, rater, items[start : start + 50], now=when)
            bad = [r for r in results if r["status"] not in ("created", "duplicate", "late")]
            if bad:
                raise RuntimeError(f"demo submission refused: {bad[0]}")


def _previous_360(ctx: DemoContext) -> Campaign:
    campaign = _new(
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
    from server.demo import demo_mixed  # imports this module

    hr = ctx.session.scalar(select(User).where(User.email == "hr@demo.example"))
    campaign = _new(
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


def branch_unit(session: Session, index: int) -> OrgUnit:
    """The demo's index-th branch (found by path: an imported org may have other branches)."""
    path = f"{demo_org.COMPANY[0]}/{demo_org.BRANCHES[index][0]}"
    unit = session.scalar(select(OrgUnit).where(OrgUnit.path == path))
    if unit is None:
        raise RuntimeError(f"Demo branch {path} is missing: build the demo org first.")
    return unit


def _customer(ctx: DemoContext) -> Campaign:
    version = latest_version(ctx.session, "customer-satisfaction")
    campaign = _new(
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


def answer_links(
    ctx: DemoContext,
    version: FormVersion,
    links: list[Any],
    tag: str,
    base: datetime,
    count: Callable[[int], int],
    furious: frozenset[int] = frozenset(),
) -> None:
    """Customer responses on each link (`count(n)` of them for the n-th link) within 19 days
    of `base`. Subjects in `furious` get one bottom-of-scale response (an action item)."""
    low = {
        q["id"]: q["scale"]["min"]
        for s in version.definition["sections"]
        for q in s["questions"]
        if q["type"] == "rating"
    }
    for n, link in enumerate(links):
        mood = 0.55 + 0.4 * ctx.rng.random()
        for k in range(count(n)):
            when = base + timedelta(days=ctx.rng.randint(0, 18), minutes=ctx.rng.randint(0, 600))
            angry = k == 0 and link.subject_id in furious
            quality = mood if ctx.rng.random() > 0.07 and not angry else 0.0  # the odd furious one
            answers, na = fake_answers(
                version.definition, ctx.rng, quality, overrides=low if angry else None
            )
            body = _item(sid(tag, link.subject_id, k), 0, version.id, answers, na, when, ctx.rng)
            body.pop("assignment_id")
            customer_responses.submit(ctx.session, link.token, body, f"203.0.113.{n + 1}", now=when)


def _mystery(ctx: DemoContext) -> Campaign:
    version = latest_version(ctx.session, "mystery-shop-store")
    campaign = _new(
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


def shop(
    ctx: DemoContext,
    visit: Assignment,
    branch: OrgUnit,
    staff: list[User],
    version: FormVersion,
    start: datetime,
    outcome: str,
    served: User | None = None,
) -> str:
    """Sync one shopper's visit report (photos uploaded first); return the submission id.
    `served` is the identified staff member (default: a random one of `staff`)."""
    shopper = ctx.session.get(User, visit.rater_id)
    assert shopper is not None
    arrived = start + timedelta(minutes=ctx.rng.randint(20, 300))
    photos = _photos(ctx, shopper, visit.id, arrived)
    overrides: dict[str, Any] = {
        "visit_type": "in_store",
        "greeted_proactively": outcome != "critical",
    }
    if outcome == "critical":
        overrides["narrative"] = CRITICAL_NARRATIVE
    quality = 0.35 if outcome == "critical" else 0.6 + 0.35 * ctx.rng.random()
    answers, na = fake_answers(
        version.definition,
        ctx.rng,
        quality,
        overrides=overrides,
        context={"photos": photos, "datetime": arrived.isoformat()},
    )
    served = served or staff[ctx.rng.randrange(len(staff))]
    when = arrived + timedelta(minutes=35)
    jitter = ctx.rng.uniform(-0.0006, 0.0006)
    item = _item(
        sid("visit", visit.id),
        visit.id,
        version.id,
        answers,
        na,
        when,
        ctx.rng,
        staff_id=served.id,
        geo={
            "lat": (branch.latitude or 0) + jitter,
            "lon": (branch.longitude or 0) - jitter,
            "accuracy": 25,
            "captured_at": arrived.isoformat(),
        },
    )
    item["device_time"] = (when - timedelta(seconds=ctx.rng.randint(-40, 40))).isoformat()
    _sync_all(ctx, {shopper.id: [item]}, when)
    return str(item["id"])


def _photos(
    ctx: DemoContext, shopper: User, visit_id: int, taken: datetime
) -> Callable[[str], list[str]]:
    def upload(question_id: str) -> list[str]:
        seed = int(hashlib.sha256(f"{visit_id}:{question_id}".encode()).hexdigest()[:8], 16)
        data = jpeg_photo(seed, taken, question_id.replace("_photo", ""))
        sha = hashlib.sha256(data).hexdigest()
        attachments.store_upload(ctx.session, ctx.store, sha, data, shopper, ctx.limits)
        return [sha]

    return upload


def review_visit(ctx: DemoContext, hr: User | None, submission_id: str, outcome: str) -> None:
    sub = visits.get_submission(ctx.session, submission_id)
    if hr is None or outcome == "awaiting":
        return
    if outcome == "rejected":
        visits.review(
            ctx.session,
            hr,
            sub,
            {
                "decision": "reject",
                "reason": "小票照片看不清日期，请重新上传。"
                " The receipt date is unreadable; please resubmit.",
            },
        )
        return
    visits.review(ctx.session, hr, sub, {"decision": "approve"})
