"""Shapes of the employee's response to a review: acknowledgement and development plan."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import BilingualText, Day, Schema


class AcknowledgeSchema(Schema):
    """Mark the review as read, with an optional comment for the manager and HR."""

    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class GoalInSchema(Schema):
    focus = fields.String(required=True, validate=validate.Length(min=1, max=100))
    goal = fields.String(required=True, validate=validate.Length(min=1, max=300))
    actions = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    due = Day(required=True)
    measure = fields.String(required=True, validate=validate.Length(min=1, max=300))


class PlanInSchema(Schema):
    goals = fields.List(
        fields.Nested(GoalInSchema), required=True, validate=validate.Length(min=1, max=3)
    )


class AcknowledgementSchema(Schema):
    acknowledged_at = fields.String(required=True, metadata={"format": "date-time"})
    comment = fields.String(required=True, allow_none=True)


class GoalSchema(Schema):
    focus = fields.String(required=True)
    label = BilingualText(required=True, allow_none=True)
    goal = fields.String(required=True)
    actions = fields.String(required=True)
    due = fields.String(required=True, metadata={"format": "date"})
    measure = fields.String(required=True)
    baseline = fields.Float(required=True, allow_none=True)


class PreviousGoalSchema(GoalSchema):
    """A goal of the previous campaign's plan with its item's score now and the change."""

    now = fields.Float(required=True, allow_none=True)
    change = fields.Float(required=True, allow_none=True)


class PlanSchema(Schema):
    updated_at = fields.String(required=True, metadata={"format": "date-time"})
    goals = fields.List(fields.Nested(GoalSchema), required=True)


class AcknowledgedSchema(Schema):
    employee_id = fields.Integer(required=True)
    name = fields.String(required=True)
    acknowledged_at = fields.DateTime(required=True)
    comment = fields.String(required=True, allow_none=True)


class AcknowledgedListSchema(Schema):
    acknowledgements = fields.List(fields.Nested(AcknowledgedSchema), required=True)
