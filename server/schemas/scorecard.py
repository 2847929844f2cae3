"""Request and response shapes of the scorecard endpoints (issue 18)."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import BilingualText, Day, Schema
from server.services.scorecard.periods import KINDS


class ScorecardArgs(Schema):
    period = fields.String(load_default="month", validate=validate.OneOf(sorted(KINDS)))
    date = Day(load_default=None, metadata={"description": "A day in the period (default: today)."})
    by = fields.String(load_default="unit", validate=validate.OneOf(("unit", "employee")))


class ScorecardExportArgs(ScorecardArgs):
    layout = fields.String(load_default="wide", validate=validate.OneOf(("long", "wide")))


class MyScorecardArgs(Schema):
    period = fields.String(load_default="month", validate=validate.OneOf(sorted(KINDS)))
    date = Day(load_default=None)


class IndicatorDefSchema(Schema):
    key = fields.String(required=True)
    title = BilingualText(required=True)
    weight = fields.Float(required=True)
    measure = fields.String(required=True)
    min_n = fields.Integer(required=True)


class DimensionDefSchema(Schema):
    key = fields.String(required=True)
    title = BilingualText(required=True)
    indicators = fields.List(fields.Nested(IndicatorDefSchema), required=True)


class SourceDefSchema(Schema):
    title = BilingualText(required=True)


class DefinitionsSchema(Schema):
    key = fields.String(required=True)
    title = BilingualText(required=True)
    dimensions = fields.List(fields.Nested(DimensionDefSchema), required=True)
    sources = fields.Dict(
        keys=fields.String(), values=fields.Nested(SourceDefSchema), required=True
    )


class SourceFigureSchema(Schema):
    n = fields.Integer(required=True)
    value = fields.Float(required=True, allow_none=True)


class IndicatorFigureSchema(Schema):
    value = fields.Float(
        required=True, allow_none=True, metadata={"description": "0–100; null: not enough data"}
    )
    n = fields.Integer(required=True)
    sources = fields.Dict(
        keys=fields.String(), values=fields.Nested(SourceFigureSchema), required=True
    )


class ScorecardRowSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(
        required=True, metadata={"description": "The unit's name, or the person's in both"}
    )
    code = fields.String(
        required=True, allow_none=True, metadata={"description": "Employee number, or unit path"}
    )
    score = fields.Float(required=True, allow_none=True)
    previous = fields.Float(required=True, allow_none=True)
    trend = fields.Float(required=True, allow_none=True)
    dimensions = fields.Dict(
        keys=fields.String(), values=fields.Float(allow_none=True), required=True
    )
    indicators = fields.Dict(
        keys=fields.String(), values=fields.Nested(IndicatorFigureSchema), required=True
    )


class PeriodSchema(Schema):
    kind = fields.String(required=True)
    label = fields.String(required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True, metadata={"description": "First day after the period."})


class ScorecardSchema(Schema):
    period = fields.Nested(PeriodSchema, required=True)
    by = fields.String(required=True)
    definitions = fields.Nested(DefinitionsSchema, required=True)
    rows = fields.List(fields.Nested(ScorecardRowSchema), required=True)
    distribution = fields.List(fields.Integer(), required=True, allow_none=True)


class ReviewPeriodSchema(Schema):
    """The period in a review (its dict is JSON as built: dates as ISO strings)."""

    kind = fields.String(required=True)
    label = fields.String(required=True)
    start = fields.String(required=True, metadata={"format": "date"})
    end = fields.String(
        required=True, metadata={"format": "date", "description": "First day after the period."}
    )


class ReviewScorecardSchema(ScorecardSchema):
    """The review's scorecard (server.services.scorecard.review_block)."""

    period = fields.Nested(ReviewPeriodSchema, required=True)
