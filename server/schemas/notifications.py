"""Schemas of the inbox, the reminder switch and HR's "who was reminded" list."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import QueryBoolean, Schema, StrictBoolean


class InboxQuerySchema(Schema):
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**6))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    unread_only = QueryBoolean(load_default=False)


class NotificationSchema(Schema):
    """One notification, its words in the reader's language; `link` is a PWA route
    ("/form/42"): the app opens "#/form/42"."""

    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    link = fields.String()
    campaign_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class InboxSchema(Schema):
    notifications = fields.List(fields.Nested(NotificationSchema))
    total = fields.Integer()
    unread = fields.Integer()


class MarkedSchema(Schema):
    marked = fields.Integer()
    unread = fields.Integer()


class NotificationSettingsSchema(Schema):
    """The person's own notification settings."""

    reminder_emails = StrictBoolean(required=True)


class ReminderPersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class ReminderRowSchema(Schema):
    person = fields.Nested(ReminderPersonSchema)
    kind = fields.String()
    days = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    emailed_at = fields.DateTime(allow_none=True)
    email = fields.String()
    email_note = fields.String(allow_none=True)


class ReminderListSchema(Schema):
    reminders = fields.List(fields.Nested(ReminderRowSchema))
