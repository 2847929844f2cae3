"""Schemas of mystery-shop visits, submission review and the HR submission views."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from server.schemas.base import BilingualText, Instant, Schema
from server.schemas.campaigns import Bilingual, Id
from server.schemas.submissions import (
    SubmissionDetailSchema,
    SubmissionListSchema,
    SubmissionSummarySchema,
    UnitRefSchema,
)

__all__ = ["SubmissionDetailSchema", "SubmissionListSchema"]


class VisitCreateSchema(Schema):
    unit_id = Id(required=True)
    shopper_id = Id(required=True)
    window_start = Instant(required=True, default_timezone=UTC)
    window_end = Instant(required=True, default_timezone=UTC)
    scenario = Bilingual(allow_none=True)


class VisitListArgs(Schema):
    status = fields.String(
        validate=validate.OneOf(("scheduled", "awaiting_review", "approved", "rejected"))
    )


class ShopperSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class VisitSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer()
    status = fields.String()
    unit = fields.Nested(UnitRefSchema, allow_none=True)
    shopper = fields.Nested(ShopperSchema, allow_none=True)
    #: null for a visit made without a window (the column is shared with 360 assignments:
    #: an older or imported visit may have none)
    window_start = fields.DateTime(allow_none=True)
    window_end = fields.DateTime(allow_none=True)
    scenario = BilingualText(allow_none=True)
    submission = fields.Nested(SubmissionSummarySchema, allow_none=True)


class VisitListSchema(Schema):
    visits = fields.List(fields.Nested(VisitSchema))


class SubmissionReviewSchema(Schema):
    decision = fields.String(
        required=True, validate=validate.OneOf(("approve", "reject", "correct"))
    )
    reason = fields.String(allow_none=True, validate=validate.Length(max=2000))
    staff_id = Id(allow_none=True)
    #: With decision reject: the questions to look at again (shown marked to the shopper).
    flagged = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        validate=validate.Length(max=500),
    )

    @validates_schema
    def _staff_only_for_correct(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "staff_id" in data and data["decision"] != "correct":
            raise ValidationError("staff_id goes with decision correct.", "staff_id")


class SubmissionListArgs(Schema):
    campaign_id = Id(strict=False)
    relationship = fields.String(
        validate=validate.OneOf(
            ("self", "supervisor", "peer", "subordinate", "customer", "mystery_shopper")
        )
    )
    status = fields.String(validate=validate.OneOf(("received", "approved", "rejected", "late")))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
