"""Schemas of the closed-loop action items."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import BilingualText, QueryBoolean, Schema

ACTIONS = ("acknowledge", "respond", "plan", "close")
STATUSES = ("open", "acknowledged", "responded", "planned", "closed")


class ActionItemQuerySchema(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    unit_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    campaign_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    overdue = QueryBoolean()
    limit = fields.Integer(load_default=200, validate=validate.Range(1, 1000))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10**6))


class ActionItemUpdateSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    note = fields.String(
        load_default=None,
        allow_none=True,
        validate=[
            validate.Length(max=5000),
            validate.Regexp(r"^[^\x00]*$", error="NUL not allowed."),
        ],
    )
    #: The solution offered, beside the response/apology in `note` (action respond).
    solution = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    #: sha256 of a photo uploaded through PUT /attachments (action close).
    photo = fields.String(
        load_default=None, allow_none=True, validate=validate.Regexp(r"^[0-9a-f]{64}$")
    )


class ActionUnitRefSchema(Schema):
    """The unit an item concerns."""

    id = fields.Integer()
    name = BilingualText()


class ActionPersonRefSchema(Schema):
    """The person an item concerns, or its owner."""

    id = fields.Integer()
    name = fields.String()


class ActionNoteFollowUpSchema(Schema):
    kind = fields.String()
    at = fields.String()
    visit_id = fields.Integer(allow_none=True)


class ActionNoteSchema(Schema):
    at = fields.String()
    by = fields.Integer(allow_none=True)
    by_name = fields.String(allow_none=True)
    action = fields.String()
    text = fields.String()
    solution = fields.String()
    photo = fields.String()
    followup = fields.Nested(ActionNoteFollowUpSchema)


class ActionDueSchema(Schema):
    ack = fields.DateTime()
    response = fields.DateTime()
    plan = fields.DateTime()
    followup = fields.DateTime()


class ActionItemSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer(allow_none=True)
    submission_id = fields.String(allow_none=True)
    kind = fields.String()
    question_id = fields.String(allow_none=True)
    title = BilingualText()
    status = fields.String()
    unit = fields.Nested(ActionUnitRefSchema, allow_none=True)
    subject = fields.Nested(ActionPersonRefSchema, allow_none=True)
    owner = fields.Nested(ActionPersonRefSchema, allow_none=True)
    due = fields.Nested(ActionDueSchema)
    acknowledged_at = fields.DateTime(allow_none=True)
    responded_at = fields.DateTime(allow_none=True)
    planned_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    overdue = fields.Boolean()
    overdue_stages = fields.List(fields.String())
    notes = fields.List(fields.Nested(ActionNoteSchema))
    created_at = fields.DateTime()


class ActionItemListSchema(Schema):
    action_items = fields.List(fields.Nested(ActionItemSchema))
