"""Schemas of the closed loop's phone screen (issue 14 §2): an item's detail, its follow-up,
the follow-up options, the customer's contact, and the SLA figures per unit."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.actions import ActionItemSchema
from server.schemas.base import BilingualText, Day, Id, Instant, Schema, StrictBoolean

TEXT = validate.Length(max=2000)


class FollowUpSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("call", "visit")))
    at = Instant(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=TEXT)
    shopper_id = Id(load_default=None, allow_none=True)
    campaign_id = Id(load_default=None, allow_none=True)
    window_end = Instant(load_default=None, allow_none=True)


class FollowUpOutSchema(Schema):
    kind = fields.String()
    at = fields.DateTime()
    visit_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)


class EscalationSchema(Schema):
    stage = fields.String()
    level = fields.Integer()
    at = fields.DateTime()
    recipients = fields.Integer()


class ContactOutSchema(Schema):
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)


class ActionItemDetailSchema(ActionItemSchema):
    followup = fields.Nested(FollowUpOutSchema, allow_none=True)
    escalations = fields.List(fields.Nested(EscalationSchema))
    customer_contact = fields.Nested(ContactOutSchema, allow_none=True)


class ShopperRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class CampaignRefSchema(Schema):
    id = fields.Integer()
    name = BilingualText()


class FollowUpOptionsSchema(Schema):
    shoppers = fields.List(fields.Nested(ShopperRefSchema))
    campaigns = fields.List(fields.Nested(CampaignRefSchema))
    default_campaign_id = fields.Integer(allow_none=True)


class ContactSchema(Schema):
    consent = StrictBoolean(
        required=True,
        validate=validate.Equal(True, error="Consent is needed to keep your contact."),
    )
    name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^[0-9+()\- ]{5,50}$", error="Invalid value."),
    )
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    locale = fields.String(load_default="zh-CN", validate=validate.OneOf(("zh-CN", "en")))


class ContactResultSchema(Schema):
    status = fields.String()


class SlaQuerySchema(Schema):
    campaign_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))
    unit_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))
    since = Day(load_default=None)
    until = Day(load_default=None)


class SlaStageSchema(Schema):
    due = fields.Integer()
    on_time = fields.Integer()
    share = fields.Float(allow_none=True)


class SlaUnitRefSchema(Schema):
    id = fields.Integer()
    name = BilingualText()


class SlaFiguresSchema(Schema):
    """The closed-loop SLA figures of a set of items (reviews.action_sla.figures)."""

    items = fields.Integer()
    closed = fields.Integer()
    open_overdue = fields.Integer()
    median_hours_to_close = fields.Float(allow_none=True)
    stages = fields.Dict(keys=fields.String(), values=fields.Nested(SlaStageSchema))


class SlaUnitSchema(SlaFiguresSchema):
    unit = fields.Nested(SlaUnitRefSchema)


class SlaSchema(Schema):
    units = fields.List(fields.Nested(SlaUnitSchema))
