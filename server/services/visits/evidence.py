"""A mystery-shop submission's evidence checks.

Evidence checks (shown to the reviewer, never decided automatically):
- check-in distance: haversine metres from the unit's latitude/longitude to the
  submission's geolocation; flagged beyond CHECKIN_MAX_METRES (plus the reported
  accuracy, capped) ;
- photo capture times (EXIF, stored on Attachment.captured_at) inside the visit window,
  with PHOTO_TOLERANCE of slack for camera clocks; photos without a capture time are
  reported as `unknown`, not failed;
- duplicate photo hashes: the same photo attached to a submission of another visit;
- device clock skew: |Submission.time_skew_seconds| above MAX_SKEW_SECONDS.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Attachment, OrgUnit, Submission, SubmissionAttachment

CHECKIN_MAX_METRES = 300.0
MAX_ACCURACY_ALLOWANCE = 200.0
PHOTO_TOLERANCE = timedelta(minutes=15)
MAX_SKEW_SECONDS = 300.0
EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def evidence(session: Session, submission: Submission) -> dict[str, Any]:
    """All evidence checks of one submission, each with `ok` true/false/None (unknown)."""
    assignment = session.get(Assignment, submission.assignment_id)
    unit = session.get(OrgUnit, submission.unit_id) if submission.unit_id else None
    checks: dict[str, Any] = {
        "checkin": _checkin(submission, unit),
        "photos": _photo_times(session, submission, assignment),
        "duplicates": _duplicates(session, submission),
        "clock_skew": _skew(submission),
    }
    checks["flags"] = [k for k, v in checks.items() if v["ok"] is False]
    # Flat summary for list views (one badge per check).
    checks["summary"] = {
        "distance_m": checks["checkin"]["distance_m"],
        "distance_limit_m": checks["checkin"].get("limit_m"),
        "photos_in_window": checks["photos"]["ok"],
        "duplicate_photos": [m["sha256"] for m in checks["duplicates"]["matches"]],
        "clock_skew_seconds": checks["clock_skew"]["skew_seconds"],
    }
    return checks


def _checkin(submission: Submission, unit: OrgUnit | None) -> dict[str, Any]:
    if submission.geo_lat is None or submission.geo_lon is None:
        return {"ok": None, "reason": "no_location", "distance_m": None}
    if unit is None or unit.latitude is None or unit.longitude is None:
        return {"ok": None, "reason": "unit_has_no_location", "distance_m": None}
    distance = haversine_m(unit.latitude, unit.longitude, submission.geo_lat, submission.geo_lon)
    allowance = min(submission.geo_accuracy or 0.0, MAX_ACCURACY_ALLOWANCE)
    limit = CHECKIN_MAX_METRES + allowance
    return {
        "ok": distance <= limit,
        "distance_m": round(distance, 1),
        "limit_m": limit,
        "accuracy_m": submission.geo_accuracy,
    }


def _photo_times(
    session: Session, submission: Submission, assignment: Assignment | None
) -> dict[str, Any]:
    rows = session.execute(
        select(SubmissionAttachment.question_id, Attachment)
        .join(Attachment, Attachment.sha256 == SubmissionAttachment.attachment_sha256)
        .where(SubmissionAttachment.submission_id == submission.id)
        .order_by(SubmissionAttachment.id)
    ).all()
    start = assignment.visit_window_start if assignment else None
    end = assignment.visit_window_end if assignment else None
    photos = []
    for question_id, att in rows:
        inside = None
        if att.captured_at is not None and start is not None and end is not None:
            inside = start - PHOTO_TOLERANCE <= att.captured_at <= end + PHOTO_TOLERANCE
        photos.append(
            {
                "sha256": att.sha256,
                "question_id": question_id,
                "captured_at": att.captured_at.isoformat() if att.captured_at else None,
                "inside_window": inside,
            }
        )
    known = [p["inside_window"] for p in photos if p["inside_window"] is not None]
    ok = all(known) if known else None
    return {
        "ok": ok,
        "window_start": start.isoformat() if start else None,
        "window_end": end.isoformat() if end else None,
        "tolerance_minutes": PHOTO_TOLERANCE.total_seconds() / 60,
        "photos": photos,
    }


def _duplicates(session: Session, submission: Submission) -> dict[str, Any]:
    hashes = [a.attachment_sha256 for a in submission.attachments]
    if not hashes:
        return {"ok": None, "matches": []}
    rows = session.execute(
        select(SubmissionAttachment.attachment_sha256, Submission.id, Submission.assignment_id)
        .join(Submission, Submission.id == SubmissionAttachment.submission_id)
        .where(
            SubmissionAttachment.attachment_sha256.in_(hashes),
            Submission.id != submission.id,
            (Submission.assignment_id != submission.assignment_id)
            | Submission.assignment_id.is_(None),
        )
    ).all()
    matches = [
        {"sha256": sha, "submission_id": sid, "assignment_id": aid} for sha, sid, aid in rows
    ]
    return {"ok": not matches, "matches": matches}


def _skew(submission: Submission) -> dict[str, Any]:
    skew = submission.time_skew_seconds
    if skew is None:
        return {"ok": None, "skew_seconds": None, "limit_seconds": MAX_SKEW_SECONDS}
    return {
        "ok": abs(skew) <= MAX_SKEW_SECONDS,
        "skew_seconds": skew,
        "limit_seconds": MAX_SKEW_SECONDS,
    }
