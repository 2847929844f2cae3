"""Marshmallow schemas for the form definition files (`forms/*.yaml`, SPEC §4).

`FormDefinitionSchema(competencies=...)` loads one parsed YAML document. Field
errors come back as marshmallow's nested dict (list positions as ints, 0-based),
which `server.services.forms.forms` flattens into `sections[2].questions[4].weight`
paths. Cross-form rules (unique ids, references, JsonLogic, cycles) run only
once every field is valid, so their messages never pile onto broken input.

Cross-form rules live in `server.schemas.form_checks`.

Choices where SPEC §4 is silent: ids are lower-case snake_case (so a JsonLogic
`var` path can never be ambiguous); `weight` and `critical` are only accepted on
scored types; a choice/multi_choice either scores every option or none; a
rating scale is integral and needs the form's `scale` or its own.
"""

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from server.domain_errors import Term
from server.schemas import form_checks
from server.schemas.base import Schema
from server.schemas.quiz_definition import KINDS, QuizSettingsSchema

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
KEY_PATTERN = r"^[a-z][a-z0-9-]{0,63}$"
RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate", "customer", "mystery_shopper")
CRITICAL_POLICIES = ("section_zero", "form_zero", "flag_only")
SCORED_TYPES = ("rating", "yes_no", "choice", "multi_choice", "number")
UNSCORED_TYPES = ("text", "date", "time", "datetime", "photo")
MISSING = "Missing data for required field."


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be empty.")


def _text(**kwargs: Any) -> fields.String:
    return fields.String(validate=_not_blank, **kwargs)


# Both languages are mandatory wherever a user reads the text.
I18nText = Schema.from_dict(
    {"en": _text(required=True), "zh-CN": _text(required=True)}, name="I18nText"
)


def _i18n(**kwargs: Any) -> fields.Nested:
    return fields.Nested(I18nText, **kwargs)


class ScaleLabels(fields.Field):
    """Mapping of integer scale points to bilingual labels; keys come out as strings."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dict:
        if not isinstance(value, dict):
            raise ValidationError("Must be a mapping of scale points to labels.")
        labels: dict[str, Any] = {}
        errors: dict[Any, Any] = {}
        for key, text in value.items():
            point = key if isinstance(key, int) and not isinstance(key, bool) else None
            if point is None and isinstance(key, str) and key.lstrip("-").isdigit():
                point = int(key)
            if point is None:
                errors[key] = ["Scale point must be an integer."]
                continue
            try:
                labels[str(point)] = I18nText().load(text)
            except ValidationError as err:
                errors[point] = err.messages
        if errors:
            raise ValidationError(errors)
        return labels


class ScaleSchema(Schema):
    min = fields.Integer(required=True, strict=True)
    max = fields.Integer(required=True, strict=True)
    labels = ScaleLabels(load_default=dict)

    @validates_schema
    def check_range(self, data: dict, **kwargs: Any) -> None:
        if data["min"] >= data["max"]:
            raise ValidationError("Must be lower than max.", "min")
        outside = [p for p in data["labels"] if not data["min"] <= int(p) <= data["max"]]
        if outside:
            message = Term("Outside the scale {min}..{max}.", min=data["min"], max=data["max"])
            raise ValidationError({"labels": {int(p): [message] for p in outside}})


class OptionSchema(Schema):
    value = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_.-]{1,64}$"))
    label = _i18n(required=True)
    score = fields.Float(validate=validate.Range(min=0))


class QuestionBase(Schema):
    id = fields.String(required=True, validate=validate.Regexp(ID_PATTERN))
    type = fields.String(required=True)
    label = _i18n(required=True)
    self_label = _i18n()
    help = _i18n()
    required = fields.Boolean()
    allow_na = fields.Boolean()
    competency = fields.String(validate=validate.Regexp(ID_PATTERN))
    show_if = fields.Raw(allow_none=True)


class ScoredQuestion(QuestionBase):
    weight = fields.Float(validate=validate.Range(min=0))
    critical = fields.Boolean()
    #: The scorecard indicator this question feeds (forms/indicators.yaml).
    indicator = fields.String(validate=validate.Regexp(ID_PATTERN))


class RatingQuestion(ScoredQuestion):
    scale = fields.Nested(ScaleSchema)


class YesNoQuestion(ScoredQuestion):
    pass_value = fields.Boolean()
    correct = fields.Raw()  # a quiz's (server.schemas.quiz_definition)


class ChoiceQuestion(ScoredQuestion):
    options = fields.List(
        fields.Nested(OptionSchema), required=True, validate=validate.Length(min=2)
    )
    correct = fields.Raw()

    @validates_schema
    def check_options(self, data: dict, **kwargs: Any) -> None:
        form_checks.refuse_repeats(
            data["options"],
            "value",
            "options",
            lambda v: Term("Duplicate option value {value}.", value=repr(v)),
        )
        scored = [o for o in data["options"] if "score" in o]
        if scored and len(scored) != len(data["options"]):
            raise ValidationError("Give a score to every option or to none.", "options")
        if scored and max(o["score"] for o in scored) <= 0:
            raise ValidationError("At least one option must score above 0.", "options")
        if data.get("critical") and not scored:
            raise ValidationError("Only a scored question can be critical.", "critical")


class MultiChoiceQuestion(ChoiceQuestion):
    max_score = fields.Float(validate=validate.Range(min=0, min_inclusive=False))

    @validates_schema
    def check_max_score(self, data: dict, **kwargs: Any) -> None:
        if "max_score" in data and not any("score" in o for o in data["options"]):
            raise ValidationError("Needs option scores.", "max_score")


class NumberQuestion(ScoredQuestion):
    min = fields.Float()
    max = fields.Float()
    pass_min = fields.Float()
    pass_max = fields.Float()
    unit = fields.String(validate=validate.Length(min=1, max=16))

    @validates_schema
    def check_bounds(self, data: dict, **kwargs: Any) -> None:
        low, high = data.get("min"), data.get("max")
        if low is not None and high is not None and low >= high:
            raise ValidationError("Must be lower than max.", "min")
        for name in ("pass_min", "pass_max"):
            value = data.get(name)
            if value is None:
                continue
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValidationError("Must lie within min..max.", name)
        if data.get("pass_min", float("-inf")) > data.get("pass_max", float("inf")):
            raise ValidationError("Must not exceed pass_max.", "pass_min")
        if data.get("critical") and "pass_min" not in data and "pass_max" not in data:
            raise ValidationError("Only a scored question can be critical.", "critical")


class TextQuestion(QuestionBase):
    comment = fields.Boolean()


class PlainQuestion(QuestionBase):
    """date, time and datetime questions."""


class PhotoQuestion(QuestionBase):
    min_count = fields.Integer(strict=True, validate=validate.Range(min=0, max=20))
    max_count = fields.Integer(strict=True, validate=validate.Range(min=1, max=20))

    @validates_schema
    def check_counts(self, data: dict, **kwargs: Any) -> None:
        if data.get("min_count", 0) > data.get("max_count", 5):
            raise ValidationError("Must not exceed max_count.", "min_count")
        if data.get("required") is False and data.get("min_count", 0) > 0:
            raise ValidationError("An optional photo question needs min_count 0.", "required")
        if data.get("required") is True and data.get("min_count") == 0:
            raise ValidationError("A required photo question needs min_count >= 1.", "min_count")


QUESTION_SCHEMAS: dict[str, type[Schema]] = {
    "rating": RatingQuestion,
    "yes_no": YesNoQuestion,
    "choice": ChoiceQuestion,
    "multi_choice": MultiChoiceQuestion,
    "number": NumberQuestion,
    "text": TextQuestion,
    "date": PlainQuestion,
    "time": PlainQuestion,
    "datetime": PlainQuestion,
    "photo": PhotoQuestion,
}


class QuestionField(fields.Field):
    """Dispatch a question to the schema of its `type`."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dict:
        if not isinstance(value, dict):
            raise ValidationError("Must be a mapping.")
        qtype = value.get("type")
        if qtype is None:
            raise ValidationError({"type": [MISSING]})
        if not isinstance(qtype, str) or qtype not in QUESTION_SCHEMAS:
            choices = ", ".join(QUESTION_SCHEMAS)
            raise ValidationError({"type": [Term("Must be one of: {choices}.", choices=choices)]})
        schema = QUESTION_SCHEMAS[qtype]()
        try:
            return schema.load(value)
        except ValidationError as err:
            extra = set(err.messages) & {"weight", "critical"} if qtype in UNSCORED_TYPES else ()
            messages = dict(err.messages)  # type: ignore[arg-type]
            for name in extra:
                messages[name] = [Term("Not allowed on unscored type {type}.", type=repr(qtype))]
            raise ValidationError(messages) from err


class SectionSchema(Schema):
    id = fields.String(required=True, validate=validate.Regexp(ID_PATTERN))
    title = _i18n(required=True)
    weight = fields.Float(validate=validate.Range(min=0))
    competency = fields.String(validate=validate.Regexp(ID_PATTERN))
    questions = fields.List(QuestionField(), required=True, validate=validate.Length(min=1))


class FormDefinitionSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(KEY_PATTERN))
    kind = fields.String(validate=validate.OneOf(KINDS))
    quiz = fields.Nested(QuizSettingsSchema)
    title = _i18n(required=True)
    description = _i18n()
    relationships = fields.List(
        fields.String(validate=validate.OneOf(RELATIONSHIPS)),
        required=True,
        validate=validate.Length(min=1),
    )
    scale = fields.Nested(ScaleSchema)
    critical_policy = fields.String(validate=validate.OneOf(CRITICAL_POLICIES))
    #: Many submissions per assignment (each its own), e.g. the supervisor's observations.
    repeatable = fields.Boolean()
    sections = fields.List(
        fields.Nested(SectionSchema), required=True, validate=validate.Length(min=1)
    )

    def __init__(self, *, competencies: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.competencies = competencies

    @validates_schema
    def check_form(self, data: dict, **kwargs: Any) -> None:
        errors = form_checks.check_form(data, self.competencies)
        if errors:
            raise ValidationError(errors)


class CompetencySchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(ID_PATTERN))
    name = _i18n(required=True)
    description = _i18n(required=True)


class CompetencyCatalogueSchema(Schema):
    """`forms/competencies.yaml`: `competencies: [{key, name, description}]`."""

    competencies = fields.List(
        fields.Nested(CompetencySchema), required=True, validate=validate.Length(min=1)
    )

    @validates_schema
    def check_unique(self, data: dict, **kwargs: Any) -> None:
        form_checks.refuse_repeats(
            data["competencies"],
            "key",
            "competencies",
            lambda k: Term("Duplicate competency key {key}.", key=repr(k)),
        )
