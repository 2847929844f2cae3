"""Response schemas of submissions as HR reviews them: list rows, details, evidence checks."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from server.schemas.base import BilingualText, Schema
from server.schemas.visit_timers import VisitTimerSchema

ANY_JSON = {"description": "Any JSON value (an answer as the form version defines it)"}


def IsoText(**kwargs: Any) -> fields.String:  # noqa: N802 - a field factory
    """An ISO 8601 date-time the service already wrote as text."""
    return fields.String(required=True, allow_none=True, metadata={"format": "date-time"}, **kwargs)


def Number() -> fields.Float:  # noqa: N802 - a field factory
    return fields.Float(required=True, allow_none=True)


class NamedPersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    job_title = fields.String(required=True, allow_none=True)


class UnitRefSchema(Schema):
    id = fields.Integer(required=True)
    name = BilingualText(required=True)
    path = fields.String(required=True)


class EvidenceSummarySchema(Schema):
    distance_m = Number()
    distance_limit_m = Number()
    photos_in_window = fields.Boolean(required=True, allow_none=True)
    duplicate_photos = fields.List(fields.String(), required=True)
    clock_skew_seconds = Number()


class CheckinSchema(Schema):
    ok = fields.Boolean(required=True, allow_none=True)
    reason = fields.String(metadata={"description": "Why the check could not run"})
    distance_m = Number()
    limit_m = fields.Float()
    accuracy_m = fields.Float(allow_none=True)


class PhotoTimeSchema(Schema):
    sha256 = fields.String(required=True)
    question_id = fields.String(required=True)
    captured_at = IsoText()
    inside_window = fields.Boolean(required=True, allow_none=True)


class PhotoTimesSchema(Schema):
    ok = fields.Boolean(required=True, allow_none=True)
    window_start = IsoText()
    window_end = IsoText()
    tolerance_minutes = fields.Float(required=True)
    photos = fields.List(fields.Nested(PhotoTimeSchema), required=True)


class DuplicateSchema(Schema):
    sha256 = fields.String(required=True)
    submission_id = fields.String(required=True)
    assignment_id = fields.Integer(required=True, allow_none=True)


class DuplicatesSchema(Schema):
    ok = fields.Boolean(required=True, allow_none=True)
    matches = fields.List(fields.Nested(DuplicateSchema), required=True)


class ClockSkewSchema(Schema):
    ok = fields.Boolean(required=True, allow_none=True)
    skew_seconds = Number()
    limit_seconds = fields.Float(required=True)


class EvidenceChecksSchema(Schema):
    checkin = fields.Nested(CheckinSchema, required=True)
    photos = fields.Nested(PhotoTimesSchema, required=True)
    duplicates = fields.Nested(DuplicatesSchema, required=True)
    clock_skew = fields.Nested(ClockSkewSchema, required=True)
    flags = fields.List(fields.String(), required=True, metadata={"description": "Failed checks"})


class EvidenceSchema(EvidenceSummarySchema):
    checks = fields.Nested(EvidenceChecksSchema, required=True)


class SubmissionSummarySchema(Schema):
    """One row of the submission list (and a visit's submission)."""

    id = fields.String(required=True)
    campaign_id = fields.Integer(required=True)
    assignment_id = fields.Integer(required=True, allow_none=True)
    relationship = fields.String(required=True)
    status = fields.String(required=True)
    is_late = fields.Boolean(required=True)
    late_accepted = fields.Boolean(required=True)
    received_at = IsoText()
    form_score = Number()
    outcome = fields.String(required=True, allow_none=True)
    critical_failures = fields.List(fields.String(), required=True)
    unit = fields.Nested(UnitRefSchema, required=True, allow_none=True)
    staff = fields.Nested(NamedPersonSchema, required=True, allow_none=True)
    rater = fields.Nested(NamedPersonSchema, required=True, allow_none=True)
    replaces_id = fields.String(required=True, allow_none=True)
    evidence = fields.Nested(EvidenceSummarySchema, required=True, allow_none=True)
    #: Mystery-shop reports: what the review timers did and will do (None for others).
    timer = fields.Nested(VisitTimerSchema, allow_none=True)


class GeoSchema(Schema):
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)
    accuracy = fields.Float(required=True, allow_none=True)
    captured_at = IsoText()


class SubmissionPhotoSchema(Schema):
    sha256 = fields.String(required=True)
    question_id = fields.String(required=True)
    mime_type = fields.String(required=True)
    width = fields.Integer(required=True, allow_none=True)
    height = fields.Integer(required=True, allow_none=True)
    captured_at = IsoText()


class VisitRefSchema(Schema):
    assignment_id = fields.Integer(required=True)
    window_start = IsoText()
    window_end = IsoText()
    scenario = BilingualText(required=True, allow_none=True)


class SubmissionDetailDataSchema(SubmissionSummarySchema):
    """Everything a reviewer needs about one submission (visit fields: mystery shops only)."""

    form_version_id = fields.Integer(required=True)
    form_key = fields.String(required=True, allow_none=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(metadata=ANY_JSON), required=True)
    na = fields.List(fields.String(), required=True)
    started_at = IsoText()
    completed_at = IsoText()
    device_time = IsoText()
    time_skew_seconds = Number()
    geo = fields.Nested(GeoSchema, required=True, allow_none=True)
    section_scores = fields.Dict(
        keys=fields.String(), values=fields.Float(allow_none=True), allow_none=True, required=True
    )
    reported_staff = fields.Nested(NamedPersonSchema, required=True, allow_none=True)
    reviewer = fields.Nested(NamedPersonSchema, required=True, allow_none=True)
    review_reason = fields.String(required=True, allow_none=True)
    reviewed_at = IsoText()
    replaced_by = fields.String(required=True, allow_none=True)
    photos = fields.List(fields.Nested(SubmissionPhotoSchema), required=True)
    evidence = fields.Nested(EvidenceSchema, required=True, allow_none=True)
    visit = fields.Nested(VisitRefSchema, allow_none=True)
    unit_staff = fields.List(fields.Nested(NamedPersonSchema))


class SubmissionListSchema(Schema):
    submissions = fields.List(fields.Nested(SubmissionSummarySchema), required=True)
    total = fields.Integer(required=True)


class SubmissionDetailSchema(Schema):
    submission = fields.Nested(SubmissionDetailDataSchema, required=True)
