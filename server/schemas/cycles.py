"""Schemas of recurring cycles: campaign templates, the self-check month grid, completion."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import ValidationError, fields, validate

from server.messages import N_
from server.models.campaign import CAMPAIGN_KINDS, RELATIONSHIPS
from server.models.cycle import RECURRENCES, TEMPLATE_STATUSES
from server.schemas.base import Day, Id, Schema, StrictBoolean
from server.schemas.campaigns import Bilingual

#: Marked for extraction: raised as a plain string below (see server/msgids.py).
MONTH_MESSAGE = N_("Give a month as YYYY-MM.")


class Month(fields.Field):
    """A month as YYYY-MM, loaded as its first day (2000-2200)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str):
            raise ValidationError("Give a month as YYYY-MM.")
        text = value
        try:
            year, month = (int(p) for p in text.split("-"))
            first = date(year, month, 1)
        except ValueError as exc:
            raise ValidationError("Give a month as YYYY-MM.") from exc
        if not 2000 <= year <= 2200 or len(text) != 7:
            raise ValidationError("Give a month as YYYY-MM.")
        return first


class TemplateSettingsSchema(Schema):
    units = fields.List(Id(), validate=validate.Length(max=500))
    shoppers = fields.List(Id(), validate=validate.Length(max=100))
    scenario = fields.Dict(
        keys=fields.String(validate=validate.OneOf(("en", "zh-CN"))),
        values=fields.String(validate=validate.Length(max=500)),
    )
    per = fields.String(validate=validate.OneOf(("employee", "unit")))
    unit_ids = fields.List(Id(), validate=validate.Length(max=500))
    manager_visibility = StrictBoolean()


class _TemplateFields(Schema):
    name = Bilingual()
    forms = fields.Dict(
        keys=fields.String(validate=validate.OneOf(RELATIONSHIPS)),
        values=fields.String(validate=validate.Length(min=1, max=100)),
    )
    end_date = Day(allow_none=True)
    window_days = fields.Integer(
        strict=True, allow_none=True, validate=validate.Range(min=1, max=366)
    )
    due_days_before_end = fields.Integer(strict=True, validate=validate.Range(min=0, max=365))
    per_day = StrictBoolean()
    timezone = fields.String(validate=validate.Length(min=1, max=64))
    unit_id = Id(allow_none=True)
    settings = fields.Nested(TemplateSettingsSchema)


class TemplateCreateSchema(_TemplateFields):
    name = Bilingual(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CAMPAIGN_KINDS))
    forms = fields.Dict(
        required=True,
        keys=fields.String(validate=validate.OneOf(RELATIONSHIPS)),
        values=fields.String(validate=validate.Length(min=1, max=100)),
    )
    recurrence = fields.String(required=True, validate=validate.OneOf(RECURRENCES))
    start_date = Day(required=True)


class TemplateUpdateSchema(_TemplateFields):
    start_date = Day()
    recurrence = fields.String(validate=validate.OneOf(RECURRENCES))


class CyclePeriodSchema(Schema):
    period_start = fields.Date()
    period_end = fields.Date()
    campaign_id = fields.Integer(allow_none=True)


class TemplateSchema(Schema):
    id = fields.Integer()
    name = fields.Dict(keys=fields.String(), values=fields.String())
    kind = fields.String()
    forms = fields.Dict(keys=fields.String(), values=fields.String())
    recurrence = fields.String()
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)
    window_days = fields.Integer(allow_none=True)
    due_days_before_end = fields.Integer()
    per_day = fields.Boolean()
    timezone = fields.String()
    unit_id = fields.Integer(allow_none=True)
    settings = fields.Nested(TemplateSettingsSchema)
    status = fields.String(validate=validate.OneOf(TEMPLATE_STATUSES))
    next_period = fields.Nested(CyclePeriodSchema, allow_none=True)
    periods = fields.List(fields.Nested(CyclePeriodSchema))


class TemplateListSchema(Schema):
    templates = fields.List(fields.Nested(TemplateSchema))


class CycleMonthArgs(Schema):
    month = Month()


class CheckinCellSchema(Schema):
    day = fields.Date()
    score = fields.Float(allow_none=True)
    outcome = fields.String(allow_none=True)


class CyclePersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    job_title = fields.String(allow_none=True)


class SelfCheckRowSchema(Schema):
    person = fields.Nested(CyclePersonSchema)
    days = fields.List(fields.Nested(CheckinCellSchema))
    current_streak = fields.Integer()
    longest_streak = fields.Integer()


class SelfCheckGridSchema(Schema):
    month = fields.Date()
    first = fields.Date()
    last = fields.Date()
    today = fields.Date()
    rows = fields.List(fields.Nested(SelfCheckRowSchema))


class CycleUnitSchema(Schema):
    id = fields.Integer()
    name = fields.Dict(keys=fields.String(), values=fields.String())
    path = fields.String()


class UnitSelfCheckSchema(Schema):
    unit = fields.Nested(CycleUnitSchema, allow_none=True)
    people = fields.Integer()
    expected = fields.Integer()
    done = fields.Integer()
    rate = fields.Float(allow_none=True)
    average_current_streak = fields.Float()
    longest_streak = fields.Integer()


class SelfCheckCompletionSchema(Schema):
    month = fields.Date()
    today = fields.Date()
    units = fields.List(fields.Nested(UnitSelfCheckSchema))
