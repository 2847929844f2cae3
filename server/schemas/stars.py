"""Shapes of the service-star and league endpoints (closed: unknown fields are refused)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from server.schemas.base import BilingualText, Schema
from server.services.stars import periods

PERIOD = validate.Regexp(r"\A(19|20|21)\d\d-(0[1-9]|1[0-2]|Q[1-4])\Z")
UNIT_KINDS = ("company", "region", "branch", "team")


class StarUnitSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    kind = fields.String(required=True)
    parent_name = BilingualText(required=True, allow_none=True)


class StarPersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    job_title = fields.String(required=True, allow_none=True)


class StaffStarPersonSchema(StarPersonSchema):
    employee_number = fields.String(required=True, allow_none=True)


class OwnStarSchema(Schema):
    period = fields.String(required=True)
    unit = fields.Nested(StarUnitSchema, required=True)
    rank = fields.Integer(required=True)


class TeamStarSchema(OwnStarSchema):
    employee = fields.Nested(StarPersonSchema, required=True)


class StaffStarSchema(OwnStarSchema):
    score = fields.Float(required=True)
    n = fields.Integer(required=True)
    employee = fields.Nested(StaffStarPersonSchema, required=True)


class OwnStarListSchema(Schema):
    stars = fields.List(fields.Nested(OwnStarSchema), required=True)


class TeamStarListSchema(Schema):
    stars = fields.List(fields.Nested(TeamStarSchema), required=True)


class StaffStarListSchema(Schema):
    periods = fields.List(fields.String(), required=True)
    stars = fields.List(fields.Nested(StaffStarSchema), required=True)


class StarQuerySchema(Schema):
    period = fields.String(validate=PERIOD)
    unit_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))


class StarExportQuerySchema(Schema):
    """The payroll export's range: periods from `from` to `to` (each optional, inclusive)."""

    first = fields.String(data_key="from", validate=PERIOD)
    last = fields.String(data_key="to", validate=PERIOD)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        first, last = data.get("first"), data.get("last")
        if first and last and periods.bounds(first)[0] > periods.bounds(last)[1]:
            raise ValidationError("The first period must not be after the last.", "to")


class LeagueQuerySchema(Schema):
    period = fields.String(validate=PERIOD)
    kind = fields.String(validate=validate.OneOf(UNIT_KINDS))


class LeagueUnitSchema(StarUnitSchema):
    path = fields.String(required=True)


class LeagueRowSchema(Schema):
    unit = fields.Nested(LeagueUnitSchema, required=True)
    score = fields.Float(required=True)
    employees = fields.Integer(required=True)
    rank = fields.Integer(required=True)
    previous_period = fields.String(required=True, allow_none=True)
    previous_score = fields.Float(required=True, allow_none=True)
    trend = fields.String(required=True, allow_none=True)


class LeagueSchema(Schema):
    period = fields.String(required=True, allow_none=True)
    periods = fields.List(fields.String(), required=True)
    units = fields.List(fields.Nested(LeagueRowSchema), required=True)


class UnitStarSchema(Schema):
    name = fields.String(required=True)
    job_title = fields.String(required=True, allow_none=True)
    rank = fields.Integer(required=True)
    score = fields.Float(required=True)
    n = fields.Integer(required=True)


class UnitStarPeriodSchema(Schema):
    """A period of the unit summary's stars block: the unit's stars and league line."""

    period = fields.String(required=True)
    stars = fields.List(fields.Nested(UnitStarSchema), required=True)
    league = fields.Nested(LeagueRowSchema, required=True, allow_none=True)
