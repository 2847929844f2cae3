"""Schemas of the visit review timers: a report's timer state, the shopper's visits and HR's
list of automatic decisions."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import BilingualText, Id, Schema, StrictFloat


class TimerStepSchema(Schema):
    rule = fields.String(
        required=True,
        metadata={
            "description": "auto_accept_after_hours | escalate_after_hours | "
            "auto_reject_after_hours"
        },
    )
    hours = fields.Float(required=True)
    at = fields.String(required=True, metadata={"format": "date-time"})


class PendingTimerSchema(Schema):
    action = fields.String(required=True, metadata={"description": "accept | escalate | reject"})
    hours = fields.Float(required=True)
    fires_at = fields.String(required=True, metadata={"format": "date-time"})


class VisitTimerSchema(Schema):
    """What the review timers did to a report (steps, decision, escalation) and will do."""

    events = fields.List(fields.Nested(TimerStepSchema), required=True)
    auto_decision = fields.Nested(TimerStepSchema, required=True, allow_none=True)
    escalated_at = fields.String(required=True, allow_none=True)
    pending = fields.Nested(PendingTimerSchema, required=True, allow_none=True)


class ShopperTimerSchema(Schema):
    """The shopper's part: the automatic decision and the timer still running."""

    auto_decision = fields.Nested(TimerStepSchema, required=True, allow_none=True)
    pending = fields.Nested(PendingTimerSchema, required=True, allow_none=True)


class _Ref(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)


class MyVisitSchema(Schema):
    id = fields.Integer(required=True)
    campaign = fields.Nested(_Ref, required=True)
    unit = fields.Nested(_Ref, required=True, allow_none=True)
    window_start = fields.DateTime(required=True, allow_none=True)
    window_end = fields.DateTime(required=True, allow_none=True)
    open = fields.Boolean(required=True)
    outcome = fields.String(
        required=True,
        metadata={
            "description": "scheduled | awaiting_review | approved | returned | "
            "auto_accepted | auto_rejected"
        },
    )
    submitted_at = fields.DateTime(required=True, allow_none=True)
    decided_at = fields.DateTime(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
    timer = fields.Nested(ShopperTimerSchema, required=True, allow_none=True)


class MyVisitListSchema(Schema):
    visits = fields.List(fields.Nested(MyVisitSchema), required=True)


class AutomaticArgs(Schema):
    campaign_id = Id(strict=False)
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


def _hours(minimum: float) -> StrictFloat:
    return StrictFloat(validate=validate.Range(min=minimum, max=24 * 366))


class ReviewTimersSchema(Schema):
    """A campaign's review timers; a key left out takes the Config default (VISIT_*)."""

    review_hours = _hours(0.01)
    review_timeout = fields.String(validate=validate.OneOf(("accept", "escalate", "off")))
    review_reminder_hours = _hours(0)
    resubmit_hours = _hours(0.01)
    resubmit_timeout = fields.String(validate=validate.OneOf(("reject", "off")))
    resubmit_reminder_hours = _hours(0)
