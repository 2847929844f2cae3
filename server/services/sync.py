"""Offline sync: store a batch of client submissions exactly once (SPEC §8).

Each item is answered in order with one of: created, duplicate (same id, same
canonical content), conflict (same id, other content; or a second submission
for an assignment already answered without `replaces`), invalid (field
details), missing_attachments (hashes to upload), forbidden (not the user's
assignment, or someone else's submission id / replaces target: existence is
never revealed), late (campaign closed or released: stored with is_late, counts
once HR accepts it).

Exactly-once: the client UUID is the primary key. The batch first locks the
user's assignments it touches (FOR UPDATE, in id order, so concurrent retries
queue instead of deadlocking on PostgreSQL; SQLite serialises writers with
BEGIN IMMEDIATE), then each item runs in its own SAVEPOINT, so a racing
duplicate's IntegrityError only rolls back that item, which is then re-read
and answered duplicate or conflict. One bad item never blocks the rest.

Choices where SPEC is silent: any version of the assignment's form is accepted
(pinned), another form's version is invalid; `time_skew_seconds` = received
time − device time (positive: the device clock is behind); a mystery-shop
resubmission may only replace a rejected report; action items of a mystery
shop are created when HR approves it (review queue), of a late one when HR
accepts it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.models import (
    Assignment,
    Attachment,
    FormVersion,
    OrgUnit,
    Submission,
    SubmissionAttachment,
    User,
)
from server.schemas.sync import SyncSubmissionSchema
from server.services import accounts, actions, answers, scoring
from server.services.field import unit_staff
from server.services.sync_results import Outcome, flatten_messages, forbidden, invalid


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a loaded submission (N/A order ignored)."""
    canonical = {**data, "na": sorted(data.get("na") or [])}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_json_default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _raw_id(item: Any) -> Any:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) and len(value) <= 64 else None


def parse_item(item: Any) -> tuple[Any, dict[str, Any] | None, Outcome | None]:
    """Load one batch item: (id as sent, data, None) or (id, None, invalid outcome)."""
    raw_id = _raw_id(item)
    if not isinstance(item, dict):
        return raw_id, None, invalid(raw_id, {"_item": "Must be an object."})
    try:
        data = SyncSubmissionSchema().load(item)
    except ValidationError as err:
        return raw_id, None, invalid(raw_id, flatten_messages(err.messages))
    data["id"] = str(data["id"])
    data["replaces"] = str(data["replaces"]) if data["replaces"] else None
    return raw_id, data, None


def replay(existing: Submission, digest: str, raw_id: Any, owner_ok: bool) -> Outcome:
    """Answer a re-sent id: duplicate, conflict, or forbidden when it is someone else's."""
    if not owner_ok:
        return forbidden(raw_id)
    if existing.content_sha256 == digest:
        return Outcome(raw_id, "duplicate")
    return Outcome(raw_id, "conflict", "conflict",
                   "A different submission with this id was already received.")


def _lock_assignments(session: Session, user: User, items: list[dict[str, Any]]
                      ) -> dict[int, Assignment]:
    ids = sorted({d["assignment_id"] for d in items})
    if not ids:
        return {}
    stmt = (select(Assignment).where(Assignment.id.in_(ids), Assignment.rater_id == user.id)
            .order_by(Assignment.id).with_for_update().execution_options(populate_existing=True))
    return {a.id: a for a in session.scalars(stmt)}


@dataclass
class _Batch:
    """What one batch knows after locking: its assignments and which rows already exist."""

    assignments: dict[int, Assignment]
    #: Submission ids of this batch already stored (before it, or by an earlier item).
    stored_ids: set[str] = field(default_factory=set)
    #: Locked assignments that already have a submission.
    answered: set[int] = field(default_factory=set)


def _prepare(session: Session, user: User, items: list[dict[str, Any]]) -> _Batch:
    batch = _Batch(_lock_assignments(session, user, items))
    ids = [d["id"] for d in items]
    if ids:
        batch.stored_ids = set(session.scalars(select(Submission.id).where(
            Submission.id.in_(ids))))
    if batch.assignments:
        batch.answered = set(session.scalars(select(Submission.assignment_id).where(
            Submission.assignment_id.in_(list(batch.assignments))).distinct()))
    return batch


def sync_batch(session: Session, user: User, items: list[Any],
               now: datetime | None = None) -> list[dict[str, Any]]:
    """Store a batch of submissions; return one result dict per item, in order."""
    now = now or datetime.now(UTC)
    parsed = [parse_item(item) for item in items]
    batch = _prepare(session, user, [d for _, d, _ in parsed if d])
    results = []
    for raw_id, data, outcome in parsed:
        if outcome is None and data is not None:
            outcome = _guarded(session, user, raw_id, data, batch, now)
        results.append(outcome.as_dict())  # type: ignore[union-attr]
    return results


def _guarded(session: Session, user: User, raw_id: Any, data: dict[str, Any],
             batch: _Batch, now: datetime) -> Outcome:
    digest = content_hash(data)
    try:
        with session.begin_nested():
            return _sync_one(session, user, raw_id, data, digest, batch, now)
    except IntegrityError:
        existing = session.get(Submission, data["id"], populate_existing=True)
        if existing is None:
            raise
        return replay(existing, digest, raw_id, existing.rater_id == user.id)


def _sync_one(session: Session, user: User, raw_id: Any, data: dict[str, Any], digest: str,
              batch: _Batch, now: datetime) -> Outcome:
    existing = session.get(Submission, data["id"]) if data["id"] in batch.stored_ids else None
    if existing is not None:
        return replay(existing, digest, raw_id, existing.rater_id == user.id)
    assignment = batch.assignments.get(data["assignment_id"])
    if assignment is None:
        return forbidden(raw_id)
    if assignment.campaign.status == "draft":
        return forbidden(raw_id, "campaign_not_open", "The campaign is not open yet.")
    if assignment.status == "declined":
        return forbidden(raw_id, "assignment_declined", "This assignment was declined.")
    version = pinned_version(session, assignment.form_version_id, data["form_version_id"])
    if version is None:
        return invalid(raw_id, {"form_version_id": "unknown_form_version"})
    errors = answers.validate(version.definition, data["answers"], data["na"])
    errors.update(_staff_errors(session, assignment, data.get("staff_id")))
    if errors:
        return invalid(raw_id, errors)
    answered = assignment.id in batch.answered
    problem = _chain_problem(session, user, assignment, data["replaces"], raw_id, answered)
    if problem is not None:
        return problem
    missing = missing_hashes(session, version.definition, data["answers"])
    if missing:
        return Outcome(raw_id, "missing_attachments", "missing_attachments",
                       "Upload these photos, then send again.", {"hashes": missing})
    late = assignment.campaign.status in ("closed", "released")
    _insert(session, user, assignment, version, data, digest, late, now)
    batch.stored_ids.add(data["id"])
    batch.answered.add(assignment.id)
    return Outcome(raw_id, "late" if late else "created")


def pinned_version(session: Session, current_id: int, sent_id: int) -> FormVersion | None:
    """Return the sent version when it belongs to the same form as the current one."""
    sent = session.get(FormVersion, sent_id)
    current = session.get(FormVersion, current_id)
    if sent is None or current is None or sent.form_id != current.form_id:
        return None
    return sent


def _staff_errors(session: Session, assignment: Assignment, staff_id: int | None
                  ) -> dict[str, str]:
    if staff_id is None:
        return {}
    if assignment.relationship != "mystery_shopper" or assignment.unit_id is None:
        return {"staff_id": "not_applicable"}
    unit = session.get(OrgUnit, assignment.unit_id)
    staff = {u.id for u in unit_staff(session, unit)} if unit else set()
    return {} if staff_id in staff else {"staff_id": "not_unit_staff"}


def _chain_problem(session: Session, user: User, assignment: Assignment,
                   replaces: str | None, raw_id: Any, answered: bool) -> Outcome | None:
    if replaces is None:
        if answered:
            return Outcome(raw_id, "conflict", "already_submitted",
                           "This assignment was already submitted; resubmit with `replaces`.")
        return None
    target = session.get(Submission, replaces)
    if target is None or target.rater_id != user.id or target.assignment_id != assignment.id:
        return forbidden(raw_id)
    newer = session.scalar(select(exists().where(Submission.replaces_id == target.id)))
    if newer:
        return invalid(raw_id, {"replaces": "already_replaced"})
    if assignment.relationship == "mystery_shopper" and target.status != "rejected":
        return invalid(raw_id, {"replaces": "not_rejected"})
    return None


def missing_hashes(session: Session, definition: dict[str, Any], given: dict[str, Any]
                   ) -> list[str]:
    """Hashes referenced by photo answers that the server does not hold yet."""
    wanted = sorted({sha for _, sha in answers.photo_refs(definition, given)})
    if not wanted:
        return []
    held = set(session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(wanted))))
    return [sha for sha in wanted if sha not in held]


def _insert(session: Session, user: User | None, assignment: Assignment, version: FormVersion,
            data: dict[str, Any], digest: str, late: bool, now: datetime) -> Submission:
    staff_id = data.get("staff_id")
    mystery = assignment.relationship == "mystery_shopper"
    subject = staff_id if mystery else assignment.subject_id
    unit_id = assignment.unit_id
    if unit_id is None and subject is not None:
        unit_id = session.scalar(select(User.unit_id).where(User.id == subject))
    submission = new_submission(
        data, digest, now, late, campaign_id=assignment.campaign_id,
        assignment_id=assignment.id, form_version_id=version.id,
        relationship=assignment.relationship, rater_id=user.id if user else None,
        subject_id=subject, unit_id=unit_id, reported_staff_id=staff_id if mystery else None,
        replaces_id=data.get("replaces"),
    )
    store(session, submission, version.definition, count_actions=not (late or mystery))
    assignment.status = "submitted"
    return submission


def new_submission(data: dict[str, Any], digest: str, now: datetime, late: bool,
                   **fields: Any) -> Submission:
    """Build a Submission row from loaded client data (shared with customer responses)."""
    geo = data.get("geo") or {}
    device_time = data.get("device_time")
    skew = (now - _aware(device_time)).total_seconds() if device_time else None
    return Submission(
        id=data["id"], answers=data["answers"], na=list(data["na"]), content_sha256=digest,
        started_at=data.get("started_at"), completed_at=data.get("completed_at"),
        device_time=device_time, received_at=now, time_skew_seconds=skew,
        geo_lat=geo.get("lat"), geo_lon=geo.get("lon"), geo_accuracy=geo.get("accuracy"),
        geo_captured_at=geo.get("captured_at"), status="late" if late else "received",
        is_late=late, late_accepted=False, **fields,
    )


def store(session: Session, submission: Submission, definition: dict[str, Any],
          count_actions: bool) -> None:
    """Insert a submission with its photo links and scores; open action items if it counts."""
    session.add(submission)
    session.flush()
    refs = dict.fromkeys(answers.photo_refs(definition, submission.answers))
    session.add_all(SubmissionAttachment(submission_id=submission.id, question_id=qid,
                                         attachment_sha256=sha) for qid, sha in refs)
    scoring.apply_scores(session, submission, definition)
    if count_actions:
        actions.create_for_submission(session, submission)
    session.flush()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def accept_late(session: Session, submission: Submission, user: User) -> Submission:
    """HR accepts a late submission: it counts from now on (mystery shops still need review)."""
    if not submission.is_late:
        raise ApiError(409, "not_late", "This submission was not late.")
    if submission.late_accepted:
        raise ApiError(409, "already_accepted", "This late submission was already accepted.")
    submission.late_accepted = True
    if submission.status == "late":
        submission.status = "received"
    if submission.relationship != "mystery_shopper":
        actions.create_for_submission(session, submission)
    accounts.audit(session, user, "late_accepted", submission)
    session.flush()
    return submission
