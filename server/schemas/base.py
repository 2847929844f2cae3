"""Project-wide marshmallow base schema and the input rules every schema shares.

- Unknown fields are rejected (no mass assignment).
- Text is safe text (`unsafe_text_paths`): no lone surrogate (it cannot be encoded, so it
  used to end as a UnicodeEncodeError 500) and no C0 control character other than tab,
  line feed and carriage return (CRLF line breaks from browsers stay accepted; NUL is
  refused by PostgreSQL). The rule runs before loading, on every string value and key of
  the input however deeply nested (free JSON such as answers included), and names the
  field: `{"name": {"en": ["Text must not contain control characters ..."]}}`.
- Booleans are JSON booleans (`StrictBoolean`); in a query string only `true`/`false`.
- Ids fit the database's integer column on every engine (`MAX_ID`, `valid_id`).
- Messages are codes (issue 12 §5): every marshmallow message of a field, of its
  validators and of the schema is a `Template`, so what marshmallow formats is a `Term`
  (msgid and values) that server.messages translates by its msgid, never by its text.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app, has_app_context
from marshmallow import RAISE, ValidationError, fields, post_dump, pre_load, validate
from marshmallow import Schema as _Schema

from server.domain_errors import Term

#: The largest id: PostgreSQL's INTEGER (SQLite's own limit, 2^63 - 1, is larger), so an
#: id is valid or not the same way on both engines.
MAX_ID = 2**31 - 1

UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
UNSAFE_TEXT_MESSAGE = "Text must not contain control characters or unpaired surrogates."
#: Set `metadata={"text_checked": "later"}` on a field whose value is checked elsewhere
#: (sync items are checked one by one so that one bad item never blocks its batch).
CHECKED_LATER = {"text_checked": "later"}

Path = tuple[Any, ...]


def valid_id(value: int) -> bool:
    """True for an id the database can hold (a URL or a body may carry any integer)."""
    return 0 < value <= MAX_ID


def unsafe_text(value: str) -> bool:
    """True when the string holds a lone surrogate or a forbidden control character."""
    return UNSAFE_TEXT.search(value) is not None


def unsafe_text_paths(data: Any, limit: int = 20) -> list[Path]:
    """Paths (keys and list indexes) of unsafe strings inside `data`, at most `limit`.

    A bad mapping key is reported at its parent's path (the key itself is not echoed back).
    Iterative, so a document as deep as the JSON parser accepts never exhausts the stack;
    each container is visited once, so shared references (a YAML alias bomb) stay linear.
    """
    found: list[Path] = []
    seen: set[int] = set()
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack and len(found) < limit:
        path, value = stack.pop()
        if isinstance(value, str):
            if unsafe_text(value):
                found.append(path)
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Mapping):
            for key in value:
                if isinstance(key, str) and unsafe_text(key):
                    found.append(path)
                    break
                stack.append(((*path, key), value[key]))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
    return found


def text_errors(data: Any, skip: frozenset[str] = frozenset()) -> dict[Any, Any]:
    """marshmallow-style nested messages for every unsafe string in `data`."""
    errors: dict[Any, Any] = {}
    for path in unsafe_text_paths(data):
        if path and path[0] in skip:
            continue
        if not path:
            path = ("_schema",)
        node = errors
        for key in path[:-1]:
            child = node.setdefault(key, {})
            if not isinstance(child, dict):  # a parent key is already reported
                break
            node = child
        else:
            node[path[-1]] = [UNSAFE_TEXT_MESSAGE]
    return errors


class Template(Term):
    """A message marshmallow formats with values: formatting gives a `Term` (the msgid and
    the values it names), which reads as the English text and is translated by code."""

    def format(self, *args: Any, **kwargs: Any) -> Term:  # type: ignore[override]
        wanted = _names(self.msgid)
        return Term(self.msgid, self.context, **{k: v for k, v in kwargs.items() if k in wanted})


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


#: Values a field fixes once for all its messages (`Not a valid {obj_type}.`).
_FIELD_CONSTANTS = {"obj_type": "OBJ_TYPE", "awareness": "AWARENESS"}
#: Validator attributes holding the messages it formats.
_VALIDATOR_MESSAGES = ("error", "message_min", "message_max", "message_all", "message_equal")


def _coded(message: Any, field: fields.Field | None = None) -> Any:
    if not isinstance(message, str) or isinstance(message, Term):
        return message
    for name, attribute in _FIELD_CONSTANTS.items():
        value = getattr(field, attribute, None)
        if isinstance(value, str):
            message = message.replace("{" + name + "}", value)
    return _template(message)


@functools.cache
def _template(message: str) -> Template:
    return Template(message)


def code_messages(field: fields.Field) -> None:
    """Make the messages of a field, its validators and its inner fields `Template`s."""
    messages = field.error_messages  # shared by the field's copies: coded once, in place
    for key, message in messages.items():
        if not isinstance(message, Term):
            messages[key] = _coded(message, field)
    for validator in field.validators:
        for name in _VALIDATOR_MESSAGES:
            value = getattr(validator, name, None)
            if isinstance(value, str) and not isinstance(value, Term):
                setattr(validator, name, _template(value))
    inner = [getattr(field, name, None) for name in ("inner", "key_field", "value_field")]
    for child in [*inner, *getattr(field, "tuple_fields", ())]:
        if isinstance(child, fields.Field):
            code_messages(child)


class Schema(_Schema):
    class Meta:
        unknown = RAISE
        ordered = True

    _messages_coded = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {k: _coded(v) for k, v in self.error_messages.items()}
        # A field's copies share its messages and validators, coded in place by the first
        # instance binding every field: later instances of the class need not look again.
        if self.only is None and not self.exclude:
            type(self)._messages_coded = True

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        """Every message a field can give is a code (see the module docstring)."""
        if not type(self).__dict__.get("_messages_coded"):
            code_messages(field_obj)

    @pre_load(pass_collection=True)
    def _refuse_unsafe_text(self, data: Any, **kwargs: Any) -> Any:
        skip = frozenset(
            field.data_key or name
            for name, field in self.fields.items()
            if field.metadata.get("text_checked") == "later"
        )
        errors = text_errors(data, skip)
        if errors:
            raise ValidationError(errors)
        return data

    @post_dump(pass_original=True)
    def _nothing_dropped(self, data: Any, original: Any, **kwargs: Any) -> Any:
        """Under test, dumping a mapping with a key this schema does not declare fails:
        marshmallow would silently leave the key out of the response."""
        if isinstance(original, Mapping) and has_app_context() and current_app.testing:
            declared = {field.attribute or name for name, field in self.dump_fields.items()}
            dropped = set(original) - declared
            if dropped:
                raise KeyError(f"{type(self).__name__} does not declare {sorted(dropped)}")
        return data


class Id(fields.Integer):
    """A database id in a body or query: an integer in 1..MAX_ID."""

    def __init__(self, *, strict: bool = True, **kwargs: Any) -> None:
        super().__init__(strict=strict, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


#: The product's calendar: days and instants from 2000 up to (not including) 2200. A date
#: outside it is refused (422) before it reaches time-zone arithmetic, where year 1 or
#: 9999 shifted by an offset overflows (a 500; seen: GET /scorecard?date=9999-12-31).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
OUT_OF_CALENDAR = "Must lie between 2000 and 2200."
#: The same bound in the OpenAPI document, so that generated "valid" dates are valid.
YEAR_PATTERN = {"pattern": "^2[01][0-9]{2}-"}


class Day(fields.Date):
    """A calendar day in a body or query (ISO 8601), in 2000-2199."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {**YEAR_PATTERN, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST.date() <= day < LATEST.date():
            raise ValidationError(OUT_OF_CALENDAR)
        return day


class Instant(fields.AwareDateTime):
    """An aware ISO 8601 date-time in a body or query, in 2000-2199 (a naive one is refused,
    or read in `default_timezone` when given)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {**YEAR_PATTERN, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        when = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST <= when < LATEST:
            raise ValidationError(OUT_OF_CALENDAR)
        return when


class StrictBoolean(fields.Boolean):
    """A JSON boolean: `true` or `false` only (marshmallow's Boolean also takes 1, "yes"...)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


class StrictFloat(fields.Float):
    """A JSON number: an integer or a decimal, never a string ("3") or a boolean; finite."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_nan=False, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class QueryBoolean(fields.Boolean):
    """A boolean in a query string: `true` or `false` only."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is True or value == "true":
            return True
        if value is False or value == "false":
            return False
        raise self.make_error("invalid", input=value)


BILINGUAL_KEYS = ("en", "zh-CN")


class BilingualTextSchema(Schema):
    """A text in both languages, as responses give it: `{"en": ..., "zh-CN": ...}`."""

    en = fields.String(required=True)
    zh_cn = fields.String(required=True, data_key="zh-CN", attribute="zh-CN")


def BilingualText(**kwargs: Any) -> fields.Nested:  # noqa: N802 - a field factory
    """A response field holding a `BilingualTextSchema` object."""
    return fields.Nested(BilingualTextSchema, **kwargs)
