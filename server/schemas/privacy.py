"""Shapes of the personal-data rights and retention API (`/api/v1/admin/privacy`)."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import Schema, StrictBoolean
from server.services.privacy.policy import KINDS


class PersonExportJobSchema(Schema):
    id = fields.String(required=True)
    user_id = fields.Integer(required=True)
    status = fields.String(
        required=True, metadata={"description": "queued | running | done | failed"}
    )
    error = fields.String(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    download_ready = fields.Boolean(required=True)


class EraseArgs(Schema):
    confirm = StrictBoolean(
        required=True,
        validate=validate.Equal(True),
        metadata={"description": "must be true: erasure cannot be undone"},
    )


class ErasureSchema(Schema):
    user_id = fields.Integer(required=True)
    pseudonym = fields.String(required=True)
    photos = fields.Integer(required=True, metadata={"description": "photos deleted"})
    generated_files = fields.Integer(
        required=True, metadata={"description": "stored PDFs, ZIPs and exports deleted"}
    )
    customer_contacts = fields.Integer(required=True)
    mails = fields.Integer(required=True)
    mail_files = fields.Integer(
        required=True,
        metadata={"description": "stored copies of sent mail (.eml) deleted or rewritten"},
    )
    copies = fields.Integer(
        required=True, metadata={"description": "rows whose copy of the identity was replaced"}
    )


class RetentionPeriodSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    days = fields.Integer(allow_none=True, metadata={"description": "null: kept for ever"})
    default_days = fields.Integer(allow_none=True)


class RetentionRunSchema(Schema):
    slot = fields.String(required=True)
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(allow_none=True)
    report = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        allow_none=True,
        metadata={"description": "count per data kind; null while running or failed"},
    )
    error = fields.String(allow_none=True)


class RetentionSchema(Schema):
    periods = fields.List(fields.Nested(RetentionPeriodSchema), required=True)
    runs = fields.List(
        fields.Nested(RetentionRunSchema),
        required=True,
        metadata={"description": "the last runs of the retention task, newest first"},
    )
