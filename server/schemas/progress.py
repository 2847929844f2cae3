"""Response schemas of campaign progress: HR's completion figures and a subject's own."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import BilingualText, Schema


class CampaignCountsSchema(Schema):
    """A campaign's `{submitted, total}` in the campaign list."""

    submitted = fields.Integer(required=True)
    total = fields.Integer(required=True)


class FiguresSchema(Schema):
    total = fields.Integer(required=True)
    submitted = fields.Integer(required=True)
    pending = fields.Integer(required=True)
    declined = fields.Integer(required=True)
    rate = fields.Float(required=True, allow_none=True, metadata={"description": "0-1"})


class ProgressUnitSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    path = fields.String(required=True)


class RelationshipFiguresSchema(FiguresSchema):
    relationship = fields.String(required=True)


class UnitFiguresSchema(FiguresSchema):
    unit = fields.Nested(ProgressUnitSchema, required=True, allow_none=True)


class CustomerFiguresSchema(Schema):
    links = fields.Integer(required=True)
    active_links = fields.Integer(required=True)
    responses = fields.Integer(required=True)


class CampaignProgressSchema(FiguresSchema):
    campaign_id = fields.Integer(required=True)
    status = fields.String(required=True)
    by_relationship = fields.List(fields.Nested(RelationshipFiguresSchema), required=True)
    by_unit = fields.List(fields.Nested(UnitFiguresSchema), required=True)
    customer = fields.Nested(CustomerFiguresSchema, required=True, allow_none=True)


class GroupProgressSchema(Schema):
    """`{expected, submitted}`, or `{hidden: true, fewer_than: k}` below the threshold."""

    expected = fields.Integer()
    submitted = fields.Integer()
    hidden = fields.Boolean()
    fewer_than = fields.Integer()


class SubjectTotalSchema(Schema):
    expected = fields.Integer(required=True)
    submitted = fields.Integer(required=True)
    complete = fields.Boolean(required=True)


class SubjectProgressSchema(Schema):
    campaign_id = fields.Integer(required=True)
    relationships = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(GroupProgressSchema),
        required=True,
        metadata={"description": "By relationship; `colleagues` pools the anonymous groups"},
    )
    total = fields.Nested(SubjectTotalSchema, required=True)


class OutstandingPersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    employee_number = fields.String(required=True, allow_none=True)


class OutstandingItemSchema(Schema):
    assignment_id = fields.Integer(required=True)
    relationship = fields.String(required=True)
    due_at = fields.String(required=True, allow_none=True, metadata={"format": "date-time"})
    rater = fields.Nested(OutstandingPersonSchema, required=True, allow_none=True)
    subject = fields.Nested(OutstandingPersonSchema, required=True, allow_none=True)
    unit_id = fields.Integer(required=True, allow_none=True)


class OutstandingSchema(Schema):
    outstanding = fields.List(fields.Nested(OutstandingItemSchema), required=True)
