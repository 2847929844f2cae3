"""Shapes of the operations view (`GET /api/v1/admin/ops`) and job retry."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import Schema


class QueueSchema(Schema):
    backend = fields.String(required=True, metadata={"description": "sqlite | redis | memory"})
    reachable = fields.Boolean(required=True)
    pending = fields.Integer(allow_none=True, metadata={"description": "tasks waiting"})
    scheduled = fields.Integer(
        allow_none=True, metadata={"description": "tasks delayed or waiting for a retry"}
    )


class WorkerSchema(Schema):
    name = fields.String(required=True, metadata={"description": "host:pid/thread"})
    host = fields.String(required=True)
    pid = fields.Integer(required=True)
    started_at = fields.DateTime(required=True)
    seen_at = fields.DateTime(required=True)


class OpsJobSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    campaign_id = fields.Integer(allow_none=True)
    status = fields.String(required=True, metadata={"description": "queued | running | failed"})
    total = fields.Integer(required=True)
    done = fields.Integer(required=True)
    failures = fields.Integer(required=True, metadata={"description": "failed items"})
    error = fields.String(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class PeriodicRunSchema(Schema):
    task = fields.String(required=True)
    slot = fields.String(required=True, metadata={"description": "UTC time slot, e.g. 21:15"})
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(allow_none=True)
    outcome = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        allow_none=True,
        metadata={"description": "what it did (counts by kind); null while running or failed"},
    )
    error = fields.String(allow_none=True, metadata={"description": "why it failed"})


class OpsStatusSchema(Schema):
    checked_at = fields.DateTime(required=True)
    queue = fields.Nested(QueueSchema, required=True)
    workers = fields.List(fields.Nested(WorkerSchema), required=True)
    jobs = fields.List(fields.Nested(OpsJobSchema), required=True)
    periodic = fields.List(fields.Nested(PeriodicRunSchema), required=True)
