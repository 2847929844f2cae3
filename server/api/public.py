"""Customer pages: the form behind a link token and its responses (no account, throttled)."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from server.api.body import Blueprint, check_request_body
from server.extensions import db, limiter
from server.schemas.sync import CustomerResultSchema, CustomerSubmissionSchema, PublicLinkSchema
from server.services.sync import batch, customer_responses

blp = Blueprint(
    "public", __name__, url_prefix="/api/v1/public", description="Customer links (no account)"
)


def _per_address() -> str:
    return str(current_app.config["PUBLIC_LIMIT_PER_ADDRESS"])


@blp.route("/links/<string:token>", methods=["GET"])
@blp.response(200, PublicLinkSchema)
@limiter.limit(_per_address, scope="public")
def link_form(token: str) -> dict[str, Any]:
    """Return the campaign, subject and form a customer link leads to."""
    return customer_responses.public_form(db.session, token)


@blp.route("/links/<string:token>/responses", methods=["POST"])
@blp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": CustomerSubmissionSchema}},
    }
)
@blp.response(201, CustomerResultSchema)
@blp.alt_response(200, schema=CustomerResultSchema, description="Duplicate (already stored)")
@limiter.limit(_per_address, scope="public")
def link_response(token: str) -> Any:
    """Store one customer response (same idempotent shape and write path as a sync item).

    `device` (optional, 16-64 URL-safe characters) is the page's device token: under the
    link's repeat policy (`daily` by default, `once`, `unlimited`) a second response of
    the same device in the same day (or ever) is 409 `already_responded`."""
    check_request_body()
    body = request.get_json(silent=True)
    zone = current_app.config["CUSTOMER_DAY_TIMEZONE"]
    sub_id, status = batch.store_response(db.session, token, body, request.remote_addr, zone)
    return {"id": sub_id, "status": status}, 200 if status == "duplicate" else 201
