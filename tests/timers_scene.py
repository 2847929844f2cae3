"""The scene of the review-timer tests (issue 14 §4): an open mystery-shop campaign, a store
with staff, a shopper, two HR users, one visit and its report received at a chosen time.
Works on any app (SQLite `app` or PostgreSQL `pg_app`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from sqlalchemy import func, select

from server.extensions import db
from server.models import Assignment, AuditEvent, Notification, Submission
from server.services.campaigns.review_timers import BUILT_IN
from server.services.visits import timers, visits
from tests.factories import make_campaign, make_unit, make_user

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
DEFAULTS = dict(BUILT_IN)


def scene(review_timers: dict[str, Any] | None = None) -> dict[str, Any]:
    """Campaign, unit, shopper, HR users and a visit with no report yet."""
    unit = make_unit(name={"en": "Store 12", "zh-CN": "十二号店"})
    shopper = make_user(role="shopper")
    hr = [make_user(role="hr"), make_user(role="admin")]
    campaign = make_campaign("mystery_shop", status="open")
    campaign.review_timers = review_timers
    visit = visits.create_visit(
        db.session,
        None,
        campaign,
        {
            "unit_id": unit.id,
            "shopper_id": shopper.id,
            "window_start": T0 - timedelta(hours=4),
            "window_end": T0 - timedelta(hours=1),
        },
    )
    db.session.commit()
    return {"unit": unit, "shopper": shopper, "hr": hr, "campaign": campaign, "visit": visit}


def report(s: dict[str, Any], at: datetime, replaces: str | None = None) -> Submission:
    """The shopper's report of the visit, received at `at`."""
    visit: Assignment = s["visit"]
    sub = Submission(
        id=str(uuid.uuid4()),
        assignment_id=visit.id,
        campaign_id=visit.campaign_id,
        form_version_id=visit.form_version_id,
        relationship="mystery_shopper",
        rater_id=visit.rater_id,
        unit_id=visit.unit_id,
        answers={},
        na=[],
        content_sha256="0" * 64,
        received_at=at,
        replaces_id=replaces,
        status="received",
    )
    db.session.add(sub)
    visit.status = "submitted"
    db.session.commit()
    return sub


def hr_return(s: dict[str, Any], sub: Submission, at: datetime, reason: str = "Blurry") -> None:
    """HR returns the report to the shopper at `at` (the reject decision)."""
    with time_machine.travel(at, tick=False):
        visits.review(db.session, s["hr"][0], sub, {"decision": "reject", "reason": reason})
        db.session.commit()


def run(at: datetime) -> dict[str, int]:
    """One run of the timers at `at` (the periodic action's body)."""
    return timers.run_timers(db.session, at, DEFAULTS)


def notes(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


def audits(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)
