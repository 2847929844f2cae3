"""A stored form definition as responses give it (the field app's form download, the
customer page): every field of the normalised document (server.services.forms.form_normalise)
described. Values pass through as stored (numbers stay ints or floats); a key the document
does not have is left out."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from server.schemas.base import BilingualText, Schema

JSON_LOGIC = {"description": "A JsonLogic rule (object) or boolean; null: always shown"}


def _number(**kwargs: Any) -> fields.Raw:
    """A number exactly as stored (marshmallow's Float would turn 1 into 1.0)."""
    return fields.Raw(metadata={"type": "number"}, **kwargs)


def _text(**kwargs: Any) -> fields.Nested:
    return BilingualText(allow_none=True, **kwargs)


class DocumentScaleSchema(Schema):
    min = fields.Integer()
    max = fields.Integer()
    labels = fields.Dict(keys=fields.String(), values=BilingualText())


class DocumentOptionSchema(Schema):
    value = fields.String()
    label = BilingualText()
    score = _number(allow_none=True)


class DocumentQuestionSchema(Schema):
    """A question of any type: the common fields, then those of its type."""

    id = fields.String()
    type = fields.String()
    label = BilingualText()
    help = _text()
    self_label = _text()
    required = fields.Boolean()
    allow_na = fields.Boolean()
    weight = _number()
    critical = fields.Boolean()
    competency = fields.String(allow_none=True)
    indicator = fields.String(metadata={"description": "The scorecard indicator it feeds."})
    show_if = fields.Raw(allow_none=True, metadata=JSON_LOGIC)
    scored = fields.Boolean()
    scale = fields.Nested(DocumentScaleSchema, allow_none=True)
    pass_value = fields.Boolean()
    options = fields.List(fields.Nested(DocumentOptionSchema))
    max_score = _number(allow_none=True)
    min = _number(allow_none=True)
    max = _number(allow_none=True)
    pass_min = _number(allow_none=True)
    pass_max = _number(allow_none=True)
    unit = fields.String(allow_none=True)
    comment = fields.Boolean()
    min_count = fields.Integer()
    max_count = fields.Integer()


class DocumentSectionSchema(Schema):
    id = fields.String()
    title = BilingualText()
    weight = _number()
    competency = fields.String(allow_none=True)
    questions = fields.List(fields.Nested(DocumentQuestionSchema))


class DocumentQuizSchema(Schema):
    """A certification quiz's settings (its correct answers are never served)."""

    scenario = fields.String()
    pass_mark = fields.Integer()
    retry_after_hours = fields.Integer()


class FormDocumentSchema(Schema):
    key = fields.String()
    kind = fields.String(metadata={"description": "quiz: a certification quiz (issue 16)"})
    quiz = fields.Nested(DocumentQuizSchema)
    title = BilingualText()
    description = _text()
    relationships = fields.List(fields.String())
    scale = fields.Nested(DocumentScaleSchema, allow_none=True)
    critical_policy = fields.String()
    repeatable = fields.Boolean()
    sections = fields.List(fields.Nested(DocumentSectionSchema))
