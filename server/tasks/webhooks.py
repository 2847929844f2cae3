"""Webhook deliveries (issue 17 §2) through the queue.

- After a transaction that recorded events commits, each new delivery is queued
  (`deliver`); a rolled-back transaction queues nothing (the session's list is dropped).
- `webhook_deliveries`, every minute, once per slot: queues every delivery that is due
  (a retry whose backoff ended, one whose queueing was lost, one a dead consumer left
  `sending`, one of a re-enabled endpoint). The retries' backoff lives in the delivery row
  (`next_attempt_at`), so it survives restarts and is the same under any queue storage.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from server.extensions import db
from server.services.webhooks import delivery, endpoints
from server.services.webhooks.kinds import PENDING_INFO
from server.tasks import task
from server.tasks.periodic import every


@task()
def deliver(delivery_id: int) -> str:
    """One attempt of a delivery, if it is due (see services/webhooks/delivery.py)."""
    allow_local = endpoints.local_http_allowed(current_app.config)
    return delivery.deliver(db.session, delivery_id, allow_local_http=allow_local)


def queue(delivery_ids: list[int]) -> None:
    """Queue deliveries whose rows are committed."""
    for delivery_id in delivery_ids:
        deliver(delivery_id)


@event.listens_for(Session, "after_commit")
def _queue_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released: the transaction is still open
    ids = session.info.pop(PENDING_INFO, None)
    if ids:
        queue(list(ids))


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(PENDING_INFO, None)


@every(1)
def webhook_deliveries(session: Session, now: datetime) -> dict[str, Any]:
    """Queue every due delivery (once per minute slot)."""
    ids = delivery.due(session, now)
    session.commit()
    queue(ids)
    return {"queued": len(ids)}
