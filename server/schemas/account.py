"""Schemas of the password reset, the invitation and the admin mail list."""

from __future__ import annotations

from marshmallow import fields, validate

from server.mail.compose import KINDS
from server.models.mail import MAIL_STATUSES
from server.schemas.base import Schema

#: The length of a token made by server/services/org/account_tokens.py (43) with room.
TOKEN_LENGTH = validate.Length(min=20, max=100)


class PasswordResetRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(min=3, max=254))


class PasswordResetConfirmSchema(Schema):
    token = fields.String(required=True, validate=TOKEN_LENGTH)
    password = fields.String(required=True, validate=validate.Length(min=10, max=1024))


class AcceptedSchema(Schema):
    status = fields.String(
        dump_only=True, metadata={"description": "always `accepted`, known address or not"}
    )


class InvitationSchema(Schema):
    message_id = fields.Integer(dump_only=True)
    recipient = fields.String(dump_only=True)
    expires_at = fields.AwareDateTime(dump_only=True)


class MailListArgs(Schema):
    status = fields.String(validate=validate.OneOf(MAIL_STATUSES))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class MailMessageSchema(Schema):
    id = fields.Integer(dump_only=True)
    recipient = fields.String(dump_only=True)
    kind = fields.String(dump_only=True, metadata={"enum": list(KINDS)})
    locale = fields.String(dump_only=True)
    subject = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={"enum": list(MAIL_STATUSES)})
    attempts = fields.Integer(dump_only=True)
    last_error = fields.String(dump_only=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True)
    sent_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class MailListSchema(Schema):
    messages = fields.List(fields.Nested(MailMessageSchema), dump_only=True)
    total = fields.Integer(dump_only=True)
