"""Schemas of the field API: assignments, form versions, sync batches, customer responses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from server.schemas.base import (
    CHECKED_LATER,
    EARLIEST,
    LATEST,
    MAX_ID,
    OUT_OF_CALENDAR,
    BilingualText,
    Schema,
)
from server.schemas.form_document import FormDocumentSchema


class ClientDateTime(fields.DateTime):
    """An ISO datetime from a device, returned aware in UTC (naive = UTC), 2000-2200 only.

    The bounds keep absurd device clocks from overflowing UTC conversion.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        if not EARLIEST <= parsed <= LATEST:
            raise ValidationError(OUT_OF_CALENDAR)
        return parsed.astimezone(UTC)


_id = validate.Range(min=1, max=MAX_ID)
_key = validate.Length(min=1, max=100)


class AnswerMap(fields.Dict):
    """`{question_id: raw value}`; a well-formed map skips per-key field machinery.

    Values are Raw (checked later against the form version), so the only per-key rule
    is the key length: when every key is a 1-100 character string the map is returned
    as is (a sync batch of 50 x 40 answers would otherwise run 2,000 field
    deserialisations); anything else takes marshmallow's path and its error messages.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, dict) and all(
            isinstance(k, str) and 1 <= len(k) <= 100 for k in value
        ):
            return dict(value)
        return super()._deserialize(value, attr, data, **kwargs)


class SyncGeoSchema(Schema):
    lat = fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = fields.Float(required=True, validate=validate.Range(-180, 180))
    accuracy = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 1e7))
    captured_at = ClientDateTime(load_default=None, allow_none=True)


class _SubmissionBase(Schema):
    """Fields shared by the field app's and the customer's submissions."""

    id = fields.UUID(required=True)
    form_version_id = fields.Integer(required=True, strict=True, validate=_id)
    # Answer texts are checked by the answer rules (services.answers: per-question
    # `invalid_characters`, like every other per-question reason), not by the schema.
    answers = AnswerMap(
        keys=fields.String(validate=_key),
        values=fields.Raw(allow_none=True),
        required=True,
        validate=validate.Length(max=500),
        metadata=CHECKED_LATER,
    )
    na = fields.List(
        fields.String(validate=_key), load_default=list, validate=validate.Length(max=500)
    )
    started_at = ClientDateTime(load_default=None, allow_none=True)
    completed_at = ClientDateTime(load_default=None, allow_none=True)
    device_time = ClientDateTime(load_default=None, allow_none=True)
    geo = fields.Nested(SyncGeoSchema, load_default=None, allow_none=True)

    @validates_schema
    def _unique_na(self, data: dict[str, Any], **kwargs: Any) -> None:
        na = data.get("na") or []
        if len(set(na)) != len(na):
            raise ValidationError("Each question may be listed once.", "na")


class SyncSubmissionSchema(_SubmissionBase):
    """One item of POST /api/v1/sync."""

    assignment_id = fields.Integer(required=True, strict=True, validate=_id)
    replaces = fields.UUID(load_default=None, allow_none=True)
    staff_id = fields.Integer(load_default=None, allow_none=True, strict=True, validate=_id)


class CustomerSubmissionSchema(_SubmissionBase):
    """POST /api/v1/public/links/{token}/responses: a submission without an assignment."""

    device = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"\A[A-Za-z0-9_-]{16,64}\Z"),
        metadata={"description": "the customer page's device token (repeat policy)"},
    )


class SyncRequestSchema(Schema):
    # Items are validated one by one by the sync service, so one bad item never
    # turns the whole batch into a 422.
    submissions = fields.List(fields.Raw(allow_none=True), required=True, metadata=CHECKED_LATER)


class SyncErrorDetailsSchema(Schema):
    """`fields` of an invalid item (path or question id -> reason code or message);
    `hashes` a missing_attachments item must upload first; `day` the local day a per-day
    check-in was refused for (already_checked_in, outside_period)."""

    fields_ = fields.Dict(
        keys=fields.String(), values=fields.String(), data_key="fields", attribute="fields"
    )
    hashes = fields.List(fields.String())
    day = fields.String()


class SyncErrorSchema(Schema):
    code = fields.String()
    message = fields.String()
    details = fields.Nested(SyncErrorDetailsSchema)


class SyncResultSchema(Schema):
    id = fields.String(allow_none=True, metadata={"description": "as sent; null if unusable"})
    status = fields.String()
    error = fields.Nested(SyncErrorSchema)


class SyncResponseSchema(Schema):
    results = fields.List(fields.Nested(SyncResultSchema))


class CustomerResultSchema(Schema):
    id = fields.String()
    status = fields.String()


BilingualField = BilingualText


class FieldPersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    job_title = fields.String(allow_none=True)


class FieldCampaignSchema(Schema):
    id = fields.Integer()
    name = BilingualField()
    kind = fields.String()
    status = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()


class FieldUnitSchema(Schema):
    id = fields.Integer()
    name = BilingualField()
    address = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)


class FieldVisitSchema(Schema):
    unit = fields.Nested(FieldUnitSchema)
    window_start = fields.DateTime(allow_none=True)
    window_end = fields.DateTime(allow_none=True)
    scenario = BilingualField(allow_none=True)
    staff = fields.List(fields.Nested(FieldPersonSchema))


class RejectionSchema(Schema):
    """The newest submission of an assignment, rejected by HR: the rater may resubmit.
    It carries the earlier report so the app reopens it with its answers and photos."""

    submission_id = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)
    flagged = fields.List(fields.String(), metadata={"description": "question ids HR marked"})
    form_version_id = fields.Integer()
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    na = fields.List(fields.String())
    started_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    staff_id = fields.Integer(allow_none=True)
    geo = fields.Nested(SyncGeoSchema, allow_none=True)


class DailyStateSchema(Schema):
    """A per-day assignment (the daily self-check): today's local day and whether it is done."""

    day = fields.Date(required=True)
    done = fields.Boolean(required=True)


class FieldAssignmentSchema(Schema):
    id = fields.Integer()
    relationship = fields.String()
    status = fields.String()
    due_at = fields.DateTime(allow_none=True)
    campaign = fields.Nested(FieldCampaignSchema)
    subject = fields.Nested(FieldPersonSchema, allow_none=True)
    form_version_id = fields.Integer()
    form_key = fields.String()
    visit = fields.Nested(FieldVisitSchema, allow_none=True)
    rejected = fields.Nested(RejectionSchema, allow_none=True)
    daily = fields.Nested(DailyStateSchema, allow_none=True)
    #: Many submissions on this assignment (a repeatable form: the supervisor's observations).
    repeatable = fields.Boolean()


class FieldAssignmentListSchema(Schema):
    assignments = fields.List(fields.Nested(FieldAssignmentSchema))


class FieldFormVersionSchema(Schema):
    id = fields.Integer()
    form_key = fields.String()
    version = fields.Integer()
    sha256 = fields.String()
    definition = fields.Nested(FormDocumentSchema)


class PublicCampaignSchema(Schema):
    """Only the id: a campaign's name is internal and never shown to customers."""

    id = fields.Integer(required=True)


class PublicSubjectSchema(Schema):
    name = fields.String(required=True)
    job_title = fields.String(required=True, allow_none=True)


class PublicUnitSchema(Schema):
    name = BilingualText(required=True)


class PublicLinkSchema(Schema):
    campaign = fields.Nested(PublicCampaignSchema, required=True)
    subject = fields.Nested(PublicSubjectSchema, required=True, allow_none=True)
    unit = fields.Nested(PublicUnitSchema, required=True, allow_none=True)
    form_version_id = fields.Integer()
    definition = fields.Nested(FormDocumentSchema)
    locale = fields.String()
    title = BilingualText(required=True, allow_none=True)
    repeat_policy = fields.String(required=True)


class AcceptLateSchema(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True)
    is_late = fields.Boolean(required=True)
    late_accepted = fields.Boolean(required=True)
