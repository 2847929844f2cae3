"""Webhooks (issue 17 §2): endpoint create/change bodies, the endpoint and delivery rows."""

from __future__ import annotations

from marshmallow import fields, validate

from server.models.webhook import DELIVERY_STATES
from server.schemas.base import Schema, StrictBoolean
from server.services.webhooks import EVENT_TYPES
from server.services.webhooks.endpoints import URL_LIMIT


def _events(**kwargs: object) -> fields.List:
    return fields.List(
        fields.String(validate=validate.OneOf(EVENT_TYPES)),
        validate=validate.Length(min=1, max=len(EVENT_TYPES) * 2),
        **kwargs,  # type: ignore[arg-type]
    )


class EndpointCreateSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=URL_LIMIT))
    events = _events(required=True)
    description = fields.String(load_default="", validate=validate.Length(max=200))
    secret = fields.String(
        validate=[validate.Length(min=24, max=200), validate.Regexp(r"^[\x21-\x7e]+$")],
        metadata={"description": "Optional: printable ASCII, 24-200 characters."},
    )


class EndpointPatchSchema(Schema):
    url = fields.String(validate=validate.Length(min=1, max=URL_LIMIT))
    events = _events()
    description = fields.String(validate=validate.Length(max=200))
    enabled = StrictBoolean()


class DeliveryCountsSchema(Schema):
    pending = fields.Integer(dump_only=True)
    delivered = fields.Integer(dump_only=True)
    failed = fields.Integer(dump_only=True)


class EndpointSchema(Schema):
    id = fields.Integer(dump_only=True)
    url = fields.String(dump_only=True)
    description = fields.String(dump_only=True)
    events = fields.List(fields.String(), dump_only=True)
    enabled = fields.Boolean(dump_only=True)
    consecutive_failures = fields.Integer(dump_only=True)
    disabled_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True)
    previous_secret_until = fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={"description": "after a rotation: the replaced secret signs too until then"},
    )
    last_status = fields.String(dump_only=True, allow_none=True)
    last_status_code = fields.Integer(dump_only=True, allow_none=True)
    deliveries = fields.Nested(DeliveryCountsSchema, dump_only=True)


class EndpointCreatedSchema(EndpointSchema):
    secret = fields.String(dump_only=True, metadata={"description": "Shown this once."})


class WebhookRotatedSchema(EndpointSchema):
    secret = fields.String(
        dump_only=True, metadata={"description": "The new secret. Shown this once."}
    )


class EndpointListSchema(Schema):
    endpoints = fields.List(fields.Nested(EndpointSchema), dump_only=True)
    event_types = fields.List(fields.String(), dump_only=True)


class WebhookAttemptSchema(Schema):
    number = fields.Integer(dump_only=True)
    started_at = fields.AwareDateTime(dump_only=True)
    status_code = fields.Integer(dump_only=True, allow_none=True)
    duration_ms = fields.Integer(dump_only=True)
    error = fields.String(dump_only=True, allow_none=True)


class DeliverySchema(Schema):
    id = fields.Integer(dump_only=True)
    endpoint_id = fields.Integer(dump_only=True)
    event_key = fields.String(dump_only=True)
    event_type = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={"enum": list(DELIVERY_STATES)})
    attempts = fields.Integer(dump_only=True)
    next_attempt_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    delivered_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    last_status_code = fields.Integer(dump_only=True, allow_none=True)
    last_error = fields.String(dump_only=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True)
    history = fields.List(fields.Nested(WebhookAttemptSchema), dump_only=True)


class DeliveryListArgs(Schema):
    endpoint_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    status = fields.String(validate=validate.OneOf(DELIVERY_STATES))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class DeliveryListSchema(Schema):
    deliveries = fields.List(fields.Nested(DeliverySchema), dump_only=True)
    total = fields.Integer(dump_only=True)
