"""Response shapes of the review endpoints (the review dict: notes/REVIEW.md)."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.action_loop import SlaFiguresSchema
from server.schemas.base import BilingualText, Schema
from server.schemas.review_parts import (
    CommentSchema,
    CustomerBlockSchema,
    GapsSchema,
    MysteryMonthSchema,
    MysteryShopSchema,
    RankedItemSchema,
    ReviewActionItemSchema,
    ReviewCompetencySchema,
    ReviewItemSchema,
    ReviewRowSchema,
    TrendSchema,
    UnitActionItemSchema,
)
from server.schemas.review_response import (
    AcknowledgementSchema,
    PlanSchema,
    PreviousGoalSchema,
)
from server.schemas.scorecard import ReviewScorecardSchema
from server.schemas.stars import UnitStarPeriodSchema


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
    """One employee's protected review (parts: server.schemas.review_parts)."""

    campaign = fields.Nested(ReviewCampaignSchema, required=True)
    employee = fields.Nested(ReviewEmployeeSchema, required=True)
    generated_at = fields.String(required=True, metadata={"format": "date"})
    rows = fields.List(fields.Nested(ReviewRowSchema), required=True)
    competencies = fields.List(fields.Nested(ReviewCompetencySchema), required=True)
    items = fields.List(fields.Nested(ReviewItemSchema), required=True)
    overall_index = fields.Float(allow_none=True)
    index_rows = fields.List(fields.String())
    gaps = fields.Nested(GapsSchema)
    top_items = fields.List(fields.Nested(RankedItemSchema))
    bottom_items = fields.List(fields.Nested(RankedItemSchema))
    trend = fields.Nested(TrendSchema, allow_none=True)
    rank = fields.Nested(RankSchema, allow_none=True)
    mystery_shop = fields.Nested(MysteryShopSchema)
    customer = fields.Nested(CustomerBlockSchema)
    comments = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(CommentSchema)))
    action_items = fields.List(fields.Nested(ReviewActionItemSchema))
    acknowledgement = fields.Nested(AcknowledgementSchema, allow_none=True)
    plan = fields.Nested(PlanSchema, allow_none=True)
    previous_plan = fields.List(fields.Nested(PreviousGoalSchema))
    asked = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "per row: competency keys and item ids its forms ask"},
    )
    scorecard = fields.Nested(
        ReviewScorecardSchema,
        allow_none=True,
        metadata={"description": "the employee's scorecard in the campaign's calendar period"},
    )


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


class UnitEmployeeSchema(Schema):
    """A unit member's line in the unit summary: index, rank, row scores, others' scores."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    job_title = fields.String(required=True, allow_none=True)
    employee_number = fields.String(required=True, allow_none=True)
    overall_index = fields.Float(required=True, allow_none=True)
    rank = fields.Nested(RankSchema, required=True, allow_none=True)
    rows = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True), required=True)
    competencies = fields.Dict(
        keys=fields.String(), values=fields.Float(allow_none=True), required=True
    )


class UnitSummarySchema(Schema):
    campaign = fields.Nested(ReviewCampaignSchema, required=True)
    unit = fields.Nested(ReviewUnitSchema, required=True)
    generated_at = fields.String(metadata={"format": "date"})
    competency_keys = fields.List(fields.String())
    employees = fields.List(fields.Nested(UnitEmployeeSchema))
    mystery_shop_trend = fields.List(fields.Nested(MysteryMonthSchema))
    action_items = fields.List(fields.Nested(UnitActionItemSchema))
    stars = fields.List(fields.Nested(UnitStarPeriodSchema))
    action_sla = fields.Nested(SlaFiguresSchema)  # the closed-loop SLA (issue 14 §2)
