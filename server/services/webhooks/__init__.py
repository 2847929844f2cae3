"""Webhooks (issue 17 §2): signed HTTP deliveries of product events to admins' endpoints.

Every part of the product that reports an event calls one function of `emit` in its own
transaction (the outbox: `WebhookEvent` + one `WebhookDelivery` per subscribed endpoint,
unique per (endpoint, event key)); server/tasks/webhooks.py queues the deliveries once
that transaction committed, so a rolled-back change never emits. `delivery.deliver` sends
one delivery at most once at a time (a claim), records every attempt, retries with
exponential backoff and disables an endpoint after `DISABLE_AFTER` consecutive failures,
telling the admins. docs/webhooks.md describes the payloads and the signature.

Public surface: `emit`, `endpoints`, `delivery`, `history`, `signing`, `EVENT_TYPES`.
"""

from server.services.webhooks import delivery, emit, endpoints, history, signing
from server.services.webhooks.kinds import EVENT_TYPES

__all__ = ["EVENT_TYPES", "delivery", "emit", "endpoints", "history", "signing"]
