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
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.models import (
    Assignment,
    Attachment,
    Campaign,
    FormVersion,
    OrgUnit,
    Submission,
    SubmissionAttachment,
    User,
)
from server.schemas.sync import SyncSubmissionSchema
from server.services import accounts, actions, answers, scoring, sync_context
from server.services.field import unit_staff
from server.services.sync_context import Context, Known, Version
from server.services.sync_results import Outcome, flatten_messages, forbidden, invalid


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a loaded submission.

    N/A order is ignored, and so is `device_time`: it is the device clock at the moment of
    each send (used for the skew check), so a retry hours later is still the same content.
    """
    canonical = {**data, "na": sorted(data.get("na") or [])}
    canonical.pop("device_time", None)
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_json_default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _raw_id(item: Any) -> Any:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) and len(value) <= 64 else None


def parse_item(item: Any, schema: SyncSubmissionSchema | None = None
               ) -> tuple[Any, dict[str, Any] | None, Outcome | None]:
    """Load one batch item: (id as sent, data, None) or (id, None, invalid outcome)."""
    raw_id = _raw_id(item)
    if not isinstance(item, dict):
        return raw_id, None, invalid(raw_id, {"_item": "Must be an object."})
    try:
        data = (schema or SyncSubmissionSchema()).load(item)
    except ValidationError as err:
        return raw_id, None, invalid(raw_id, flatten_messages(err.messages))
    data["id"] = str(data["id"])
    data["replaces"] = str(data["replaces"]) if data["replaces"] else None
    return raw_id, data, None


def replay(known: Known, digest: str, raw_id: Any, user_id: int | None) -> Outcome:
    """Answer a re-sent id: duplicate, conflict, or forbidden when it is someone else's."""
    if known.rater_id is None or known.rater_id != user_id:
        return forbidden(raw_id)
    if known.content_sha256 == digest:
        return Outcome(raw_id, "duplicate")
    return Outcome(raw_id, "conflict", "conflict",
                   "A different submission with this id was already received.")


@dataclass
class Plan:
    """An item decided `created`/`late`: its rows, written together with the rest of the batch."""

    outcome: Outcome
    row: dict[str, Any]
    scores: list[dict[str, Any]]
    photos: list[dict[str, Any]]
    assignment: Assignment
    needs_actions: bool


Parsed = tuple[Any, dict[str, Any] | None, Outcome | None]


def sync_batch(session: Session, user: User, items: list[Any],
               now: datetime | None = None) -> list[dict[str, Any]]:
    """Store a batch of submissions; return one result dict per item, in order.

    Every item is decided in Python against what `sync_context.prepare` loaded (plus the
    items before it), then all accepted rows are written with one executemany per table
    inside a SAVEPOINT. If that write hits an IntegrityError (a concurrent request stored
    one of these ids after our read), the SAVEPOINT is rolled back and the batch is redone
    item by item, each in its own SAVEPOINT, so one bad item never blocks the rest.
    """
    now = now or datetime.now(UTC)
    schema = SyncSubmissionSchema()
    parsed: list[Parsed] = [parse_item(item, schema) for item in items]
    digests = [content_hash(d) if d else "" for _, d, _ in parsed]
    loaded = [d for _, d, _ in parsed if d]
    ctx = sync_context.prepare(session, user.id, loaded)
    outcomes: list[Outcome | None] = []
    plans: list[Plan] = []
    for (raw_id, data, outcome), digest in zip(parsed, digests, strict=True):
        if outcome is None and data is not None:
            decided = _decide(session, ctx, user, raw_id, data, digest, now)
            if isinstance(decided, Plan):
                plans.append(decided)
                sync_context.remember(ctx, decided.row)
                outcome = decided.outcome
            else:
                outcome = decided
        outcomes.append(outcome)
    if plans:
        try:
            with session.begin_nested():
                _write(session, plans)
        except IntegrityError:
            outcomes = _one_by_one(session, user, parsed, digests, now)
    return [o.as_dict() for o in outcomes if o is not None]


def _one_by_one(session: Session, user: User, parsed: list[Parsed], digests: list[str],
                now: datetime) -> list[Outcome | None]:
    ctx = sync_context.prepare(session, user.id, [d for _, d, _ in parsed if d])
    outcomes: list[Outcome | None] = []
    for (raw_id, data, outcome), digest in zip(parsed, digests, strict=True):
        if outcome is None and data is not None:
            outcome = _guarded(session, ctx, user, raw_id, data, digest, now)
        outcomes.append(outcome)
    return outcomes


def _guarded(session: Session, ctx: Context, user: User, raw_id: Any, data: dict[str, Any],
             digest: str, now: datetime) -> Outcome:
    decided = _decide(session, ctx, user, raw_id, data, digest, now)
    if not isinstance(decided, Plan):
        return decided
    try:
        with session.begin_nested():
            _write(session, [decided])
    except IntegrityError:
        existing = sync_context.load_known(session, {data["id"]}).get(data["id"])
        if existing is None:
            raise
        ctx.known[data["id"]] = existing
        return replay(existing, digest, raw_id, user.id)
    sync_context.remember(ctx, decided.row)
    return decided.outcome


def _decide(session: Session, ctx: Context, user: User, raw_id: Any, data: dict[str, Any],
            digest: str, now: datetime) -> Plan | Outcome:
    known = ctx.known.get(data["id"])
    if known is not None:
        return replay(known, digest, raw_id, user.id)
    assignment = ctx.assignments.get(data["assignment_id"])
    if assignment is None:
        return forbidden(raw_id)
    campaign = ctx.campaigns[assignment.campaign_id]
    if campaign.status == "draft":
        return forbidden(raw_id, "campaign_not_open", "The campaign is not open yet.")
    if assignment.status == "declined":
        return forbidden(raw_id, "assignment_declined", "This assignment was declined.")
    version = _pinned(ctx, assignment.form_version_id, data["form_version_id"])
    if version is None:
        return invalid(raw_id, {"form_version_id": "unknown_form_version"})
    errors = answers.validate(version.definition, data["answers"], data["na"])
    errors.update(_staff_errors(session, ctx, assignment, data.get("staff_id")))
    if errors:
        return invalid(raw_id, errors)
    problem = _chain_problem(ctx, user, assignment, data["replaces"], raw_id)
    if problem is not None:
        return problem
    refs = answers.photo_refs(version.definition, data["answers"])
    missing = sorted({sha for _, sha in refs if sha not in ctx.held})
    if missing:
        return Outcome(raw_id, "missing_attachments", "missing_attachments",
                       "Upload these photos, then send again.", {"hashes": missing})
    return _plan(ctx, user, assignment, campaign, version, data, digest, refs, raw_id, now)


def _pinned(ctx: Context, current_id: int, sent_id: int) -> Version | None:
    sent, current = ctx.versions.get(sent_id), ctx.versions.get(current_id)
    if sent is None or current is None or sent.form_id != current.form_id:
        return None
    return sent


def pinned_version(session: Session, current_id: int, sent_id: int) -> FormVersion | None:
    """Return the sent version when it belongs to the same form as the current one."""
    sent = session.get(FormVersion, sent_id)
    current = session.get(FormVersion, current_id)
    if sent is None or current is None or sent.form_id != current.form_id:
        return None
    return sent


def _staff_errors(session: Session, ctx: Context, assignment: Assignment, staff_id: int | None
                  ) -> dict[str, str]:
    if staff_id is None:
        return {}
    if assignment.relationship != "mystery_shopper" or assignment.unit_id is None:
        return {"staff_id": "not_applicable"}
    if assignment.unit_id not in ctx.staff:
        unit = session.get(OrgUnit, assignment.unit_id)
        ctx.staff[assignment.unit_id] = {u.id for u in unit_staff(session, unit)} if unit else set()
    return {} if staff_id in ctx.staff[assignment.unit_id] else {"staff_id": "not_unit_staff"}


def _chain_problem(ctx: Context, user: User, assignment: Assignment, replaces: str | None,
                   raw_id: Any) -> Outcome | None:
    if replaces is None:
        if assignment.id in ctx.answered:
            return Outcome(raw_id, "conflict", "already_submitted",
                           "This assignment was already submitted; resubmit with `replaces`.")
        return None
    target = ctx.known.get(replaces)
    if target is None or target.rater_id != user.id or target.assignment_id != assignment.id:
        return forbidden(raw_id)
    if replaces in ctx.replaced:
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


def _plan(ctx: Context, user: User, assignment: Assignment, campaign: Campaign,
          version: Version, data: dict[str, Any], digest: str, refs: list[tuple[str, str]],
          raw_id: Any, now: datetime) -> Plan:
    late = campaign.status in ("closed", "released")
    staff_id = data.get("staff_id")
    mystery = assignment.relationship == "mystery_shopper"
    subject = staff_id if mystery else assignment.subject_id
    unit_id = assignment.unit_id
    if unit_id is None and subject is not None:
        unit_id = ctx.user_units.get(subject)
    row = submission_row(
        data, digest, now, late, campaign_id=assignment.campaign_id,
        assignment_id=assignment.id, form_version_id=version.id,
        relationship=assignment.relationship, rater_id=user.id, subject_id=subject,
        unit_id=unit_id, reported_staff_id=staff_id if mystery else None,
        replaces_id=data.get("replaces"),
    )
    result = scoring.score_submission(version.definition, data["answers"], data["na"],
                                      campaign.critical_policy)
    row.update(scoring.score_columns(result))
    scores = scoring.item_score_rows(result, row["id"], row["campaign_id"], subject,
                                     row["relationship"])
    photos = [{"submission_id": row["id"], "question_id": qid, "attachment_sha256": sha}
              for qid, sha in dict.fromkeys(refs)]
    return Plan(Outcome(raw_id, "late" if late else "created"), row, scores, photos,
                assignment, needs_actions=not (late or mystery) and bool(result.critical_failures))


def _write(session: Session, plans: list[Plan]) -> None:
    """Insert the planned rows: one executemany per table, one UPDATE batch for assignments."""
    session.execute(insert(Submission.__table__), [p.row for p in plans])
    scoring.insert_item_scores(session, [r for p in plans for r in p.scores])
    photos = [r for p in plans for r in p.photos]
    if photos:
        session.execute(insert(SubmissionAttachment.__table__), photos)
    for plan in plans:
        plan.assignment.status = "submitted"
    session.flush()
    needing = [p.row["id"] for p in plans if p.needs_actions]
    if needing:
        for submission in session.scalars(select(Submission).where(Submission.id.in_(needing))):
            actions.create_for_submission(session, submission)


def submission_row(data: dict[str, Any], digest: str, now: datetime, late: bool,
                   **fields: Any) -> dict[str, Any]:
    """The `submission` columns for loaded client data (plus the given fields)."""
    geo = data.get("geo") or {}
    device_time = data.get("device_time")
    skew = (now - _aware(device_time)).total_seconds() if device_time else None
    return dict(
        id=data["id"], answers=data["answers"], na=list(data["na"]), content_sha256=digest,
        started_at=data.get("started_at"), completed_at=data.get("completed_at"),
        device_time=device_time, received_at=now, time_skew_seconds=skew,
        geo_lat=geo.get("lat"), geo_lon=geo.get("lon"), geo_accuracy=geo.get("accuracy"),
        geo_captured_at=geo.get("captured_at"), status="late" if late else "received",
        is_late=late, late_accepted=False, **fields,
    )


def new_submission(data: dict[str, Any], digest: str, now: datetime, late: bool,
                   **fields: Any) -> Submission:
    """Build a Submission object from loaded client data (customer responses)."""
    return Submission(**submission_row(data, digest, now, late, **fields))


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
