"""The rows of one accepted sync item, and writing a batch's rows (server.services.sync.sync).

`plan` turns an item decided `created`/`late` into its submission row, item scores and photo
links; `write` inserts the planned rows of a batch with one executemany per table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, DailyCheckin, Submission, SubmissionAttachment
from server.services.actions import actions
from server.services.scoring import scoring
from server.services.sync import repeatable
from server.services.sync.sync_context import Context, Version
from server.services.sync.sync_results import Outcome
from server.services.sync.sync_store import submission_row
from server.services.webhooks import emit as webhook_events


@dataclass(frozen=True)
class Item:
    """One parsed batch item: the id as sent, the loaded data and its content hash."""

    raw_id: Any
    data: dict[str, Any]
    digest: str


@dataclass(frozen=True)
class Target:
    """What an item answers: the user's assignment, its campaign and the pinned form version."""

    assignment: Assignment
    campaign: Campaign
    version: Version
    #: The local day a per-day assignment's check-in counts for (server.services.sync.daily).
    day: date | None = None


@dataclass
class Plan:
    """An item decided `created`/`late`: its rows, written together with the rest of the batch."""

    outcome: Outcome
    row: dict[str, Any]
    scores: list[dict[str, Any]]
    photos: list[dict[str, Any]]
    assignment: Assignment
    needs_actions: bool
    day: date | None = None
    #: A repeatable form's submission (server.services.sync.repeatable): stays pending.
    repeat: bool = False


def _row(ctx: Context, rater_id: int, target: Target, item: Item, now: datetime) -> dict[str, Any]:
    assignment, data = target.assignment, item.data
    late = target.campaign.status in ("closed", "released")
    staff_id = data.get("staff_id")
    mystery = assignment.relationship == "mystery_shopper"
    subject = staff_id if mystery else assignment.subject_id
    unit_id = assignment.unit_id
    if unit_id is None and subject is not None:
        unit_id = ctx.user_units.get(subject)
    return submission_row(
        data,
        item.digest,
        now,
        late,
        campaign_id=assignment.campaign_id,
        assignment_id=assignment.id,
        form_version_id=target.version.id,
        relationship=assignment.relationship,
        rater_id=rater_id,
        subject_id=subject,
        unit_id=unit_id,
        reported_staff_id=staff_id if mystery else None,
        replaces_id=data.get("replaces"),
    )


def plan(
    ctx: Context,
    rater_id: int,
    target: Target,
    item: Item,
    refs: list[tuple[str, str]],
    now: datetime,
    result: scoring.SubmissionScore,
) -> Plan:
    """The rows an accepted item writes (its submission, item scores and photo links)."""
    row = _row(ctx, rater_id, target, item, now)
    row.update(scoring.score_columns(result))
    scores = scoring.item_score_rows(
        result, row["id"], row["campaign_id"], row["subject_id"], row["relationship"]
    )
    photos = [
        {"submission_id": row["id"], "question_id": qid, "attachment_sha256": sha}
        for qid, sha in dict.fromkeys(refs)
    ]
    late = bool(row["is_late"])
    mystery = row["relationship"] == "mystery_shopper"
    return Plan(
        Outcome(item.raw_id, "late" if late else "created"),
        row,
        scores,
        photos,
        target.assignment,
        needs_actions=not (late or mystery) and bool(result.critical_failures),
        day=target.day,
        repeat=repeatable.is_repeatable(target.version.definition),
    )


def write(session: Session, plans: list[Plan]) -> None:
    """Insert the planned rows: one executemany per table, one UPDATE batch for assignments."""
    session.execute(insert(cast(Table, Submission.__table__)), [p.row for p in plans])
    scoring.insert_item_scores(session, [r for p in plans for r in p.scores])
    photos = [r for p in plans for r in p.photos]
    if photos:
        session.execute(insert(cast(Table, SubmissionAttachment.__table__)), photos)
    checkins = [
        {
            "submission_id": p.row["id"],
            "assignment_id": p.assignment.id,
            "rater_id": p.row["rater_id"],
            "day": p.day,
        }
        for p in plans
        if p.day is not None
    ]
    if checkins:
        session.execute(insert(cast(Table, DailyCheckin.__table__)), checkins)
    for plan in plans:
        # a per-day assignment stays pending (tomorrow is another day), a repeatable one too
        if plan.day is None and not plan.repeat:
            plan.assignment.status = "submitted"
    session.flush()
    webhook_events.rows_stored(session, [p.row for p in plans])
    needing = [p.row["id"] for p in plans if p.needs_actions]
    if needing:
        for submission in session.scalars(select(Submission).where(Submission.id.in_(needing))):
            actions.create_for_submission(session, submission)
