"""Schemas of the auth and current-user endpoints."""

from marshmallow import fields, validate

from server.schemas.base import Schema


class LoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, validate=validate.Length(max=1024))
    new_password = fields.String(required=True, validate=validate.Length(min=10, max=1024))


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    locale = fields.String(dump_only=True)
    employee_number = fields.String(dump_only=True, allow_none=True)
    job_title = fields.String(dump_only=True, allow_none=True)
    unit_id = fields.Integer(dump_only=True, allow_none=True)
    is_manager = fields.Boolean(dump_only=True)


class MeSchema(Schema):
    user = fields.Nested(UserSchema, dump_only=True)
    csrf_token = fields.String(dump_only=True)
