"""Marshmallow schema of the scorecard file `forms/indicators.yaml` (issue 18).

The file has three parts:
- `sources`: where observations come from — each names the forms whose tagged questions
  feed it (`forms: [mystery-shop-store]`);
- `indicators`: each a level-2 indicator, with how it is measured (`rate`: the share of
  counted answers that pass; `mean`: the mean on 0–100; `duration`: the share of values
  within `target`), the weight of each source (`sources: {mystery_shop: 1, observation: 1}`;
  `pooled: true` counts every answer alike instead), and `min_n`, below which the indicator
  is "not enough data";
- `scorecard`: level-1 dimensions grouping indicators with their weights in per cent; one
  weight may be `rest`, the remainder to 100.

Cross-part rules (known references, weights adding up) are in
`server.services.scorecard.definitions`, so their messages never pile onto broken fields.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from server.schemas.base import Schema
from server.schemas.form_definition import ID_PATTERN, KEY_PATTERN, I18nText

MEASURES = ("rate", "mean", "duration")


def _i18n(**kwargs: Any) -> fields.Nested:
    return fields.Nested(I18nText, **kwargs)


class Weight(fields.Field):
    """A weight in per cent (0 < w <= 100) or the word `rest`."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> float | str:
        if value == "rest":
            return "rest"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Must be a number or rest.")
        if not 0 < value <= 100:
            raise ValidationError("Must be greater than 0 and at most 100.")
        return float(value)


#: Sources computed by the product rather than read from forms: `action_items`, the hours
#: from an action item's opening to its close (a duration indicator's values).
BUILTINS = ("action_items",)


class SourceSchema(Schema):
    title = _i18n(required=True)
    forms = fields.List(
        fields.String(validate=validate.Regexp(KEY_PATTERN)), validate=validate.Length(min=1)
    )
    builtin = fields.String(validate=validate.OneOf(BUILTINS))

    @validates_schema
    def _one_origin(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("forms" in data) == ("builtin" in data):
            raise ValidationError("Give either forms or builtin.")


class IndicatorSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(ID_PATTERN))
    title = _i18n(required=True)
    measure = fields.String(required=True, validate=validate.OneOf(MEASURES))
    #: rate: an answer passes when 100·s reaches this (yes/no: 100; a 4 on 1–5: 75).
    pass_at = fields.Float(validate=validate.Range(min=0, max=100))
    #: duration: a value (in the question's unit) passes when at most this.
    target = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    sources = fields.Dict(
        keys=fields.String(validate=validate.Regexp(ID_PATTERN)),
        values=fields.Float(validate=validate.Range(min=0, min_inclusive=False)),
        required=True,
        validate=validate.Length(min=1),
    )
    pooled = fields.Boolean()
    min_n = fields.Integer(validate=validate.Range(min=1, max=10_000))


class DimensionSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(ID_PATTERN))
    title = _i18n(required=True)
    indicators = fields.Dict(
        keys=fields.String(validate=validate.Regexp(ID_PATTERN)),
        values=Weight(),
        required=True,
        validate=validate.Length(min=1),
    )


class ScorecardSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(KEY_PATTERN))
    title = _i18n(required=True)
    dimensions = fields.List(
        fields.Nested(DimensionSchema), required=True, validate=validate.Length(min=1)
    )


class IndicatorFileSchema(Schema):
    sources = fields.Dict(
        keys=fields.String(validate=validate.Regexp(ID_PATTERN)),
        values=fields.Nested(SourceSchema),
        required=True,
        validate=validate.Length(min=1),
    )
    indicators = fields.List(
        fields.Nested(IndicatorSchema), required=True, validate=validate.Length(min=1)
    )
    scorecard = fields.Nested(ScorecardSchema, required=True)
