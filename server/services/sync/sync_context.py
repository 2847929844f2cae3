"""What one sync batch reads before deciding its items: a handful of `IN` queries per batch.

`prepare` locks the user's assignments the batch touches (FOR UPDATE, in id order) and
loads, once per batch, everything the per-item rules need: campaigns, form versions
(definitions cached in-process by (id, sha256): versions are immutable), the
submissions the batch refers to (its own ids and `replaces` targets), which of those
targets were already replaced, which assignments are already answered, which photo
hashes this user holds (uploaded) and the units of 360 subjects. Deciding an item then needs no SQL
(except the staff list of a visited unit, cached per unit).

`remember` records a decided (planned or stored) submission so later items of the
same batch see it exactly as if it had been stored already.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, FormVersion, User
from server.models import Submission as Sub
from server.services.attachments.attachments import held_by
from server.services.forms.answers import SHA256_RE
from server.services.sync import daily

#: (version id, sha256) -> normalised definition. Bounded: cleared when it grows past this.
_CACHE_LIMIT = 256
_definitions: dict[tuple[int, str], dict[str, Any]] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Version:
    """A form version as sync needs it."""

    id: int
    form_id: int
    definition: dict[str, Any]


@dataclass(frozen=True)
class Known:
    """A submission the batch knows of (stored before, or decided earlier in this batch)."""

    rater_id: int | None
    content_sha256: str
    assignment_id: int | None
    status: str


@dataclass
class Context:
    """Everything deciding the items of one batch needs, loaded once."""

    assignments: dict[int, Assignment]
    campaigns: dict[int, Campaign] = field(default_factory=dict)
    versions: dict[int, Version] = field(default_factory=dict)
    known: dict[str, Known] = field(default_factory=dict)
    #: Submission ids that already have a replacement.
    replaced: set[str] = field(default_factory=set)
    #: Locked assignments that already have a submission.
    answered: set[int] = field(default_factory=set)
    held: set[str] = field(default_factory=set)
    user_units: dict[int, int | None] = field(default_factory=dict)
    staff: dict[int, set[int]] = field(default_factory=dict)
    #: Per-day campaigns (server.services.sync.daily) -> time zone; their answered days.
    daily: dict[int, str] = field(default_factory=dict)
    days: set[tuple[int, date]] = field(default_factory=set)


def _lock_assignments(session: Session, user_id: int, ids: set[int]) -> dict[int, Assignment]:
    if not ids:
        return {}
    stmt = (
        select(Assignment)
        .where(Assignment.id.in_(sorted(ids)), Assignment.rater_id == user_id)
        .order_by(Assignment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {a.id: a for a in session.scalars(stmt)}


def load_versions(session: Session, ids: set[int]) -> dict[int, Version]:
    """Form versions by id; definitions come from the in-process cache when possible."""
    if not ids:
        return {}
    heads = session.execute(
        select(FormVersion.id, FormVersion.form_id, FormVersion.sha256).where(
            FormVersion.id.in_(sorted(ids))
        )
    ).all()
    found: dict[int, dict[str, Any]] = {}
    for vid, _, sha in heads:
        cached = _definitions.get((vid, sha))
        if cached is not None:
            found[vid] = cached
    missing = [vid for vid, _, _ in heads if vid not in found]
    if missing:
        rows = session.execute(
            select(FormVersion.id, FormVersion.definition).where(FormVersion.id.in_(missing))
        ).all()
        loaded: dict[int, dict[str, Any]] = {vid: definition for vid, definition in rows}
        found.update(loaded)
        with _cache_lock:
            if len(_definitions) + len(loaded) > _CACHE_LIMIT:
                _definitions.clear()
            _definitions.update({(vid, sha): loaded[vid] for vid, _, sha in heads if vid in loaded})
    return {vid: Version(vid, form_id, found[vid]) for vid, form_id, _ in heads}


def load_known(session: Session, ids: set[str]) -> dict[str, Known]:
    """Stored submissions among these ids."""
    if not ids:
        return {}
    rows = session.execute(
        select(Sub.id, Sub.rater_id, Sub.content_sha256, Sub.assignment_id, Sub.status).where(
            Sub.id.in_(sorted(ids))
        )
    )
    return {sid: Known(rater, digest, aid, status) for sid, rater, digest, aid, status in rows}


def _photo_hashes(items: list[dict[str, Any]]) -> set[str]:
    return {
        v
        for d in items
        for value in d["answers"].values()
        if isinstance(value, list)
        for v in value
        if isinstance(v, str) and SHA256_RE.match(v)
    }


def prepare(session: Session, user_id: int, items: list[dict[str, Any]]) -> Context:
    """Lock the batch's assignments and load what its items need (see the module docstring)."""
    ctx = Context(_lock_assignments(session, user_id, {d["assignment_id"] for d in items}))
    assignments = ctx.assignments.values()
    if ctx.assignments:
        ctx.campaigns = {
            c.id: c
            for c in session.scalars(
                select(Campaign).where(Campaign.id.in_({a.campaign_id for a in assignments}))
            )
        }
        ctx.answered = set(
            session.scalars(
                select(Sub.assignment_id)
                .where(Sub.assignment_id.in_(sorted(ctx.assignments)))
                .distinct()
            )
        )
        ctx.daily = daily.per_day_campaigns(session, set(ctx.campaigns))
        per_day = [a.id for a in assignments if a.campaign_id in ctx.daily]
        ctx.days = daily.answered_days(session, per_day)
    ctx.versions = load_versions(
        session, {d["form_version_id"] for d in items} | {a.form_version_id for a in assignments}
    )
    targets = {d["replaces"] for d in items if d["replaces"]}
    ctx.known = load_known(session, {d["id"] for d in items} | targets)
    if targets:
        ctx.replaced = set(
            session.scalars(select(Sub.replaces_id).where(Sub.replaces_id.in_(sorted(targets))))
        )
    # Only photos whose bytes this user uploaded count as present (see attachments.can_view).
    ctx.held = held_by(session, user_id, _photo_hashes(items))
    subjects = {a.subject_id for a in assignments if a.unit_id is None and a.subject_id}
    if subjects:
        ctx.user_units = dict(
            session.execute(
                select(User.id, User.unit_id).where(User.id.in_(sorted(subjects)))
            ).all()
        )
    return ctx


def remember(ctx: Context, row: dict[str, Any], day: date | None = None) -> None:
    """Record a submission row decided (or stored) by this batch for the items after it."""
    if day is not None:
        ctx.days.add((row["assignment_id"], day))
    ctx.known[row["id"]] = Known(
        row["rater_id"], row["content_sha256"], row["assignment_id"], row["status"]
    )
    if row["assignment_id"] is not None:
        ctx.answered.add(row["assignment_id"])
    if row.get("replaces_id"):
        ctx.replaced.add(row["replaces_id"])
