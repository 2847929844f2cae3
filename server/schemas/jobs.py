"""Schemas of the job board (issue 16 §1, §4): jobs, applications, conflicts, settings."""

from __future__ import annotations

from datetime import UTC

from marshmallow import fields, validate

from server.schemas.base import BilingualText, Id, Instant, Schema, StrictFloat
from server.schemas.campaigns import Bilingual
from server.schemas.submissions import UnitRefSchema

MONEY = validate.Range(min=0, max=100_000_000)
SCENARIO_KEY = validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _when(**kw: object) -> Instant:
    return Instant(default_timezone=UTC, **kw)


class JobTermsSchema(Schema):
    fee_minor = fields.Integer(required=True, strict=True, validate=MONEY)
    expense_cap_minor = fields.Integer(required=True, strict=True, validate=MONEY)
    currency = fields.String(validate=validate.OneOf(("CNY",)))
    min_rating = StrictFloat(allow_none=True, validate=validate.Range(min=0, max=5))
    certification = fields.String(allow_none=True, validate=SCENARIO_KEY)


class JobPublishSchema(JobTermsSchema):
    unit_id = Id(required=True)
    window_start = _when(required=True)
    window_end = _when(required=True)
    scenario = Bilingual(allow_none=True)


class JobSettingsSchema(Schema):
    mode = fields.String(validate=validate.OneOf(("first_come", "approval")))
    max_per_unit = fields.Integer(strict=True, validate=validate.Range(min=1, max=100))
    cancel_cutoff_hours = fields.Integer(strict=True, validate=validate.Range(min=0, max=720))


class JobSettingsOutSchema(Schema):
    campaign_id = fields.Integer(required=True)
    mode = fields.String(required=True)
    max_per_unit = fields.Integer(required=True)
    cancel_cutoff_hours = fields.Integer(required=True)


class JobBoardArgs(Schema):
    latitude = fields.Float(validate=validate.Range(min=-90, max=90))
    longitude = fields.Float(validate=validate.Range(min=-180, max=180))


class JobTakeSchema(Schema):
    scheduled_at = _when(allow_none=True)


class JobScheduleSchema(Schema):
    scheduled_at = _when(required=True)


class ShopperHomeSchema(Schema):
    latitude = StrictFloat(required=True, validate=validate.Range(min=-90, max=90))
    longitude = StrictFloat(required=True, validate=validate.Range(min=-180, max=180))
    area = fields.String(allow_none=True, validate=validate.Length(max=200))


class ShopperHomeOutSchema(Schema):
    home = fields.Nested(ShopperHomeSchema, required=True, allow_none=True)


class JobPlaceSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    address = fields.String(required=True, allow_none=True)
    latitude = fields.Float(required=True, allow_none=True)
    longitude = fields.Float(required=True, allow_none=True)


class JobQuizSchema(Schema):
    form_key = fields.String(required=True)
    title = BilingualText(required=True)


class JobRequirementsSchema(Schema):
    min_rating = fields.Float(required=True, allow_none=True)
    certification = fields.String(required=True, allow_none=True)
    certification_quiz = fields.Nested(
        JobQuizSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The quiz that certifies the scenario (null: none yet)"},
    )


class JobCampaignRefSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)


class JobOfferSchema(Schema):
    """A job as a shopper sees it."""

    id = fields.Integer(required=True)
    campaign = fields.Nested(JobCampaignRefSchema, required=True)
    unit = fields.Nested(JobPlaceSchema, required=True, allow_none=True)
    window_start = fields.DateTime(required=True, allow_none=True)
    window_end = fields.DateTime(required=True, allow_none=True)
    scenario = BilingualText(required=True, allow_none=True)
    fee_minor = fields.Integer(required=True)
    expense_cap_minor = fields.Integer(required=True)
    currency = fields.String(required=True)
    requirements = fields.Nested(JobRequirementsSchema, required=True)
    mode = fields.String(required=True, metadata={"description": "first_come | approval"})
    distance_m = fields.Integer(allow_none=True)
    unmet = fields.List(
        fields.String(), metadata={"description": "min_rating | certification | unit_limit"}
    )
    applied = fields.Boolean()
    application_id = fields.Integer(
        allow_none=True, metadata={"description": "my pending application (to withdraw it)"}
    )
    scheduled_at = fields.DateTime(allow_none=True)
    cancel_until = fields.DateTime(allow_none=True)
    status = fields.String(
        metadata={"description": "scheduled | awaiting_review | approved | rejected"}
    )


class JobOfferListSchema(Schema):
    jobs = fields.List(fields.Nested(JobOfferSchema), required=True)


class JobPersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class HrJobOfferSchema(Schema):
    id = fields.Integer(required=True)
    unit = fields.Nested(UnitRefSchema, required=True, allow_none=True)
    window_start = fields.DateTime(required=True, allow_none=True)
    window_end = fields.DateTime(required=True, allow_none=True)
    scenario = BilingualText(required=True, allow_none=True)
    fee_minor = fields.Integer(required=True)
    expense_cap_minor = fields.Integer(required=True)
    currency = fields.String(required=True)
    requirements = fields.Nested(JobRequirementsSchema, required=True)
    shopper = fields.Nested(JobPersonSchema, required=True, allow_none=True)
    scheduled_at = fields.DateTime(required=True, allow_none=True)
    open = fields.Boolean(required=True)


class HrJobOfferListSchema(Schema):
    jobs = fields.List(fields.Nested(HrJobOfferSchema), required=True)


class JobRatedShopperSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    rating = fields.Float(required=True, metadata={"description": "0-5 (see docs)"})
    visits = fields.Integer(required=True, metadata={"description": "decided visits"})
    provisional = fields.Boolean(required=True)


class JobApplicationJobSchema(Schema):
    id = fields.Integer(required=True)
    campaign_id = fields.Integer(required=True)
    unit = fields.Nested(JobPlaceSchema, required=True, allow_none=True)
    window_start = fields.DateTime(required=True, allow_none=True)
    window_end = fields.DateTime(required=True, allow_none=True)
    taken = fields.Boolean(required=True)


class JobApplicationSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(
        required=True, metadata={"description": "pending | approved | declined | withdrawn"}
    )
    created_at = fields.DateTime(required=True)
    decided_at = fields.DateTime(required=True, allow_none=True)
    shopper = fields.Nested(JobRatedShopperSchema, required=True)
    job = fields.Nested(JobApplicationJobSchema, required=True)


class JobApplicationListSchema(Schema):
    applications = fields.List(fields.Nested(JobApplicationSchema), required=True)


class JobApplicationArgs(Schema):
    status = fields.String(
        validate=validate.OneOf(("pending", "approved", "declined", "withdrawn"))
    )
    campaign_id = Id(strict=False)


class JobApplicationOutSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)


class JobDecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(("approve", "decline")))


class JobConflictCreateSchema(Schema):
    shopper_id = Id(required=True)
    unit_id = Id(required=True)
    note = fields.String(allow_none=True, validate=validate.Length(max=500))


class JobConflictSchema(Schema):
    id = fields.Integer(required=True)
    shopper = fields.Nested(JobPersonSchema, required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    note = fields.String(required=True, allow_none=True)


class JobConflictListSchema(Schema):
    conflicts = fields.List(fields.Nested(JobConflictSchema), required=True)
