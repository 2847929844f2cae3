"""Shapes of the review ZIP job endpoints."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import Schema


class JobStartSchema(Schema):
    job_id = fields.String(required=True)
    status = fields.String(required=True)
    total = fields.Integer(required=True)


class JobFailureSchema(Schema):
    employee_id = fields.Integer(required=True)
    name = fields.String(allow_none=True, metadata={"description": "null for an unknown id"})
    error = fields.String(required=True)


class JobSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    campaign_id = fields.Integer(allow_none=True)
    status = fields.String(
        required=True, metadata={"description": "queued | running | done | failed"}
    )
    total = fields.Integer(required=True)
    done = fields.Integer(required=True)
    failures = fields.List(fields.Nested(JobFailureSchema), required=True)
    error = fields.String(
        allow_none=True,
        metadata={
            "description": "why a failed job stopped as a whole: `interrupted` (the server "
            "stopped while building; start the ZIP again) or `error`"
        },
    )
    created_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    download_ready = fields.Boolean(required=True)
