"""Response schema of a stored photo."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import Schema


class AttachmentSchema(Schema):
    sha256 = fields.String(required=True)
    mime_type = fields.String(required=True)
    size = fields.Integer(required=True)
    width = fields.Integer(required=True, allow_none=True)
    height = fields.Integer(required=True, allow_none=True)
