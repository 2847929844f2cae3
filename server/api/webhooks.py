"""Webhooks (issue 17 §2), admin only: endpoints (the secret shown once at creation),
deliveries with their attempts, replay, re-enable. docs/webhooks.md describes the payloads
and how a receiver verifies the signature."""

from __future__ import annotations

from typing import Any

from flask import current_app

from server.api.access import current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.models.base import utcnow
from server.schemas.webhooks import (
    DeliveryListArgs,
    DeliveryListSchema,
    DeliverySchema,
    EndpointCreatedSchema,
    EndpointCreateSchema,
    EndpointListSchema,
    EndpointPatchSchema,
    EndpointSchema,
    WebhookRotatedSchema,
)
from server.services.org import accounts
from server.services.webhooks import EVENT_TYPES, delivery, endpoints, history
from server.services.webhooks.kinds import PENDING_INFO

blp = Blueprint(
    "webhooks", __name__, url_prefix="/api/v1/admin/webhooks", description="Webhooks (admin)"
)


def _local_http() -> bool:
    """http:// to localhost is for tests and development only."""
    return endpoints.local_http_allowed(current_app.config)


@blp.route("/endpoints", methods=["GET"])
@roles_required("admin")
@blp.response(200, EndpointListSchema)
def list_endpoints() -> dict[str, Any]:
    """Every endpoint with its events, switch and the status of its last delivery."""
    return {"endpoints": endpoints.listing(db.session), "event_types": list(EVENT_TYPES)}


@blp.route("/endpoints", methods=["POST"])
@roles_required("admin")
@blp.arguments(EndpointCreateSchema)
@blp.response(201, EndpointCreatedSchema)
def create_endpoint(data: dict[str, Any]) -> dict[str, Any]:
    """Register an endpoint (https://; http:// only for localhost in development, else 422
    `invalid_webhook_url`). The answer holds the signing secret: it is shown only here."""
    endpoint, secret = endpoints.create(db.session, current(), data, _local_http())
    accounts.audit(db.session, current(), "webhook.created", endpoint)
    db.session.commit()
    return {**endpoints.row(db.session, endpoint), "secret": secret}


@blp.route("/endpoints/<id:endpoint_id>", methods=["PATCH"])
@roles_required("admin")
@blp.arguments(EndpointPatchSchema)
@blp.response(200, EndpointSchema)
def update_endpoint(data: dict[str, Any], endpoint_id: int) -> dict[str, Any]:
    """Change the address, events or description; `enabled: true` re-enables a disabled
    endpoint (its failure count starts again at 0 and its pending deliveries resume)."""
    endpoint = endpoints.get(db.session, endpoint_id)
    endpoints.update(db.session, endpoint, data, _local_http())
    accounts.audit(db.session, current(), "webhook.updated", endpoint, fields=sorted(data))
    db.session.commit()
    return endpoints.row(db.session, endpoint)


@blp.route("/endpoints/<id:endpoint_id>/rotate-secret", methods=["POST"])
@roles_required("admin")
@blp.response(200, WebhookRotatedSchema)
def rotate_secret(endpoint_id: int) -> dict[str, Any]:
    """A new signing secret (in the answer, shown only here). The replaced secret signs too
    (a second `v1=` value of X-Webhook-Signature) until `previous_secret_until`
    (WEBHOOK_SECRET_GRACE_HOURS, 24 by default), then only the new one."""
    endpoint = endpoints.get(db.session, endpoint_id)
    window = endpoints.grace(current_app.config)
    secret = endpoints.rotate(db.session, endpoint, utcnow(), window)
    accounts.audit(
        db.session,
        current(),
        "webhook.secret_rotated",
        endpoint,
        grace_hours=window.total_seconds() / 3600,
    )
    db.session.commit()
    return {**endpoints.row(db.session, endpoint), "secret": secret}


@blp.route("/deliveries", methods=["GET"])
@roles_required("admin")
@blp.arguments(DeliveryListArgs, location="query")
@blp.response(200, DeliveryListSchema)
def list_deliveries(args: dict[str, Any]) -> dict[str, Any]:
    """Deliveries, newest first (filters: endpoint_id, status), each with its attempts
    (status code, response time, error)."""
    rows, total = history.listing(db.session, **args)
    return {"deliveries": rows, "total": total}


@blp.route("/deliveries/<id:delivery_id>/replay", methods=["POST"])
@roles_required("admin")
@blp.response(202, DeliverySchema)
def replay_delivery(delivery_id: int) -> dict[str, Any]:
    """Send a delivered or failed delivery again (409 while it is being sent or its
    endpoint is disabled). It is queued once this request commits."""
    found = delivery.replay(db.session, delivery_id)
    accounts.audit(db.session, current(), "webhook.replayed", found)
    db.session.info.setdefault(PENDING_INFO, []).append(found.id)
    db.session.commit()
    return history.one(db.session, found.id)
