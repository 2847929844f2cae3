"""Shape of the export job request (`POST /api/v1/campaigns/<id>/exports`)."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import Schema
from server.services.exports.jobs import FORMATS, KINDS


class ExportJobArgs(Schema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(KINDS),
        metadata={"description": "answers (long format) or summary (one row per employee)"},
    )
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
