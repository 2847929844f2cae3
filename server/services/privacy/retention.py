"""The retention sweep (issue 17 §5): what is past its period (`policy`) is deleted or
pseudonymised, and the sweep says how many of each kind it handled (the periodic action
in server/tasks/retention.py records that report in `periodic_run`).

Per kind, for rows older than `now - period` (nothing within its period is touched):
- raw_submissions: the IP address and GPS position are cleared (answers and scores stay);
- photos: deleted (objects and rows; see erasure.remove_photos), by upload time;
- generated_files: stored review PDFs (by render time) and ended review ZIP jobs with files;
- export_files: ended campaign export and personal-data export jobs with their files;
- audit_events, notifications, customer_contacts: deleted, by creation time;
- inactive_accounts: deactivated accounts unchanged for the period are erased
  (erasure.erase, photos kept: they have their own period);
- webhook_deliveries: deliveries that ended (delivered, failed) by their last activity
  (delivery time, else the last attempt's start, else creation), with their attempts; then
  the events older than the period that no delivery refers to any more. Pending and
  sending deliveries (and so their events) are never deleted. Counts the deliveries.
A kind whose period is None is kept, and counts 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from server.models import (
    Attachment,
    AuditEvent,
    CustomerContact,
    Notification,
    PeriodicRun,
    Submission,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
)
from server.services.privacy import erasure, generated, policy
from server.storage import Storage

Sweep = Callable[[Session, Storage, datetime], int]


def _gone(session: Session, stmt: Any) -> int:
    return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def raw_submissions(session: Session, store: Storage, before: datetime) -> int:
    has_meta = or_(Submission.submitted_by_ip.is_not(None), Submission.geo_lat.is_not(None))
    return _gone(
        session,
        update(Submission)
        .where(Submission.received_at < before, has_meta)
        .values(submitted_by_ip=None, geo_lat=None, geo_lon=None, geo_accuracy=None)
        .values(geo_captured_at=None),
    )


def photos(session: Session, store: Storage, before: datetime) -> int:
    hashes = set(session.scalars(select(Attachment.sha256).where(Attachment.created_at < before)))
    return erasure.remove_photos(session, store, hashes)


def generated_files(session: Session, store: Storage, before: datetime) -> int:
    pdfs = generated.drop_review_pdfs(session, store, generated.old_review_pdfs(session, before))
    zips = generated.old_jobs(session, (generated.REVIEW_ZIP,), before)
    return pdfs + generated.drop_jobs(session, store, zips)


def export_files(session: Session, store: Storage, before: datetime) -> int:
    kinds = (generated.CAMPAIGN_EXPORT, generated.PERSON_EXPORT)
    return generated.drop_jobs(session, store, generated.old_jobs(session, kinds, before))


def audit_events(session: Session, store: Storage, before: datetime) -> int:
    return _gone(session, delete(AuditEvent).where(AuditEvent.created_at < before))


def notifications(session: Session, store: Storage, before: datetime) -> int:
    return _gone(session, delete(Notification).where(Notification.created_at < before))


def customer_contacts(session: Session, store: Storage, before: datetime) -> int:
    return _gone(session, delete(CustomerContact).where(CustomerContact.created_at < before))


def inactive_accounts(session: Session, store: Storage, before: datetime) -> int:
    users = session.scalars(
        select(User).where(User.active.is_(False), User.updated_at < before).order_by(User.id)
    )
    done = 0
    for user in list(users):
        if not erasure.is_erased(user):
            erasure.erase(session, store, user, None, photos=False, reason="retention")
            done += 1
    return done


#: Rows deleted per statement (a long history goes in several statements of bounded size).
BATCH = 500


def webhook_deliveries(session: Session, store: Storage, before: datetime) -> int:
    last_try = (
        select(func.max(WebhookAttempt.started_at))
        .where(WebhookAttempt.delivery_id == WebhookDelivery.id)
        .scalar_subquery()
    )
    last = func.coalesce(WebhookDelivery.delivered_at, last_try, WebhookDelivery.created_at)
    ended = select(WebhookDelivery.id).where(
        WebhookDelivery.status.in_(("delivered", "failed")), last < before
    )
    done = 0
    while ids := list(session.scalars(ended.order_by(WebhookDelivery.id).limit(BATCH))):
        session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ids)))
        done += _gone(session, delete(WebhookDelivery).where(WebhookDelivery.id.in_(ids)))
    needed = select(WebhookDelivery.event_id).where(WebhookDelivery.event_id == WebhookEvent.id)
    session.execute(delete(WebhookEvent).where(WebhookEvent.created_at < before, ~needed.exists()))
    return done


SWEEPS: dict[str, Sweep] = {
    "raw_submissions": raw_submissions,
    "photos": photos,
    "generated_files": generated_files,
    "export_files": export_files,
    "audit_events": audit_events,
    "inactive_accounts": inactive_accounts,
    "notifications": notifications,
    "customer_contacts": customer_contacts,
    "webhook_deliveries": webhook_deliveries,
}


def sweep(
    session: Session, store: Storage, now: datetime, periods: Mapping[str, int | None]
) -> dict[str, int]:
    """Apply every period (the caller commits); returns the count per kind."""
    report = {}
    for kind, action in SWEEPS.items():
        days = periods.get(kind)
        report[kind] = 0 if days is None else action(session, store, now - timedelta(days=days))
    return report


def settings_view(periods: Mapping[str, int | None]) -> list[dict[str, Any]]:
    """Each kind's period in force and its default."""
    return [
        {"kind": k, "days": periods.get(k), "default_days": policy.DEFAULTS[k]}
        for k in policy.KINDS
    ]


def last_runs(session: Session, task: str = "retention", limit: int = 10) -> list[dict[str, Any]]:
    """The last runs of the retention task, newest first, with their reports."""
    runs = session.scalars(
        select(PeriodicRun)
        .where(PeriodicRun.task == task)
        .order_by(PeriodicRun.started_at.desc(), PeriodicRun.id.desc())
        .limit(limit)
    )
    out = []
    for run in runs:
        outcome = dict(run.outcome or {})
        error = outcome.pop("error", None)
        out.append(
            {
                "slot": run.slot,
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "report": None if error or run.outcome is None else outcome,
                "error": error,
            }
        )
    return out
