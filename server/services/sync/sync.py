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

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import Assignment, OrgUnit, User
from server.services.forms import answers
from server.services.sync import daily, repeatable, sync_context, sync_plan, sync_prepare
from server.services.sync.field import unit_staff
from server.services.sync.sync_context import Context, Known, Version
from server.services.sync.sync_plan import Item, Plan, Target
from server.services.sync.sync_prepare import Checked, Parsed, Prepared
from server.services.sync.sync_results import Outcome, forbidden, invalid


def replay(known: Known, digest: str, raw_id: Any, user_id: int | None) -> Outcome:
    """Answer a re-sent id: duplicate, conflict, or forbidden when it is someone else's."""
    if known.rater_id is None or known.rater_id != user_id:
        return forbidden(raw_id)
    if known.content_sha256 == digest:
        return Outcome(raw_id, "duplicate")
    return Outcome(
        raw_id, "conflict", "conflict", "A different submission with this id was already received."
    )


def sync_batch(
    session: Session,
    user: User,
    items: list[Any],
    now: datetime | None = None,
    prepared: Prepared | None = None,
) -> list[dict[str, Any]]:
    """Store a batch of submissions; return one result dict per item, in order.

    Every item is decided against what `sync_context.prepare` loaded (plus the items before
    it), then all accepted rows are written at once inside a SAVEPOINT; on an IntegrityError
    (a concurrent request stored one of these ids after our read) the batch is redone item
    by item, each in its own SAVEPOINT. `prepared` (server.services.sync.sync_prepare)
    carries the items parsed, validated and scored before the write lock.
    """
    now = now or datetime.now(UTC)
    if prepared is None:
        prepared = sync_prepare.parse(items)
    outcomes, plans = _decide_all(session, user, prepared, now)
    if plans:
        try:
            with session.begin_nested():
                sync_plan.write(session, plans)
        except IntegrityError:
            outcomes = _one_by_one(session, user, prepared.parsed, prepared.digests, now)
    return [o.as_dict() for o in outcomes if o is not None]


def _decide_all(
    session: Session, user: User, prepared: Prepared, now: datetime
) -> tuple[list[Outcome | None], list[Plan]]:
    """Decide every item in order, each seeing the ones planned before it."""
    parsed, digests = prepared.parsed, prepared.digests
    checked = prepared.checked or [None] * len(parsed)
    ctx = sync_context.prepare(session, user.id, [d for _, d, _ in parsed if d])
    outcomes: list[Outcome | None] = []
    plans: list[Plan] = []
    for (raw_id, data, outcome), digest, pre in zip(parsed, digests, checked, strict=True):
        if outcome is None and data is not None:
            decided = _decide(session, ctx, user, Item(raw_id, data, digest), now, pre)
            if isinstance(decided, Plan):
                plans.append(decided)
                sync_context.remember(ctx, decided.row, decided.day)
                decided = decided.outcome
            outcome = decided
        outcomes.append(outcome)
    return outcomes, plans


def _one_by_one(
    session: Session, user: User, parsed: list[Parsed], digests: list[str], now: datetime
) -> list[Outcome | None]:
    """Decide and write item by item (after a racing write); checks are simply redone."""
    ctx = sync_context.prepare(session, user.id, [d for _, d, _ in parsed if d])
    outcomes: list[Outcome | None] = []
    for (raw_id, data, outcome), digest in zip(parsed, digests, strict=True):
        if outcome is None and data is not None:
            outcome = _guarded(session, ctx, user, Item(raw_id, data, digest), now)
        outcomes.append(outcome)
    return outcomes


def _guarded(session: Session, ctx: Context, user: User, item: Item, now: datetime) -> Outcome:
    decided = _decide(session, ctx, user, item, now)
    if not isinstance(decided, Plan):
        return decided
    try:
        with session.begin_nested():
            sync_plan.write(session, [decided])
    except IntegrityError:
        sub_id = item.data["id"]
        existing = sync_context.load_known(session, {sub_id}).get(sub_id)
        if existing is None:
            raise
        ctx.known[sub_id] = existing
        return replay(existing, item.digest, item.raw_id, user.id)
    sync_context.remember(ctx, decided.row, decided.day)
    return decided.outcome


def _decide(
    session: Session,
    ctx: Context,
    user: User,
    item: Item,
    now: datetime,
    pre: Checked | None = None,
) -> Plan | Outcome:
    known = ctx.known.get(item.data["id"])
    if known is not None:
        return replay(known, item.digest, item.raw_id, user.id)
    target = _target(ctx, item, now)
    if isinstance(target, Outcome):
        return target
    problem = _problem(session, ctx, user, item, target, pre)
    if problem is not None:
        return problem
    definition = target.version.definition
    refs = answers.photo_refs(definition, item.data["answers"])
    missing = sorted({sha for _, sha in refs if sha not in ctx.held})
    if missing:
        return Outcome(
            item.raw_id,
            "missing_attachments",
            "missing_attachments",
            "Upload these photos, then send again.",
            {"hashes": missing},
        )
    policy = target.campaign.critical_policy
    score = sync_prepare.scores(pre, definition, item.data, policy)
    return sync_plan.plan(ctx, user.id, target, item, refs, now, score)


def _target(ctx: Context, item: Item, now: datetime) -> Target | Outcome:
    """The user's open assignment the item answers and its pinned version, or a refusal."""
    assignment = ctx.assignments.get(item.data["assignment_id"])
    if assignment is None:
        return forbidden(item.raw_id)
    campaign = ctx.campaigns[assignment.campaign_id]
    if campaign.status == "draft":
        return forbidden(item.raw_id, "campaign_not_open", "The campaign is not open yet.")
    if assignment.status == "declined":
        return forbidden(item.raw_id, "assignment_declined", "This assignment was declined.")
    version = _pinned(ctx, assignment.form_version_id, item.data["form_version_id"])
    if version is None:
        return invalid(item.raw_id, {"form_version_id": "unknown_form_version"})
    tz = ctx.daily.get(campaign.id)
    day = daily.day_for(item.data.get("completed_at"), now, tz) if tz else None
    return Target(assignment, campaign, version, day)


def _problem(
    session: Session, ctx: Context, user: User, item: Item, target: Target, pre: Checked | None
) -> Outcome | None:
    """Invalid answers or staff, or a broken `replaces` chain."""
    data = item.data
    errors = sync_prepare.answer_errors(pre, target.version.definition, data)
    errors.update(_staff_errors(session, ctx, target.assignment, data.get("staff_id")))
    if errors:
        return invalid(item.raw_id, errors)
    if target.day is not None:
        period = (target.campaign.period_start, target.campaign.period_end)
        return daily.day_problem(
            ctx.days, target.assignment, period, target.day, data["replaces"], item.raw_id
        )
    if repeatable.is_repeatable(target.version.definition):
        return repeatable.repeat_problem(data["replaces"], item.raw_id)
    return _chain_problem(ctx, user, target.assignment, data["replaces"], item.raw_id)


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
