"""The event types an endpoint may subscribe to, and the session key that collects the
deliveries recorded in a transaction (queued once it commits)."""

from __future__ import annotations

EVENT_TYPES = (
    "campaign.released",
    "review.released",
    "visit.approved",
    "action_item.overdue",
    "submission.stored",
)

#: `session.info` key: ids of deliveries recorded in the open transaction.
PENDING_INFO = "webhook_deliveries"
