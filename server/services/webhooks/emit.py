"""Record product events in the outbox, in the caller's transaction (the caller commits).

One small call per place in the product where an event happens. Each event has a unique
key, so recording it twice (a retried request, two consumers of a periodic action) leaves
one event and one delivery per subscribed endpoint. Payloads carry ids and minimal facts,
never what the anonymity rules hide (docs/webhooks.md lists each payload):
`submission.stored` is emitted only for relationships whose raters are named (self,
supervisor, mystery shopper); a submission of an unnamed group (peer, subordinate,
customer) emits nothing at all, not even its time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import (
    ActionItem,
    Assignment,
    Campaign,
    Submission,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from server.models.base import utcnow
from server.services.scoring.anonymity import unnamed
from server.services.webhooks.kinds import EVENT_TYPES, PENDING_INFO


def listeners(session: Session, kind: str) -> list[WebhookEndpoint]:
    """The enabled endpoints subscribed to `kind`."""
    if kind not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event {kind!r}")
    enabled = session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True)))
    return [e for e in enabled if kind in (e.events or [])]


def record(
    session: Session,
    kind: str,
    key: str,
    payload: dict[str, Any],
    endpoints: list[WebhookEndpoint] | None = None,
) -> int:
    """Record event `key` and its deliveries; how many deliveries this call created.
    `endpoints`: the listeners of `kind` when the caller records many events at once."""
    endpoints = listeners(session, kind) if endpoints is None else endpoints
    if not endpoints:
        return 0  # nobody listens: nothing stored
    event = session.scalars(select(WebhookEvent).where(WebhookEvent.key == key)).first()
    if event is None:
        event = WebhookEvent(key=key, kind=kind, payload=payload)
        if not _insert(session, event):
            return 0  # a parallel transaction recorded it first
    created = 0
    for endpoint in endpoints:
        row = WebhookDelivery(endpoint_id=endpoint.id, event_id=event.id, event_key=key)
        if _insert(session, row):
            session.info.setdefault(PENDING_INFO, []).append(row.id)
            created += 1
    return created


def _insert(session: Session, row: Any) -> bool:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def campaign_released(session: Session, campaign: Campaign) -> None:
    """`campaign.released` and one `review.released` per employee rated in it."""
    at = campaign.released_at or utcnow()
    stamp = at.isoformat()
    data = {"campaign_id": campaign.id, "kind": campaign.kind, "released_at": stamp}
    record(session, "campaign.released", f"campaign.released:{campaign.id}:{stamp}", data)
    endpoints = listeners(session, "review.released")
    for employee_id in _subjects(session, campaign.id) if endpoints else []:
        record(
            session,
            "review.released",
            f"review.released:{campaign.id}:{employee_id}:{stamp}",
            {"campaign_id": campaign.id, "employee_id": employee_id, "released_at": stamp},
            endpoints,
        )


def _subjects(session: Session, campaign_id: int) -> list[int]:
    assigned = select(Assignment.subject_id).where(Assignment.campaign_id == campaign_id)
    visited = select(Submission.subject_id).where(Submission.campaign_id == campaign_id)
    return sorted({i for i in (*session.scalars(assigned), *session.scalars(visited)) if i})


def visit_approved(session: Session, visit: Submission, automatic: bool) -> None:
    """`visit.approved`: a mystery-shop report was approved (by HR or by its timer)."""
    data = {
        "visit_id": visit.id,
        "campaign_id": visit.campaign_id,
        "unit_id": visit.unit_id,
        "approved_at": _iso(visit.reviewed_at) or utcnow().isoformat(),
        "automatic": automatic,
    }
    record(session, "visit.approved", f"visit.approved:{visit.id}", data)


def action_overdue(session: Session, item: ActionItem, stage: str, due: datetime) -> None:
    """`action_item.overdue`: a closed-loop stage of an action item missed its due time."""
    data = {
        "action_item_id": item.id,
        "campaign_id": item.campaign_id,
        "unit_id": item.unit_id,
        "stage": stage,
        "due_at": due.isoformat(),
    }
    record(session, "action_item.overdue", f"action_item.overdue:{item.id}:{stage}", data)


def submission_stored(session: Session, submission: Submission) -> None:
    """`submission.stored`, only where raters are named (see the module docstring)."""
    columns = ("id", "campaign_id", "relationship", "subject_id", "rater_id", "is_late")
    facts = {c: getattr(submission, c) for c in columns}
    rows_stored(session, [{**facts, "received_at": submission.received_at}])


def rows_stored(session: Session, rows: list[Mapping[str, Any]]) -> None:
    """`submission.stored` for inserted `submission` rows (column dicts of a batch)."""
    named = [row for row in rows if not unnamed(str(row["relationship"]))]
    endpoints = listeners(session, "submission.stored") if named else []
    for row in named if endpoints else []:
        data = {
            "submission_id": row["id"],
            "campaign_id": row["campaign_id"],
            "relationship": row["relationship"],
            "subject_id": row.get("subject_id"),
            "rater_id": row.get("rater_id"),
            "late": bool(row.get("is_late")),
            "stored_at": _iso(row.get("received_at")) or utcnow().isoformat(),
        }
        record(session, "submission.stored", f"submission.stored:{row['id']}", data, endpoints)
