"""Response schema of the HR dashboard (server.services.dashboard): closed, every figure
nullable where a unit or cell below the threshold shows "too few responses"."""

from __future__ import annotations

from marshmallow import fields

from server.schemas.base import BilingualText, Schema
from server.schemas.progress import ProgressUnitSchema


class DashCampaignSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    period_start = fields.String(required=True)
    period_end = fields.String(required=True)
    released = fields.Boolean(required=True)
    locale = fields.String(required=True, allow_none=True)
    rank_enabled = fields.Boolean(required=True)


class DashUnitRefSchema(ProgressUnitSchema):
    parent_name = BilingualText(required=True, allow_none=True)


class DashUnitSchema(Schema):
    unit = fields.Nested(DashUnitRefSchema, required=True)
    shown = fields.Boolean(required=True, metadata={"description": "false: too few responses"})
    n = fields.Integer(required=True, allow_none=True)
    index = fields.Float(required=True, allow_none=True)
    rank = fields.Integer(required=True, allow_none=True)


class DashBinSchema(Schema):
    low = fields.Integer(required=True)
    high = fields.Integer(required=True)
    count = fields.Integer(required=True)


class DashCompetencySchema(Schema):
    key = fields.String(required=True)
    name = BilingualText(required=True)


class DashHeatRowSchema(Schema):
    unit = fields.Nested(DashUnitRefSchema, required=True)
    shown = fields.Boolean(required=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True), required=True)


class DashUnitCompletionSchema(Schema):
    unit = fields.Nested(DashUnitRefSchema, required=True, allow_none=True)
    submitted = fields.Integer(required=True)
    total = fields.Integer(required=True)
    rate = fields.Float(required=True, allow_none=True)


class DashCompletionSchema(Schema):
    submitted = fields.Integer(required=True)
    total = fields.Integer(required=True)
    rate = fields.Float(required=True, allow_none=True)
    by_unit = fields.List(fields.Nested(DashUnitCompletionSchema), required=True)


class DashTrendSchema(Schema):
    campaign = fields.Nested(DashCampaignSchema, required=True)
    n = fields.Integer(required=True)
    index = fields.Float(required=True, allow_none=True)


class DashboardSchema(Schema):
    campaign = fields.Nested(DashCampaignSchema, required=True)
    threshold = fields.Integer(required=True)
    units = fields.List(fields.Nested(DashUnitSchema), required=True)
    distribution = fields.List(fields.Nested(DashBinSchema), required=True)
    competencies = fields.List(fields.Nested(DashCompetencySchema), required=True)
    heatmap = fields.List(fields.Nested(DashHeatRowSchema), required=True)
    completion = fields.Nested(DashCompletionSchema, required=True)
    trend = fields.List(fields.Nested(DashTrendSchema), required=True)
