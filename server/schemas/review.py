"""Response shapes of the review endpoints (the review dict: notes/REVIEW.md)."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import Schema


class ReviewSchema(Schema):
    """One employee's protected review; nested parts pass through as built."""

    campaign = fields.Raw(required=True)
    employee = fields.Raw(required=True)
    generated_at = fields.String(required=True)
    rows = fields.List(fields.Raw(), required=True)
    competencies = fields.List(fields.Raw(), required=True)
    items = fields.List(fields.Raw(), required=True)
    overall_index = fields.Float(allow_none=True)
    index_rows = fields.List(fields.String())
    gaps = fields.Raw()
    top_items = fields.List(fields.Raw())
    bottom_items = fields.List(fields.Raw())
    trend = fields.Raw(allow_none=True)
    rank = fields.Raw(allow_none=True)
    mystery_shop = fields.Raw()
    customer = fields.Raw()
    comments = fields.Raw()
    action_items = fields.List(fields.Raw())


class ReviewSummarySchema(Schema):
    campaign = fields.Raw(required=True)
    overall_index = fields.Float(allow_none=True)
    index_rows = fields.List(fields.String())
    rank = fields.Raw(allow_none=True)
    rows = fields.List(fields.Raw())


class ReviewListSchema(Schema):
    reviews = fields.List(fields.Nested(ReviewSummarySchema))


class TeamReviewSummarySchema(ReviewSummarySchema):
    employee = fields.Raw(required=True)


class TeamReviewListSchema(Schema):
    reviews = fields.List(fields.Nested(TeamReviewSummarySchema))


class UnitSummarySchema(Schema):
    campaign = fields.Raw(required=True)
    unit = fields.Raw(required=True)
    generated_at = fields.String()
    competency_keys = fields.List(fields.String())
    employees = fields.List(fields.Raw())
    mystery_shop_trend = fields.List(fields.Raw())
    action_items = fields.List(fields.Raw())
