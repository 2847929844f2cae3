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
BEGIN IMMEDIATE) and loads what its rules need with a few IN queries
(server.services.sync.sync_context). Items are then decided in order in Python, each
seeing the ones before it, and the accepted rows are written with one
executemany per table inside a SAVEPOINT. Should that write meet an
IntegrityError (a racing request stored one of the ids after our read), the
SAVEPOINT is rolled back and the batch is redone item by item, each in its own
SAVEPOINT: the racing duplicate is re-read and answered duplicate or conflict.
One bad item never blocks the rest.

Choices where SPEC is silent: any version of the assignment's form is accepted
(pinned), another form's version is invalid; `time_skew_seconds` = received
time − device time (positive: the device clock is behind); a mystery-shop
resubmission may only replace a rejected report; action items of a mystery
shop are created when HR approves it (review queue), of a late one when HR
accepts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import (
    Assignment,
    Campaign,
    OrgUnit,
    Submission,
    SubmissionAttachment,
    User,
)
from server.services.actions import actions
from server.services.forms import answers
from server.services.scoring import scoring
from server.services.sync import sync_context, sync_prepare
from server.services.sync.field import unit_staff
from server.services.sync.sync_context import Context, Known, Version
from server.services.sync.sync_prepare import Checked, Parsed, Prepared
from server.services.sync.sync_results import Outcome, forbidden, invalid
from server.services.sync.sync_store import submission_row


def replay(known: Known, digest: str, raw_id: Any, user_id: int | None) -> Outcome:
    """Answer a re-sent id: duplicate, conflict, or forbidden when it is someone else's."""
    if known.rater_id is None or known.rater_id != user_id:
        return forbidden(raw_id)
    if known.content_sha256 == digest:
        return Outcome(raw_id, "duplicate")
    return Outcome(
        raw_id, "conflict", "conflict", "A different submission with this id was already received."
    )


@dataclass
class Plan:
    """An item decided `created`/`late`: its rows, written together with the rest of the batch."""

    outcome: Outcome
    row: dict[str, Any]
    scores: list[dict[str, Any]]
    photos: list[dict[str, Any]]
    assignment: Assignment
    needs_actions: bool


def sync_batch(
    session: Session,
    user: User,
    items: list[Any],
    now: datetime | None = None,
    prepared: Prepared | None = None,
) -> list[dict[str, Any]]:
    """Store a batch of submissions; return one result dict per item, in order.

    Every item is decided in Python against what `sync_context.prepare` loaded (plus the
    items before it), then all accepted rows are written with one executemany per table
    inside a SAVEPOINT. If that write hits an IntegrityError (a concurrent request stored
    one of these ids after our read), the SAVEPOINT is rolled back and the batch is redone
    item by item, each in its own SAVEPOINT, so one bad item never blocks the rest.
    `prepared` (server.services.sync.sync_prepare) carries the items parsed, validated and
    scored before the write lock; without it everything is done here.
    """
    now = now or datetime.now(UTC)
    if prepared is None:
        prepared = sync_prepare.parse(items)
    parsed, digests = prepared.parsed, prepared.digests
    checked = prepared.checked or [None] * len(parsed)
    loaded = [d for _, d, _ in parsed if d]
    ctx = sync_context.prepare(session, user.id, loaded)
    outcomes: list[Outcome | None] = []
    plans: list[Plan] = []
    for (raw_id, data, outcome), digest, pre in zip(parsed, digests, checked, strict=True):
        if outcome is None and data is not None:
            decided = _decide(session, ctx, user, raw_id, data, digest, now, pre)
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


def _one_by_one(
    session: Session, user: User, parsed: list[Parsed], digests: list[str], now: datetime
) -> list[Outcome | None]:
    """Decide and write item by item (after a racing write); checks are simply redone."""
    ctx = sync_context.prepare(session, user.id, [d for _, d, _ in parsed if d])
    outcomes: list[Outcome | None] = []
    for (raw_id, data, outcome), digest in zip(parsed, digests, strict=True):
        if outcome is None and data is not None:
            outcome = _guarded(session, ctx, user, raw_id, data, digest, now)
        outcomes.append(outcome)
    return outcomes


def _guarded(
    session: Session,
    ctx: Context,
    user: User,
    raw_id: Any,
    data: dict[str, Any],
    digest: str,
    now: datetime,
) -> Outcome:
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


def _decide(
    session: Session,
    ctx: Context,
    user: User,
    raw_id: Any,
    data: dict[str, Any],
    digest: str,
    now: datetime,
    pre: Checked | None = None,
) -> Plan | Outcome:
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
    errors = sync_prepare.answer_errors(pre, version.definition, data)
    errors.update(_staff_errors(session, ctx, assignment, data.get("staff_id")))
    if errors:
        return invalid(raw_id, errors)
    problem = _chain_problem(ctx, user, assignment, data["replaces"], raw_id)
    if problem is not None:
        return problem
    refs = answers.photo_refs(version.definition, data["answers"])
    missing = sorted({sha for _, sha in refs if sha not in ctx.held})
    if missing:
        return Outcome(
            raw_id,
            "missing_attachments",
            "missing_attachments",
            "Upload these photos, then send again.",
            {"hashes": missing},
        )
    score = sync_prepare.scores(pre, version.definition, data, campaign.critical_policy)
    return _plan(ctx, user, assignment, campaign, version, data, digest, refs, raw_id, now, score)


def _pinned(ctx: Context, current_id: int, sent_id: int) -> Version | None:
    sent, current = ctx.versions.get(sent_id), ctx.versions.get(current_id)
    if sent is None or current is None or sent.form_id != current.form_id:
        return None
    return sent


def _staff_errors(
    session: Session, ctx: Context, assignment: Assignment, staff_id: int | None
) -> dict[str, str]:
    if staff_id is None:
        return {}
    if assignment.relationship != "mystery_shopper" or assignment.unit_id is None:
        return {"staff_id": "not_applicable"}
    if assignment.unit_id not in ctx.staff:
        unit = session.get(OrgUnit, assignment.unit_id)
        ctx.staff[assignment.unit_id] = {u.id for u in unit_staff(session, unit)} if unit else set()
    return {} if staff_id in ctx.staff[assignment.unit_id] else {"staff_id": "not_unit_staff"}


def _chain_problem(
    ctx: Context, user: User, assignment: Assignment, replaces: str | None, raw_id: Any
) -> Outcome | None:
    if replaces is None:
        if assignment.id in ctx.answered:
            return Outcome(
                raw_id,
                "conflict",
                "already_submitted",
                "This assignment was already submitted; resubmit with `replaces`.",
            )
        return None
    target = ctx.known.get(replaces)
    if target is None or target.rater_id != user.id or target.assignment_id != assignment.id:
        return forbidden(raw_id)
    if replaces in ctx.replaced:
        return invalid(raw_id, {"replaces": "already_replaced"})
    if assignment.relationship == "mystery_shopper" and target.status != "rejected":
        return invalid(raw_id, {"replaces": "not_rejected"})
    return None


def _plan(
    ctx: Context,
    user: User,
    assignment: Assignment,
    campaign: Campaign,
    version: Version,
    data: dict[str, Any],
    digest: str,
    refs: list[tuple[str, str]],
    raw_id: Any,
    now: datetime,
    result: scoring.SubmissionScore,
) -> Plan:
    late = campaign.status in ("closed", "released")
    staff_id = data.get("staff_id")
    mystery = assignment.relationship == "mystery_shopper"
    subject = staff_id if mystery else assignment.subject_id
    unit_id = assignment.unit_id
    if unit_id is None and subject is not None:
        unit_id = ctx.user_units.get(subject)
    row = submission_row(
        data,
        digest,
        now,
        late,
        campaign_id=assignment.campaign_id,
        assignment_id=assignment.id,
        form_version_id=version.id,
        relationship=assignment.relationship,
        rater_id=user.id,
        subject_id=subject,
        unit_id=unit_id,
        reported_staff_id=staff_id if mystery else None,
        replaces_id=data.get("replaces"),
    )
    row.update(scoring.score_columns(result))
    scores = scoring.item_score_rows(
        result, row["id"], row["campaign_id"], subject, row["relationship"]
    )
    photos = [
        {"submission_id": row["id"], "question_id": qid, "attachment_sha256": sha}
        for qid, sha in dict.fromkeys(refs)
    ]
    return Plan(
        Outcome(raw_id, "late" if late else "created"),
        row,
        scores,
        photos,
        assignment,
        needs_actions=not (late or mystery) and bool(result.critical_failures),
    )


def _write(session: Session, plans: list[Plan]) -> None:
    """Insert the planned rows: one executemany per table, one UPDATE batch for assignments."""
    session.execute(insert(cast(Table, Submission.__table__)), [p.row for p in plans])
    scoring.insert_item_scores(session, [r for p in plans for r in p.scores])
    photos = [r for p in plans for r in p.photos]
    if photos:
        session.execute(insert(cast(Table, SubmissionAttachment.__table__)), photos)
    for plan in plans:
        plan.assignment.status = "submitted"
    session.flush()
    needing = [p.row["id"] for p in plans if p.needs_actions]
    if needing:
        for submission in session.scalars(select(Submission).where(Submission.id.in_(needing))):
            actions.create_for_submission(session, submission)
