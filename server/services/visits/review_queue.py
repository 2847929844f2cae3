"""HR views of submissions: the list (review queue) and one submission's full detail.

Rater identities of the unnamed groups (peer, subordinate, customer) are never shown,
not even to HR (SPEC §6: HR sees the same protected data; raw exports use codes). For
them neither the assignment id (the assignment names its rater), the device's clock,
location or photo capture times, nor any time finer than the hour is shown: otherwise
"who was still pending at 10:41" next to "a peer answered at 10:42" names the rater.
Mystery-shop submissions carry their evidence checks and the visited unit's staff
list (for correcting the identified employee).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import (
    Assignment,
    Attachment,
    FormVersion,
    OrgUnit,
    Submission,
    SubmissionAttachment,
)
from server.services.actions.actions import to_hour
from server.services.org import people
from server.services.scoring import anonymity
from server.services.visits import visits


def list_submissions(session: Session, filters: dict[str, Any]) -> tuple[list[dict], int]:
    """Submissions filtered by campaign, relationship and status, newest first."""
    stmt = select(Submission)
    for key in ("campaign_id", "relationship", "status"):
        if filters.get(key):
            stmt = stmt.where(getattr(Submission, key) == filters[key])
    superseded = select(Submission.replaces_id).where(Submission.replaces_id.is_not(None))
    stmt = stmt.where(Submission.id.not_in(superseded))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    subs = session.scalars(
        stmt.order_by(_hour_of(session, Submission.received_at).desc(), Submission.id)
        .offset(filters.get("offset", 0))
        .limit(filters.get("limit", 100))
    ).all()
    return [summary(session, s) for s in subs], total


def _hour_of(session: Session, column: Any) -> Any:
    """The hour of a time column, the list's sort key (newest hour first, then by id).

    Not the exact time: the order of a peer, subordinate or customer submission among
    submissions of known time (self, supervisor, visits) would time it inside the hour its
    `received_at` is cut to (SPEC §6, issue 11). Ids are random UUIDs.
    """
    if session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("hour", column)
    return func.substr(column, 1, 13)  # SQLite stores "YYYY-MM-DD HH:MM:SS.ffffff"


def summary(session: Session, sub: Submission) -> dict[str, Any]:
    """One row of the list."""
    unnamed = anonymity.unnamed(sub.relationship)
    row: dict[str, Any] = {
        "id": sub.id,
        "campaign_id": sub.campaign_id,
        "assignment_id": None if unnamed else sub.assignment_id,
        "relationship": sub.relationship,
        "status": sub.status,
        "is_late": sub.is_late,
        "late_accepted": sub.late_accepted,
        "received_at": (to_hour(sub.received_at) if unnamed else sub.received_at).isoformat(),
        "form_score": sub.form_score,
        "outcome": sub.outcome,
        "critical_failures": sub.critical_failures or [],
        "unit": people.unit_by_id(session, sub.unit_id),
        "staff": people.person_by_id(session, sub.subject_id),
        "rater": None if unnamed else people.person_by_id(session, sub.rater_id),
        "replaces_id": sub.replaces_id,
        "evidence": None,
    }
    if sub.relationship == "mystery_shopper":
        row["evidence"] = visits.evidence(session, sub)["summary"]
    return row


def detail(session: Session, sub: Submission) -> dict[str, Any]:
    """Everything a reviewer needs about one submission."""
    data = summary(session, sub)
    version = session.get(FormVersion, sub.form_version_id)
    data.update(
        {
            "form_version_id": sub.form_version_id,
            "form_key": version.form.key if version else None,
            "answers": sub.answers,
            "na": sub.na or [],
            "started_at": _iso(sub.started_at),
            "completed_at": _iso(sub.completed_at),
            "device_time": _iso(sub.device_time),
            "time_skew_seconds": sub.time_skew_seconds,
            "geo": None
            if sub.geo_lat is None
            else {
                "lat": sub.geo_lat,
                "lon": sub.geo_lon,
                "accuracy": sub.geo_accuracy,
                "captured_at": _iso(sub.geo_captured_at),
            },
            "section_scores": sub.section_scores,
            "reported_staff": people.person_by_id(session, sub.reported_staff_id),
            "reviewer": people.person_by_id(session, sub.reviewer_id),
            "review_reason": sub.review_reason,
            "reviewed_at": _iso(sub.reviewed_at),
            "replaced_by": session.scalar(
                select(Submission.id).where(Submission.replaces_id == sub.id)
            ),
            "photos": _photos(session, sub),
        }
    )
    if sub.relationship == "mystery_shopper":
        data.update(_visit_part(session, sub))
    if anonymity.unnamed(sub.relationship):
        data.update(_unnamed_times(data))
    return data


def _unnamed_times(data: dict[str, Any]) -> dict[str, Any]:
    """Client times cut to the hour; device clock, skew, location and capture times dropped."""
    hours = {
        key: to_hour(datetime.fromisoformat(data[key])).isoformat() if data[key] else None
        for key in ("started_at", "completed_at")
    }
    photos = [{**p, "captured_at": None} for p in data["photos"]]
    return {**hours, "device_time": None, "time_skew_seconds": None, "geo": None, "photos": photos}


def _visit_part(session: Session, sub: Submission) -> dict[str, Any]:
    assignment = session.get(Assignment, sub.assignment_id) if sub.assignment_id else None
    unit = session.get(OrgUnit, sub.unit_id) if sub.unit_id else None
    checks = visits.evidence(session, sub)
    return {
        "evidence": {
            **checks["summary"],
            "checks": {k: v for k, v in checks.items() if k != "summary"},
        },
        "visit": None
        if assignment is None
        else {
            "assignment_id": assignment.id,
            "window_start": _iso(assignment.visit_window_start),
            "window_end": _iso(assignment.visit_window_end),
            "scenario": assignment.scenario,
        },
        "unit_staff": [
            people.person(u) for u in (visits.unit_staff(session, unit) if unit else [])
        ],
    }


def _photos(session: Session, sub: Submission) -> list[dict[str, Any]]:
    rows = session.execute(
        select(SubmissionAttachment.question_id, Attachment)
        .join(Attachment, Attachment.sha256 == SubmissionAttachment.attachment_sha256)
        .where(SubmissionAttachment.submission_id == sub.id)
        .order_by(SubmissionAttachment.id)
    ).all()
    return [
        {
            "sha256": a.sha256,
            "question_id": q,
            "mime_type": a.mime_type,
            "width": a.width,
            "height": a.height,
            "captured_at": _iso(a.captured_at),
        }
        for q, a in rows
    ]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
