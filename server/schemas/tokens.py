"""Schemas of API tokens (issue 17 §1) and the JSON org sync (§3)."""

from __future__ import annotations

from marshmallow import fields, validate

from server.models.user import LOCALES
from server.schemas.base import Schema, StrictBoolean
from server.services.org.org_file import MAX_ROWS
from server.services.tokens.scopes import SCOPE_NAMES
from server.services.tokens.tokens import MAX_DAYS


class TokenCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPE_NAMES)),
        required=True,
        validate=validate.Length(min=1, max=len(SCOPE_NAMES)),
        metadata={"description": "One or more of: " + ", ".join(SCOPE_NAMES)},
    )
    expires_in_days = fields.Integer(
        strict=True, required=True, validate=validate.Range(min=1, max=MAX_DAYS)
    )


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String(metadata={"description": "public part of the token (svt_<prefix>_…)"})
    scopes = fields.List(fields.String())
    created_by_id = fields.Integer()
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    last_used_at = fields.AwareDateTime(allow_none=True, metadata={"description": "minute"})
    revoked_at = fields.AwareDateTime(allow_none=True)
    status = fields.String(validate=validate.OneOf(("active", "expired", "revoked")))


class TokenCreatedSchema(Schema):
    token = fields.Nested(TokenSchema)
    secret = fields.String(
        metadata={"description": "the whole bearer token; shown in this response only"}
    )


class TokenListSchema(Schema):
    tokens = fields.List(fields.Nested(TokenSchema))
    scopes = fields.List(fields.String(), metadata={"description": "every scope there is"})


def _text(size: int) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=size))


class SyncPersonSchema(Schema):
    """One person as the HR system knows them (the import's columns)."""

    employee_number = _text(64)
    name = _text(200)
    email = _text(254)
    unit_path = _text(1000)
    unit_path_zh = _text(1000)
    manager_employee_number = _text(64)
    job_title = _text(200)
    locale = fields.String(allow_none=True, validate=validate.OneOf(LOCALES))
    active = StrictBoolean(load_default=True)


class OrgSyncSchema(Schema):
    mode = fields.String(
        required=True,
        validate=validate.OneOf(("full", "partial")),
        metadata={"description": "full: active employees absent from `people` are leavers"},
    )
    dry_run = StrictBoolean(load_default=False)
    people = fields.List(
        fields.Nested(SyncPersonSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ROWS),
    )


class OrgSyncResultSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    units_created = fields.Integer()
    rows = fields.Integer()
    deactivated = fields.List(fields.String(), metadata={"description": "employee numbers"})
    withdrawn_assignments = fields.Integer()
    skipped = fields.Integer(metadata={"description": "inactive rows of unknown people"})
    dry_run = fields.Boolean()
