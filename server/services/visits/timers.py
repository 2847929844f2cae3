"""Review timers of mystery-shop visits (issue 14 §4), run by server/tasks/visit_timers.py.

- A report waiting for review (`received`, not late) for the campaign's `review_hours` is
  auto-accepted (status `approved`, no reviewer: it counts like an approved visit, SPEC §6)
  or, with `review_timeout: escalate`, escalated: every HR user is notified and the visit
  is flagged, nothing is decided. HR users are reminded `review_reminder_hours` before.
- A report returned to the shopper (HR's reject) and not resubmitted `resubmit_hours` after
  the return closes the visit as rejected: the assignment leaves the shopper's list
  (`declined`: sync refuses a later resubmission). The shopper is reminded before.
- Late reports (arrived after close) are never decided by a timer: HR accepts them first.

Exactly once: each step is one short transaction whose write re-checks the state it acts
on (a conditional UPDATE: the report still `received`, the assignment still `pending` with
no resubmission), so a human decision committed first wins, and a second run, a second
consumer or a retry finds nothing left to do; the step's `visit_timer_event` row (unique
per report and rule) and the notification keys make the rest idempotent. Every automatic
decision is an audit event with its rule: {"rule": "auto_accept_after_hours", "hours": 72}.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from server.models import Assignment, Campaign, Submission, VisitTimerEvent
from server.services.actions import actions
from server.services.campaigns.review_timers import effective
from server.services.org import accounts
from server.services.visits import notices
from server.services.webhooks import emit as webhook_events

#: Campaigns whose visits still have timers (a released campaign's results are fixed).
LIVE_CAMPAIGNS = ("open", "closed")
ACCEPT, ESCALATE, REJECT = (
    "auto_accept_after_hours",
    "escalate_after_hours",
    "auto_reject_after_hours",
)


def run_timers(
    session: Session,
    now: datetime,
    defaults: Mapping[str, Any],
    campaign_ids: Collection[int] | None = None,
) -> dict[str, int]:
    """Take every review-timer step due at `now` (in `campaign_ids`, default all); returns
    how many of each were taken. Commits after each visit (one short write transaction per
    step)."""
    done: Counter[str] = Counter()
    for sub_id, settings in _waiting(session, defaults, campaign_ids):
        done.update(_waiting_step(session, sub_id, settings, now))
        session.commit()
    for sub_id, settings in _returned(session, defaults, campaign_ids):
        done.update(_returned_step(session, sub_id, settings, now))
        session.commit()
    return {key: done[key] for key in sorted(done)}


def _with_settings(
    session: Session, stmt: Any, defaults: Mapping[str, Any], campaign_ids: Any
) -> list[tuple[str, dict[str, Any]]]:
    if campaign_ids is not None:
        stmt = stmt.where(Submission.campaign_id.in_(list(campaign_ids)))
    rows = session.execute(stmt.order_by(Submission.id)).all()
    return [(sid, effective(timers, defaults)) for sid, timers in rows]


def _waiting(
    session: Session, defaults: Mapping[str, Any], campaign_ids: Any = None
) -> list[tuple[str, dict]]:
    """Reports waiting for review, not yet escalated."""
    escalated = exists().where(
        VisitTimerEvent.submission_id == Submission.id, VisitTimerEvent.rule == ESCALATE
    )
    stmt = (
        select(Submission.id, Campaign.review_timers)
        .join(Campaign, Campaign.id == Submission.campaign_id)
        .where(
            Submission.relationship == "mystery_shopper",
            Submission.status == "received",
            Submission.is_late.is_(False),
            Campaign.status.in_(LIVE_CAMPAIGNS),
            ~escalated,
        )
    )
    return _with_settings(session, stmt, defaults, campaign_ids)


def _returned(
    session: Session, defaults: Mapping[str, Any], campaign_ids: Any = None
) -> list[tuple[str, dict]]:
    """Reports returned to their shopper, not resubmitted, the visit still open."""
    newer = aliased(Submission)
    stmt = (
        select(Submission.id, Campaign.review_timers)
        .join(Campaign, Campaign.id == Submission.campaign_id)
        .join(Assignment, Assignment.id == Submission.assignment_id)
        .where(
            Submission.relationship == "mystery_shopper",
            Submission.status == "rejected",
            Submission.reviewed_at.is_not(None),
            Assignment.status == "pending",
            Campaign.status.in_(LIVE_CAMPAIGNS),
            ~exists().where(newer.replaces_id == Submission.id),
        )
    )
    return _with_settings(session, stmt, defaults, campaign_ids)


def _waiting_step(
    session: Session, sub_id: str, settings: dict[str, Any], now: datetime
) -> list[str]:
    sub = session.get(Submission, sub_id)
    if sub is None or settings["review_timeout"] == "off":
        return []
    hours = float(settings["review_hours"])
    fires_at = sub.received_at + timedelta(hours=hours)
    if now >= fires_at:
        if settings["review_timeout"] == "escalate":
            return ["escalated"] if escalate(session, sub, hours, now) else []
        return ["auto_accepted"] if auto_accept(session, sub, hours, now) else []
    reminder = float(settings["review_reminder_hours"])
    if reminder > 0 and now >= fires_at - timedelta(hours=reminder):
        rule = ESCALATE if settings["review_timeout"] == "escalate" else ACCEPT
        extra = {"timer": rule, "hours": hours, "fires_at": fires_at.isoformat()}
        key = f"review_timer:{rule}:{sub.id}"
        if notices.tell_hr(session, sub, "review_timer", key, **extra):
            return ["hr_reminded"]
    return []


def _returned_step(
    session: Session, sub_id: str, settings: dict[str, Any], now: datetime
) -> list[str]:
    sub = session.get(Submission, sub_id)
    if sub is None or sub.reviewed_at is None or settings["resubmit_timeout"] == "off":
        return []
    hours = float(settings["resubmit_hours"])
    fires_at = sub.reviewed_at + timedelta(hours=hours)
    if now >= fires_at:
        return ["auto_rejected"] if auto_reject(session, sub, hours, now) else []
    reminder = float(settings["resubmit_reminder_hours"])
    if reminder > 0 and now >= fires_at - timedelta(hours=reminder):
        if notices.remind_shopper(session, sub, fires_at, hours):
            return ["shopper_reminded"]
    return []


def _record(session: Session, sub: Submission, rule: str, hours: float, now: datetime) -> bool:
    """Insert the step's row; False when it already exists (another run took the step)."""
    event = VisitTimerEvent(
        submission_id=sub.id,
        assignment_id=sub.assignment_id,
        campaign_id=sub.campaign_id,
        rule=rule,
        hours=hours,
        fired_at=now,
    )
    try:
        with session.begin_nested():
            session.add(event)
            session.flush()
    except IntegrityError:
        return False
    return True


def auto_accept(session: Session, sub: Submission, hours: float, now: datetime) -> bool:
    """Approve a report nobody reviewed in time, unless its state changed meanwhile."""
    won = session.execute(
        update(Submission)
        .where(
            Submission.id == sub.id,
            Submission.status == "received",
            Submission.is_late.is_(False),
        )
        .values(status="approved", reviewer_id=None, review_reason=None, reviewed_at=now)
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1 or not _record(session, sub, ACCEPT, hours, now):  # type: ignore[attr-defined]
        session.rollback()
        return False
    session.refresh(sub)
    actions.create_for_submission(session, sub)
    webhook_events.visit_approved(session, sub, automatic=True)
    _audit(session, sub, "visit_auto_accepted", ACCEPT, hours)
    notices.tell_shopper(session, sub, ACCEPT, rule=ACCEPT, hours=hours)
    return True


def escalate(session: Session, sub: Submission, hours: float, now: datetime) -> bool:
    """Flag a report nobody reviewed in time and tell every HR user; decide nothing."""
    still_waiting = session.scalar(
        select(Submission.id).where(Submission.id == sub.id, Submission.status == "received")
    )
    if still_waiting is None or not _record(session, sub, ESCALATE, hours, now):
        session.rollback()
        return False
    _audit(session, sub, "visit_review_escalated", ESCALATE, hours)
    key = f"visit_review_escalated:{sub.id}"
    notices.tell_hr(session, sub, "visit_review_escalated", key, rule=ESCALATE, hours=hours)
    return True


def auto_reject(session: Session, sub: Submission, hours: float, now: datetime) -> bool:
    """Close a returned visit not resubmitted in time, unless it was resubmitted meanwhile."""
    newer = aliased(Submission)
    won = session.execute(
        update(Assignment)
        .where(
            Assignment.id == sub.assignment_id,
            Assignment.status == "pending",
            ~exists().where(newer.replaces_id == sub.id),
            exists().where(Submission.id == sub.id, Submission.status == "rejected"),
        )
        .values(status="declined")
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1 or not _record(session, sub, REJECT, hours, now):  # type: ignore[attr-defined]
        session.rollback()
        return False
    _audit(session, sub, "visit_auto_rejected", REJECT, hours)
    notices.tell_shopper(session, sub, REJECT, rule=REJECT, hours=hours)
    return True


def _audit(session: Session, sub: Submission, action: str, rule: str, hours: float) -> None:
    accounts.audit(
        session,
        None,
        action,
        sub,
        rule=rule,
        hours=hours,
        campaign_id=sub.campaign_id,
        assignment_id=sub.assignment_id,
    )
