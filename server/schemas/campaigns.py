"""Schemas of campaigns, assignments, nominations, progress and customer links."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema
from werkzeug.http import http_date

from server.models.campaign import CAMPAIGN_KINDS, CAMPAIGN_STATUSES, RELATIONSHIPS
from server.schemas.base import (
    BILINGUAL_KEYS,
    BilingualText,
    Day,
    Id,
    Instant,
    Schema,
    StrictBoolean,
    StrictFloat,
)
from server.schemas.progress import CampaignCountsSchema
from server.schemas.visit_timers import ReviewTimersSchema


class Bilingual(fields.Dict):
    """{"en": "...", "zh-CN": "..."}: both languages required, non-empty."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        if set(result) != set(BILINGUAL_KEYS) or not all(
            isinstance(v, str) and v.strip() and len(v) <= 200 for v in result.values()
        ):
            raise ValidationError("Give both en and zh-CN (1-200 characters).")
        return {k: v.strip() for k, v in result.items()}


class _CampaignFields(Schema):
    name = Bilingual()
    period_start = Day()
    period_end = Day()
    forms = fields.Dict(keys=fields.String(validate=validate.OneOf(RELATIONSHIPS)), values=Id())
    critical_policy = fields.String(
        allow_none=True, validate=validate.OneOf(("section_zero", "form_zero", "flag_only"))
    )
    anonymity_thresholds = fields.Dict(keys=fields.String(), values=fields.Integer(strict=True))
    group_weights = fields.Dict(keys=fields.String(), values=StrictFloat())
    action_due_hours = fields.Dict(keys=fields.String(), values=StrictFloat())
    review_timers = fields.Nested(ReviewTimersSchema, allow_none=True)
    report_locale = fields.String(validate=validate.OneOf(("zh-CN", "en")))
    manager_visibility = StrictBoolean()
    rank_enabled = StrictBoolean()
    gap_threshold = StrictFloat(validate=validate.Range(min=0, max=100))
    #: Days before the due day on which pending tasks are reminded (0: on the day); null:
    #: the default [3, 0]; [] : no reminders.
    reminder_days = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=0, max=60)),
        allow_none=True,
        validate=validate.Length(max=10),
    )
    peer_selection = fields.String(validate=validate.OneOf(("automatic", "nomination")))
    peer_min = fields.Integer(strict=True, validate=validate.Range(min=0, max=50))
    peer_max = fields.Integer(strict=True, validate=validate.Range(min=0, max=50))


class CampaignCreateSchema(_CampaignFields):
    name = Bilingual(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CAMPAIGN_KINDS))
    period_start = Day(required=True)
    period_end = Day(required=True)


class CampaignUpdateSchema(_CampaignFields):
    kind = fields.String(validate=validate.OneOf(CAMPAIGN_KINDS))


class CampaignSchema(Schema):
    id = fields.Integer()
    name = BilingualText()
    kind = fields.String()
    status = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    forms = fields.Dict(keys=fields.String(), values=fields.Integer())
    critical_policy = fields.String(allow_none=True)
    anonymity_thresholds = fields.Dict(keys=fields.String(), values=fields.Integer())
    group_weights = fields.Dict(keys=fields.String(), values=fields.Float())
    action_due_hours = fields.Dict(keys=fields.String(), values=fields.Float())
    review_timers = fields.Nested(ReviewTimersSchema, allow_none=True)
    report_locale = fields.String()
    manager_visibility = fields.Boolean()
    rank_enabled = fields.Boolean()
    gap_threshold = fields.Float()
    reminder_days = fields.List(fields.Integer(), allow_none=True)
    peer_selection = fields.String()
    peer_min = fields.Integer()
    peer_max = fields.Integer()
    created_at = fields.DateTime()
    opened_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    released_at = fields.DateTime(allow_none=True)
    progress = fields.Nested(CampaignCountsSchema, allow_none=True)


class CampaignListArgs(Schema):
    status = fields.String(validate=validate.OneOf(CAMPAIGN_STATUSES))
    kind = fields.String(validate=validate.OneOf(CAMPAIGN_KINDS))


class CampaignListSchema(Schema):
    campaigns = fields.List(fields.Nested(CampaignSchema))


class GenerateArgs(Schema):
    unit_id = Id()


class GenerateResultSchema(Schema):
    created = fields.Integer()
    subjects = fields.Integer()
    by_relationship = fields.Dict(keys=fields.String(), values=fields.Integer())
    below_min = fields.List(fields.Integer())


class PersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    employee_number = fields.String(allow_none=True)
    job_title = fields.String(allow_none=True)


class HrAssignmentSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer()
    relationship = fields.String()
    status = fields.String()
    rater = fields.Nested(PersonSchema, allow_none=True)
    subject = fields.Nested(PersonSchema, allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    form_version_id = fields.Integer()
    due_at = fields.DateTime(allow_none=True)
    visit_window_start = fields.DateTime(allow_none=True)
    visit_window_end = fields.DateTime(allow_none=True)
    scenario = BilingualText(allow_none=True)


class AssignmentListArgs(Schema):
    relationship = fields.String(validate=validate.OneOf(RELATIONSHIPS))
    status = fields.String(validate=validate.OneOf(("pending", "submitted", "declined")))
    rater_id = Id(strict=False)
    subject_id = Id(strict=False)
    unit_id = Id(strict=False)


class HrAssignmentListSchema(Schema):
    assignments = fields.List(fields.Nested(HrAssignmentSchema))


class AssignmentCreateSchema(Schema):
    relationship = fields.String(required=True, validate=validate.OneOf(RELATIONSHIPS))
    rater_id = Id(required=True)
    subject_id = Id(required=True)
    due_at = Instant(default_timezone=UTC)


class AssignmentUpdateSchema(Schema):
    rater_id = Id()
    due_at = Instant(default_timezone=UTC)

    @validates_schema
    def _not_empty(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError("Give rater_id and/or due_at.")


class NominationSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer()
    subject = fields.Nested(PersonSchema)
    nominee = fields.Nested(PersonSchema)
    status = fields.String()
    decided_by_id = fields.Integer(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class NominationListSchema(Schema):
    nominations = fields.List(fields.Nested(NominationSchema))
    peer_min = fields.Integer()
    peer_max = fields.Integer()


class NominationListArgs(Schema):
    subject_id = Id(strict=False)


class NominateSchema(Schema):
    nominee_ids = fields.List(Id(), required=True, validate=validate.Length(max=50))
    subject_id = Id()


class HttpDate(fields.Field):
    """A date or time as an HTTP date ("Tue, 01 Dec 2026 00:00:00 GMT"): the format
    GET /me/nominations has always sent (Flask's JSON default), kept unchanged."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(metadata={"type": "string", "description": "HTTP date"}, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else http_date(value)


class NominationCampaignSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    status = fields.String(required=True)
    period_start = HttpDate(required=True)
    period_end = HttpDate(required=True)


class MyNominationSchema(NominationSchema):
    decided_at = HttpDate(allow_none=True)  # type: ignore[assignment]  # other format


class MyCampaignNominationsSchema(Schema):
    campaign = fields.Nested(NominationCampaignSchema, required=True)
    peer_min = fields.Integer(required=True)
    peer_max = fields.Integer(required=True)
    nominations = fields.List(fields.Nested(MyNominationSchema), required=True)
    to_decide = fields.List(fields.Nested(MyNominationSchema), required=True)


class MyNominationsSchema(Schema):
    campaigns = fields.List(fields.Nested(MyCampaignNominationsSchema), required=True)


class CandidateListSchema(Schema):
    candidates = fields.List(fields.Nested(PersonSchema))


class ProgressArgs(Schema):
    relationship = fields.String(validate=validate.OneOf(RELATIONSHIPS))
    unit_id = Id(strict=False)


class LinkIssueSchema(Schema):
    per = fields.String(load_default="employee", validate=validate.OneOf(("employee", "unit")))
    unit_id = Id()
    unit_ids = fields.List(Id())
    subject_ids = fields.List(Id())


class LinkSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer()
    token = fields.String()
    url = fields.String()
    subject = fields.Nested(PersonSchema, allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    active = fields.Boolean()
    response_count = fields.Integer()
    created_at = fields.DateTime()
    repeat_policy = fields.String()
    public_title = BilingualText(allow_none=True)


class LinkListSchema(Schema):
    links = fields.List(fields.Nested(LinkSchema))


#: What the OpenAPI document promises a public title looks like (the field checks more).
TITLE_PATTERN = r"^[A-Za-z0-9\u4e00-\u9fff][ -~\u4e00-\u9fff]{0,99}$"


class LinkUpdateSchema(Schema):
    """Any of: active, repeat_policy (unlimited | daily | once), public_title ({en, zh-CN}
    shown as the customer page's heading; null: the unit's name). An empty body changes
    nothing."""

    active = StrictBoolean()
    repeat_policy = fields.String(validate=validate.OneOf(("unlimited", "daily", "once")))
    public_title = Bilingual(
        allow_none=True,
        metadata={
            "type": "object",
            "required": list(BILINGUAL_KEYS),
            "additionalProperties": False,
            "properties": {
                key: {"type": "string", "pattern": TITLE_PATTERN} for key in BILINGUAL_KEYS
            },
        },
    )
