"""Schemas of the org chart (import, units) and user administration."""

from __future__ import annotations

from zoneinfo import available_timezones

from marshmallow import fields, validate

from server.messages import N_
from server.models.user import LOCALES, ROLES
from server.schemas.base import (
    BilingualText,
    Instant,
    QueryBoolean,
    Schema,
    StrictBoolean,
    StrictFloat,
)
from server.schemas.campaigns import Bilingual, Id


class ImportArgs(Schema):
    dry_run = QueryBoolean(load_default=False)


class ImportResultSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    units_created = fields.Integer()
    rows = fields.Integer()
    dry_run = fields.Boolean()


class UnitSchema(Schema):
    id = fields.Integer()
    parent_id = fields.Integer(allow_none=True)
    kind = fields.String()
    name = BilingualText()
    path = fields.String()
    address = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    timezone = fields.String(allow_none=True)


class UnitListSchema(Schema):
    units = fields.List(fields.Nested(UnitSchema))


class UnitUpdateSchema(Schema):
    name = Bilingual()
    kind = fields.String(validate=validate.OneOf(("company", "region", "branch", "team")))
    address = fields.String(allow_none=True, validate=validate.Length(max=500))
    latitude = StrictFloat(allow_none=True, validate=validate.Range(min=-90, max=90))
    longitude = StrictFloat(allow_none=True, validate=validate.Range(min=-180, max=180))
    #: IANA time zone for notification quiet hours ("Asia/Shanghai"); null: the parent's.
    timezone = fields.String(
        allow_none=True,
        validate=validate.OneOf(sorted(available_timezones()), error=N_("Not a known time zone.")),
    )


class AdminUserSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    locale = fields.String()
    active = fields.Boolean()
    employee_number = fields.String(allow_none=True)
    job_title = fields.String(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    manager_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class UserListArgs(Schema):
    role = fields.String(validate=validate.OneOf(ROLES))
    active = QueryBoolean()
    unit_id = Id(strict=False)
    q = fields.String(validate=validate.Length(max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class UserListSchema(Schema):
    users = fields.List(fields.Nested(AdminUserSchema))
    total = fields.Integer()


class UserCreateSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    locale = fields.String(load_default="zh-CN", validate=validate.OneOf(LOCALES))
    password = fields.String(validate=validate.Length(min=10, max=1024))
    employee_number = fields.String(validate=validate.Length(min=1, max=64))
    job_title = fields.String(allow_none=True, validate=validate.Length(max=200))
    unit_id = Id(allow_none=True)
    manager_id = Id(allow_none=True)


class UserUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    role = fields.String(validate=validate.OneOf(ROLES))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    active = StrictBoolean()
    password = fields.String(validate=validate.Length(min=10, max=1024))
    employee_number = fields.String(allow_none=True, validate=validate.Length(min=1, max=64))
    job_title = fields.String(allow_none=True, validate=validate.Length(max=200))
    unit_id = Id(allow_none=True)
    manager_id = Id(allow_none=True)


class AuditArgs(Schema):
    action = fields.String(validate=validate.Length(max=64))
    actor_id = Id(strict=False)
    object_type = fields.String(validate=validate.Length(max=64))
    object_id = fields.String(validate=validate.Length(max=64))
    since = Instant()
    until = Instant()
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class AuditEventSchema(Schema):
    id = fields.Integer()
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    action = fields.String()
    object_type = fields.String(allow_none=True)
    object_id = fields.String(allow_none=True)
    details = fields.Dict()
    ip = fields.String(allow_none=True)
    created_at = fields.DateTime()


class AuditListSchema(Schema):
    events = fields.List(fields.Nested(AuditEventSchema))
    total = fields.Integer()


class FormVersionBriefSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    sha256 = fields.String()
    created_at = fields.DateTime()
    title = BilingualText()
    relationships = fields.List(fields.String())


class FormSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    versions = fields.List(fields.Nested(FormVersionBriefSchema))


class FormListSchema(Schema):
    forms = fields.List(fields.Nested(FormSchema))


class FormUploadResultSchema(Schema):
    key = fields.String()
    version = fields.Integer()
    version_id = fields.Integer()
    created = fields.Boolean()
