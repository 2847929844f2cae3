"""The parts of a review response, field by field (built by server.services.reviews.review
and review_sections): rows, items, gaps, trend, mystery-shop visits, customer figures,
comments and action items. Hidden figures are absent or null, never flagged numbers."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import BilingualText, Schema

DATE = {"format": "date"}


def _float() -> fields.Float:
    return fields.Float(required=True, allow_none=True)


def _text_map(values: fields.Field) -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=values, required=True)


class HiddenReasonSchema(Schema):
    """Why a row is hidden: no_responses, fewer_than (with its threshold k), back_calculation."""

    code = fields.String(required=True)
    k = fields.Integer()


class ScaleRangeSchema(Schema):
    min = fields.Integer(required=True)
    max = fields.Integer(required=True)


class RowCompetencySchema(Schema):
    score = _float()
    n = fields.Integer(required=True)


class ReviewRowSchema(Schema):
    """One rater row (self, supervisor, peer, ..., others, customer, mystery_shopper)."""

    key = fields.String(required=True)
    n = fields.Integer(required=True, allow_none=True, metadata={"description": "null when hidden"})
    threshold = fields.Integer(required=True)
    visible = fields.Boolean(required=True)
    hidden_reason = fields.Nested(HiddenReasonSchema, required=True, allow_none=True)
    form_score = _float()
    competencies = _text_map(fields.Nested(RowCompetencySchema))


class ReviewCompetencySchema(Schema):
    key = fields.String(required=True)
    name = BilingualText(required=True)
    description = BilingualText(required=True, allow_none=True)


class ItemRowSchema(Schema):
    """An item's figures in one shown row."""

    n = fields.Integer(required=True)
    mean = _float()
    mean_100 = _float()
    distribution = fields.Dict(
        keys=fields.String(), values=fields.Integer(), required=True, allow_none=True
    )
    r_wg = _float()
    disagree = fields.Boolean(required=True)


class ReviewItemSchema(Schema):
    id = fields.String(required=True)
    label = BilingualText(required=True)
    section_id = fields.String(required=True)
    competency = fields.String(required=True, allow_none=True)
    type = fields.String(required=True)
    scale = fields.Nested(ScaleRangeSchema, required=True, allow_none=True)
    rows = _text_map(fields.Nested(ItemRowSchema))


class GapFiguresSchema(Schema):
    self_ = fields.Float(required=True, allow_none=True, data_key="self", attribute="self")
    others = _float()
    gap = _float()
    flag = fields.String(required=True, allow_none=True)


class CompetencyGapSchema(GapFiguresSchema):
    key = fields.String(required=True)


class ItemGapSchema(GapFiguresSchema):
    id = fields.String(required=True)
    label = BilingualText(required=True)


class GapsSchema(Schema):
    threshold = fields.Float(required=True)
    competencies = fields.List(fields.Nested(CompetencyGapSchema), required=True)
    items = fields.List(fields.Nested(ItemGapSchema), required=True)


class RankedItemSchema(Schema):
    """A top or bottom item by its others mean."""

    id = fields.String(required=True)
    label = BilingualText(required=True)
    mean_100 = _float()
    n = fields.Integer(required=True)


class PreviousCampaignSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    period_end = fields.String(required=True, metadata=DATE)


class TrendRowSchema(Schema):
    form_score_delta = _float()
    competencies = _text_map(fields.Float(allow_none=True))


class DeltaOrNotComparable(fields.Field):
    """An item's change since the previous campaign, or "not_comparable"."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault(
            "metadata",
            {"oneOf": [{"type": "number"}, {"type": "string", "enum": ["not_comparable"]}]},
        )
        super().__init__(**kwargs)  # type: ignore[arg-type]


class TrendSchema(Schema):
    previous_campaign = fields.Nested(PreviousCampaignSchema, required=True)
    overall_index_delta = _float()
    rows = _text_map(fields.Nested(TrendRowSchema))
    items = _text_map(DeltaOrNotComparable())


class MysteryVisitSectionSchema(Schema):
    id = fields.String(required=True)
    title = BilingualText(required=True)
    score = _float()


class CriticalFailureSchema(Schema):
    id = fields.String(required=True)
    label = BilingualText(required=True, allow_none=True)


class MysteryVisitPhotoSchema(Schema):
    sha256 = fields.String(required=True)
    question_id = fields.String(required=True)
    mime_type = fields.String(required=True)


class MysteryVisitSchema(Schema):
    """One approved mystery-shop visit."""

    submission_id = fields.String(required=True)
    date = fields.String(required=True, metadata=DATE)
    unit = BilingualText(required=True, allow_none=True)
    form_score = _float()
    outcome = fields.String(required=True, allow_none=True)
    sections = fields.List(fields.Nested(MysteryVisitSectionSchema), required=True)
    critical_failures = fields.List(fields.Nested(CriticalFailureSchema), required=True)
    narrative = fields.String(required=True, allow_none=True)
    photos = fields.List(fields.Nested(MysteryVisitPhotoSchema), required=True)


class MysteryMonthSchema(Schema):
    """Visits of one month (of one unit), their mean and pooled score."""

    month = fields.String(required=True)
    visits = fields.Integer(required=True)
    mean = _float()
    pooled = _float()


class MysteryRollupSchema(MysteryMonthSchema):
    unit = BilingualText(required=True, allow_none=True)


class MysteryShopSchema(Schema):
    visible = fields.Boolean(required=True)
    hidden_reason = fields.Nested(HiddenReasonSchema, required=True, allow_none=True)
    visits = fields.List(fields.Nested(MysteryVisitSchema), required=True)
    rollup = fields.List(fields.Nested(MysteryRollupSchema), required=True)


class SatisfactionSchema(Schema):
    mean = _float()
    scale = fields.Nested(ScaleRangeSchema, required=True)


class RecommendationSchema(Schema):
    mean = _float()
    nps = _float()
    n = fields.Integer(required=True)


class CustomerBlockSchema(Schema):
    visible = fields.Boolean(required=True)
    n = fields.Integer(required=True, allow_none=True)
    hidden_reason = fields.Nested(HiddenReasonSchema, required=True, allow_none=True)
    form_score = _float()
    satisfaction = fields.Nested(SatisfactionSchema, required=True, allow_none=True)
    recommendation = fields.Nested(RecommendationSchema, required=True, allow_none=True)


class CommentSchema(Schema):
    question_id = fields.String(required=True)
    question_label = BilingualText(required=True)
    text = fields.String(required=True)


class ReviewActionItemSchema(Schema):
    """An action item from a shown row: the row, the day, never an id."""

    title = BilingualText(required=True)
    status = fields.String(required=True)
    kind = fields.String(required=True)
    question_id = fields.String(required=True, allow_none=True)
    row = fields.String(required=True)
    date = fields.String(required=True, metadata=DATE)


class UnitActionItemSchema(ReviewActionItemSchema):
    subject_id = fields.Integer(required=True, allow_none=True)
