"""Building blocks of the demo campaigns: a deterministic context, submission ids and
bodies, the sync of a rater's items, customer responses on links, a shopper's visit with
photos and HR's review of it.

Used by the campaign builders (server.demo.demo_data, demo_mixed, demo_open); it imports
none of them. Every answer goes through the ordinary services (sync, customer responses,
attachments, visits).
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import storage
from server.demo import demo_org
from server.demo.demo_answers import fake_answers, jpeg_photo
from server.models import Assignment, Campaign, Form, FormVersion, OrgUnit, User
from server.services.attachments import attachments
from server.services.campaigns import campaigns
from server.services.sync import customer_responses, sync
from server.services.visits import visits

NAMESPACE = uuid.UUID("6f1c1b9e-3d1a-4f57-9a43-2a6f0c1d7e55")
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


def new_campaign(
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


def submission_item(
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


def sync_all(ctx: DemoContext, by_rater: dict[int, list[dict[str, Any]]], when: datetime) -> None:
    for rater_id, items in by_rater.items():
        rater = ctx.session.get(User, rater_id)
        assert rater is not None
        for start in range(0, len(items), 50):
            results = sync.sync_batch(ctx.session, rater, items[start : start + 50], now=when)
            bad = [r for r in results if r["status"] not in ("created", "duplicate", "late")]
            if bad:
                raise RuntimeError(f"demo submission refused: {bad[0]}")


def branch_unit(session: Session, index: int) -> OrgUnit:
    """The demo's index-th branch (found by path: an imported org may have other branches)."""
    path = f"{demo_org.COMPANY[0]}/{demo_org.BRANCHES[index][0]}"
    unit = session.scalar(select(OrgUnit).where(OrgUnit.path == path))
    if unit is None:
        raise RuntimeError(f"Demo branch {path} is missing: build the demo org first.")
    return unit


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
            body = submission_item(
                sid(tag, link.subject_id, k), 0, version.id, answers, na, when, ctx.rng
            )
            body.pop("assignment_id")
            customer_responses.submit(ctx.session, link.token, body, f"203.0.113.{n + 1}", now=when)


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
    answers, na = _visit_answers(ctx, version, outcome, photos, arrived)
    served = served or staff[ctx.rng.randrange(len(staff))]
    when = arrived + timedelta(minutes=35)
    jitter = ctx.rng.uniform(-0.0006, 0.0006)
    geo = {
        "lat": (branch.latitude or 0) + jitter,
        "lon": (branch.longitude or 0) - jitter,
        "accuracy": 25,
        "captured_at": arrived.isoformat(),
    }
    item = submission_item(
        sid("visit", visit.id),
        visit.id,
        version.id,
        answers,
        na,
        when,
        ctx.rng,
        staff_id=served.id,
        geo=geo,
    )
    item["device_time"] = (when - timedelta(seconds=ctx.rng.randint(-40, 40))).isoformat()
    sync_all(ctx, {shopper.id: [item]}, when)
    return str(item["id"])


def _visit_answers(
    ctx: DemoContext, version: FormVersion, outcome: str, photos: Any, arrived: datetime
) -> tuple[dict[str, Any], list[str]]:
    """A shopper's answers: a critical visit fails the greeting and tells why."""
    overrides: dict[str, Any] = {
        "visit_type": "in_store",
        "greeted_proactively": outcome != "critical",
    }
    if outcome == "critical":
        overrides["narrative"] = CRITICAL_NARRATIVE
    quality = 0.35 if outcome == "critical" else 0.6 + 0.35 * ctx.rng.random()
    return fake_answers(
        version.definition,
        ctx.rng,
        quality,
        overrides=overrides,
        context={"photos": photos, "datetime": arrived.isoformat()},
    )


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
