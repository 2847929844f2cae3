"""What the review timers did or will do to a visit, for the HR queue and the shopper.

`timer_state` describes one report: the steps taken (`events`, each with its rule, hours and
time), the automatic decision if any (`auto_decision`), whether HR was alerted
(`escalated_at`), and, while a timer runs, what it will do and when (`pending`).
`my_visits` is the shopper's list of their own visits with what became of each.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, OrgUnit, Submission, User, VisitTimerEvent
from server.services.campaigns.review_timers import effective
from server.services.visits.visits import latest_submissions

DECISION_RULES = ("auto_accept_after_hours", "auto_reject_after_hours")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def events_of(session: Session, submission_ids: list[str]) -> dict[str, list[VisitTimerEvent]]:
    """The timer steps of each report."""
    found: dict[str, list[VisitTimerEvent]] = {}
    if submission_ids:
        stmt = select(VisitTimerEvent).where(VisitTimerEvent.submission_id.in_(submission_ids))
        for event in session.scalars(stmt.order_by(VisitTimerEvent.fired_at)):
            found.setdefault(event.submission_id, []).append(event)
    return found


def _pending(sub: Submission, settings: dict[str, Any], escalated: bool) -> dict | None:
    """The timer still to fire on this report: what it will do and when."""
    if sub.status == "received" and not sub.is_late and not escalated:
        action, start, hours = settings["review_timeout"], sub.received_at, "review_hours"
    elif sub.status == "rejected" and sub.reviewed_at is not None:
        action, start, hours = settings["resubmit_timeout"], sub.reviewed_at, "resubmit_hours"
    else:
        return None
    if action == "off":
        return None
    limit = float(settings[hours])
    return {"action": action, "hours": limit, "fires_at": _iso(start + timedelta(hours=limit))}


def timer_state(
    sub: Submission,
    events: list[VisitTimerEvent],
    campaign_timers: Mapping[str, Any] | None,
    defaults: Mapping[str, Any],
) -> dict[str, Any]:
    """One report's timer steps, automatic decision, escalation flag and pending timer."""
    steps = [{"rule": e.rule, "hours": e.hours, "at": _iso(e.fired_at)} for e in events]
    decision = next((s for s in steps if s["rule"] in DECISION_RULES), None)
    escalation = next((s for s in steps if s["rule"] == "escalate_after_hours"), None)
    closed = decision is not None and decision["rule"] == "auto_reject_after_hours"
    settings = effective(campaign_timers, defaults)
    return {
        "events": steps,
        "auto_decision": decision,
        "escalated_at": escalation["at"] if escalation else None,
        "pending": None if closed else _pending(sub, settings, escalation is not None),
    }


def annotate(session: Session, rows: list[dict[str, Any]], defaults: Mapping[str, Any]) -> None:
    """Add `timer` to each mystery-shop row of a submission list (None for other rows)."""
    ids = [r["id"] for r in rows if r.get("relationship") == "mystery_shopper"]
    events = events_of(session, ids)
    for row in rows:
        row["timer"] = None
        if row["id"] in ids:
            sub = session.get(Submission, row["id"])
            campaign = session.get(Campaign, row["campaign_id"])
            if sub is not None and campaign is not None:
                timers = campaign.review_timers
                row["timer"] = timer_state(sub, events.get(sub.id, []), timers, defaults)


def decision_of(sub: Submission | None, timer: dict[str, Any] | None) -> str:
    """What the shopper sees: scheduled, awaiting_review, approved, returned, auto_accepted,
    auto_rejected."""
    if sub is None:
        return "scheduled"
    auto = (timer or {}).get("auto_decision")
    if auto is not None:
        return "auto_accepted" if auto["rule"] == "auto_accept_after_hours" else "auto_rejected"
    if sub.status == "approved":
        return "approved"
    if sub.status == "rejected":
        return "returned"
    return "awaiting_review"


def my_visits(session: Session, user: User, defaults: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The shopper's visits (campaigns past draft), newest window first, with their outcome."""
    rows = session.execute(
        select(Assignment, Campaign)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .where(
            Assignment.rater_id == user.id,
            Assignment.relationship == "mystery_shopper",
            Campaign.status != "draft",
        )
        .order_by(Assignment.visit_window_start.desc(), Assignment.id.desc())
    ).all()
    latest = latest_submissions(session, [a.id for a, _ in rows])
    events = events_of(session, [s.id for s in latest.values()])
    return [_my_visit(session, a, c, latest.get(a.id), events, defaults) for a, c in rows]


def _my_visit(
    session: Session,
    visit: Assignment,
    campaign: Campaign,
    sub: Submission | None,
    events: dict[str, list[VisitTimerEvent]],
    defaults: Mapping[str, Any],
) -> dict[str, Any]:
    unit = session.get(OrgUnit, visit.unit_id) if visit.unit_id else None
    timer = None
    if sub is not None:
        state = timer_state(sub, events.get(sub.id, []), campaign.review_timers, defaults)
        # The shopper's part: HR's steps (escalations, reminders) are HR's business.
        timer = {"auto_decision": state["auto_decision"], "pending": state["pending"]}
    return {
        "id": visit.id,
        "campaign": {"id": campaign.id, "name": campaign.name},
        "unit": {"id": unit.id, "name": unit.name} if unit else None,
        "window_start": visit.visit_window_start,
        "window_end": visit.visit_window_end,
        "open": visit.status == "pending" and campaign.status in ("open", "closed"),
        "outcome": decision_of(sub, timer),
        "submitted_at": sub.received_at if sub else None,
        "decided_at": sub.reviewed_at if sub else None,
        "reason": sub.review_reason if sub and sub.status == "rejected" else None,
        "timer": timer,
    }


def automatic(
    session: Session, campaign_id: int | None, limit: int
) -> list[tuple[Submission, dict[str, Any] | None]]:
    """Reports the timers decided or escalated, newest step first (HR's review queue)."""
    stmt = select(VisitTimerEvent.submission_id).group_by(VisitTimerEvent.submission_id)
    if campaign_id is not None:
        stmt = stmt.where(VisitTimerEvent.campaign_id == campaign_id)
    stmt = stmt.order_by(func.max(VisitTimerEvent.fired_at).desc()).limit(limit)
    ids = list(session.scalars(stmt))
    subs = {s.id: s for s in session.scalars(select(Submission).where(Submission.id.in_(ids)))}
    return [(subs[i], None) for i in ids if i in subs]
