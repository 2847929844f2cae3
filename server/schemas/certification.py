"""Schemas of certification (issue 16 §2): the quiz as served (no correct answers), an
attempt and its result, the shopper's overview and HR's list of holders."""

from __future__ import annotations

from marshmallow import fields, validate

from server.schemas.base import CHECKED_LATER, BilingualText, Id, Schema
from server.schemas.form_document import FormDocumentSchema
from server.schemas.quiz_definition import SCENARIO_PATTERN
from server.schemas.sync import AnswerMap

_when = {"format": "date-time"}


class QuizSchema(Schema):
    """A quiz as the shopper's app gets it: its definition without the correct answers."""

    form_key = fields.String(required=True)
    form_version_id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    definition = fields.Nested(FormDocumentSchema, required=True)


class AttemptRequestSchema(Schema):
    """POST /me/quiz-attempts: the quiz version answered (the current version of a quiz
    form, from GET /me/certification) and the answers ({question_id: value})."""

    form_version_id = Id(required=True)
    # Checked by the form's answer rules (type, option, required, invalid_characters).
    answers = AnswerMap(
        keys=fields.String(validate=validate.Length(min=1, max=100)),
        values=fields.Raw(allow_none=True),
        required=True,
        validate=validate.Length(max=200),
        metadata=CHECKED_LATER,
    )


class QuizAttemptSchema(Schema):
    """A scored attempt: score (percentage), pass mark, and which questions were wrong."""

    id = fields.Integer(required=True)
    form_key = fields.String(required=True)
    scenario = fields.String(required=True)
    score = fields.Float(required=True)
    pass_mark = fields.Integer(required=True)
    passed = fields.Boolean(required=True)
    correct = fields.Integer(required=True)
    total = fields.Integer(required=True)
    wrong = fields.List(fields.String(), required=True)
    submitted_at = fields.DateTime(required=True)


class AttemptResultSchema(QuizAttemptSchema):
    """The answer to an attempt: the result and, after a failure, when a retry is allowed."""

    retry_at = fields.DateTime(required=True, allow_none=True)


class QuizStateSchema(Schema):
    form_key = fields.String(required=True)
    form_version_id = fields.Integer(required=True)
    title = BilingualText(required=True)
    description = BilingualText(required=True, allow_none=True)
    scenario = fields.String(required=True)
    pass_mark = fields.Integer(required=True)
    retry_after_hours = fields.Integer(required=True)
    questions = fields.Integer(required=True)
    state = fields.String(
        required=True, metadata={"description": "certified | not_certified | wait"}
    )
    certified_at = fields.DateTime(required=True, allow_none=True)
    retry_at = fields.DateTime(required=True, allow_none=True, metadata=_when)
    last_attempt = fields.Nested(QuizAttemptSchema, required=True, allow_none=True)


class PassSchema(Schema):
    scenario = fields.String(required=True)
    score = fields.Float(required=True)
    passed_at = fields.DateTime(required=True)


class MyCertificationSchema(Schema):
    quizzes = fields.List(fields.Nested(QuizStateSchema), required=True)
    certifications = fields.List(fields.Nested(PassSchema), required=True)
    attempts = fields.List(fields.Nested(QuizAttemptSchema), required=True)


class HoldersArgs(Schema):
    scenario = fields.String(validate=validate.Regexp(SCENARIO_PATTERN))


class HolderSchema(Schema):
    user_id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    scenario = fields.String(required=True)
    first_passed_at = fields.DateTime(required=True)
    last_passed_at = fields.DateTime(required=True)
    score = fields.Float(required=True)
    passes = fields.Integer(required=True)


class HolderListSchema(Schema):
    holders = fields.List(fields.Nested(HolderSchema), required=True)
