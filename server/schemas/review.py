"""Response shapes of the review endpoints (the review dict: notes/REVIEW.md)."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import BilingualText, Schema


class ReviewCampaignSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    kind = fields.String(required=True)
    period_start = fields.String(required=True, metadata={"format": "date"})
    period_end = fields.String(required=True, metadata={"format": "date"})
    status = fields.String(required=True)
    released = fields.Boolean(required=True)
    locale = fields.String(required=True)
    rank_enabled = fields.Boolean(required=True)


class ReviewUnitSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)


class ReviewEmployeeSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    job_title = fields.String(required=True, allow_none=True)
    employee_number = fields.String(required=True, allow_none=True)
    unit = fields.Nested(ReviewUnitSchema, required=True, allow_none=True)


class TeamMemberSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    job_title = fields.String(required=True, allow_none=True)


class RankSchema(Schema):
    rank = fields.Integer(required=True)
    of = fields.Integer(required=True)
    percentile = fields.Float(required=True, allow_none=True)


class RowSummarySchema(Schema):
    """One rater group of a review in a list: its size, visibility and form score."""

    key = fields.String(required=True)
    n = fields.Integer(required=True, allow_none=True, metadata={"description": "null when hidden"})
    visible = fields.Boolean(required=True)
    form_score = fields.Float(required=True, allow_none=True)


class ReviewSchema(Schema):
    """One employee's protected review; nested parts pass through as built."""

    campaign = fields.Nested(ReviewCampaignSchema, required=True)
    employee = fields.Nested(ReviewEmployeeSchema, required=True)
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
    rank = fields.Nested(RankSchema, allow_none=True)
    mystery_shop = fields.Raw()
    customer = fields.Raw()
    comments = fields.Raw()
    action_items = fields.List(fields.Raw())


class ReviewSummarySchema(Schema):
    campaign = fields.Nested(ReviewCampaignSchema, required=True)
    overall_index = fields.Float(allow_none=True)
    index_rows = fields.List(fields.String())
    rank = fields.Nested(RankSchema, allow_none=True)
    rows = fields.List(fields.Nested(RowSummarySchema))


class ReviewListSchema(Schema):
    reviews = fields.List(fields.Nested(ReviewSummarySchema))


class TeamReviewSummarySchema(ReviewSummarySchema):
    employee = fields.Nested(TeamMemberSchema, required=True)


class TeamReviewListSchema(Schema):
    reviews = fields.List(fields.Nested(TeamReviewSummarySchema))


class UnitSummarySchema(Schema):
    campaign = fields.Nested(ReviewCampaignSchema, required=True)
    unit = fields.Nested(ReviewUnitSchema, required=True)
    generated_at = fields.String()
    competency_keys = fields.List(fields.String())
    employees = fields.List(fields.Raw())
    mystery_shop_trend = fields.List(fields.Raw())
    action_items = fields.List(fields.Raw())
