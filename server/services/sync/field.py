"""What the field app downloads: the user's open assignments and immutable form versions.

An assignment is listed while it is `pending` and its campaign is `open` or
`closed` (a closed campaign still stores late submissions, SPEC §7). A
mystery-shop visit rejected by HR is pending again; it then carries
`rejected` (`returned_report`: the reason, the questions HR flagged and the earlier
answers, photos, times, position and staff) so the app reopens the report as it was and
resubmits with `replaces` (null otherwise). A per-day assignment (the daily self-check,
server.services.sync.daily) carries `daily: {"day", "done"}` (today's local day, checked in
or not) and is listed only while its campaign is open.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import NotFound
from server.models import Assignment, Campaign, Form, FormVersion, OrgUnit, Submission, User
from server.services.certification import quiz_forms
from server.services.org import people
from server.services.sync import daily, repeatable

LISTED_CAMPAIGN_STATUSES = ("open", "closed")


def unit_staff(session: Session, unit: OrgUnit) -> list[User]:
    """Active employees of a unit and its sub-units: whom a shopper may name as served
    (sync) and whom HR may name when correcting a visit (visits)."""
    stmt = (
        select(User)
        .join(OrgUnit, User.unit_id == OrgUnit.id)
        .where(
            User.active.is_(True),
            User.role == "employee",
            (OrgUnit.path == unit.path) | OrgUnit.path.startswith(unit.path + "/", autoescape=True),
        )
        .order_by(User.name, User.id)
    )
    return list(session.scalars(stmt))


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "name": campaign.name,
        "kind": campaign.kind,
        "status": campaign.status,
        "period_start": campaign.period_start,
        "period_end": campaign.period_end,
    }


def _visit(session: Session, assignment: Assignment) -> dict[str, Any] | None:
    if assignment.relationship != "mystery_shopper" or assignment.unit_id is None:
        return None
    unit = session.get(OrgUnit, assignment.unit_id)
    if unit is None:
        return None
    return {
        "unit": {
            "id": unit.id,
            "name": unit.name,
            "address": unit.address,
            "latitude": unit.latitude,
            "longitude": unit.longitude,
        },
        "window_start": assignment.visit_window_start,
        "window_end": assignment.visit_window_end,
        "scenario": assignment.scenario,
        "staff": [people.person(u) for u in unit_staff(session, unit)],
    }


def _rejected(session: Session, assignment: Assignment) -> dict[str, Any] | None:
    newest = session.scalars(
        select(Submission)
        .where(Submission.assignment_id == assignment.id)
        .order_by(Submission.received_at.desc(), Submission.id)
        .limit(1)
    ).first()
    if newest is None or newest.status != "rejected":
        return None
    return returned_report(newest)


def returned_report(sub: Submission) -> dict[str, Any]:
    """What the shopper needs to reopen a returned visit: HR's reason and flagged questions,
    the earlier answers, N/A marks and photos (hashes in the answers; the uploader may GET
    them), the visit times, position and the staff member named."""
    geo = None
    if sub.geo_lat is not None and sub.geo_lon is not None:
        geo = {
            "lat": sub.geo_lat,
            "lon": sub.geo_lon,
            "accuracy": sub.geo_accuracy,
            "captured_at": sub.geo_captured_at,
        }
    return {
        "submission_id": sub.id,
        "reason": sub.review_reason,
        "reviewed_at": sub.reviewed_at,
        "flagged": list(sub.review_flags or []),
        "form_version_id": sub.form_version_id,
        "answers": dict(sub.answers or {}),
        "na": list(sub.na or []),
        "started_at": sub.started_at,
        "completed_at": sub.completed_at,
        "staff_id": sub.reported_staff_id,
        "geo": geo,
    }


def open_assignments(session: Session, user: User) -> list[dict[str, Any]]:
    """Return the user's pending assignments in open or closed campaigns, soonest due first."""
    rows = session.execute(
        select(Assignment, Campaign, FormVersion, Form)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .join(FormVersion, FormVersion.id == Assignment.form_version_id)
        .join(Form, Form.id == FormVersion.form_id)
        .where(
            Assignment.rater_id == user.id,
            Assignment.status == "pending",
            Campaign.status.in_(LISTED_CAMPAIGN_STATUSES),
        )
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    ).all()
    result = []
    now = datetime.now(UTC)
    for assignment, campaign, version, form in rows:
        state = daily.daily_state(session, assignment, now)
        many = repeatable.is_repeatable(version.definition)
        if (state is not None or many) and campaign.status != "open":
            continue  # a per-day or repeatable assignment is done with once its period closed
        subject = session.get(User, assignment.subject_id) if assignment.subject_id else None
        result.append(
            {
                "id": assignment.id,
                "relationship": assignment.relationship,
                "status": assignment.status,
                "due_at": assignment.due_at,
                "campaign": _campaign(campaign),
                "subject": people.person(subject),
                "form_version_id": version.id,
                "form_key": form.key,
                "visit": _visit(session, assignment),
                "rejected": _rejected(session, assignment),
                "daily": state,
                "repeatable": many,
            }
        )
    return result


def form_version(session: Session, version_id: int) -> dict[str, Any]:
    """Return one immutable form version, or 404."""
    version = session.get(FormVersion, version_id) if 0 < version_id < 2**31 else None
    if version is None:
        raise NotFound("not_found", "No such form version.")
    return {
        "id": version.id,
        "form_key": version.form.key,
        "version": version.version,
        "sha256": version.sha256,
        # A quiz's correct answers never leave the server (issue 16 §2).
        "definition": quiz_forms.without_answers(version.definition),
    }
