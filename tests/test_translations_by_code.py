"""Issue 12 §5: errors are translated by code and parameters, never by matching English text.

Every message marshmallow gives through our schemas is a `Term` (msgid and values), the
form-definition check lines are `Term`s whose reason is a `Term`, and `server.messages`
has no regular expression: formatted English that merely looks like a template stays as
it is.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError, fields, validate

import server.schemas
from server import messages
from server.domain_errors import Term
from server.schemas.base import Schema, Template
from server.services.forms import forms

MESSAGES_PY = Path(messages.__file__)


def test_messages_py_has_no_regular_expression() -> None:
    """A regex over English text (the old template matching) would need `re`."""
    tree = ast.parse(MESSAGES_PY.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "re" not in imported and "re" not in modules and "regex" not in imported


def test_formatted_english_is_not_matched_back_to_a_template() -> None:
    text = "Length must be between 1 and 200."
    assert messages.translate(text, "zh-CN") == text
    term = Term("Length must be between {min} and {max}.", min=1, max=200)
    assert term == text
    assert messages.translate(term, "zh-CN") == "长度必须在 1 到 200 之间。"


@given(low=st.integers(1, 10_000), extra=st.integers(0, 10_000))
def test_a_length_message_is_a_term_with_its_values(low: int, extra: int) -> None:
    high = low + extra

    class Named(Schema):
        name = fields.String(validate=validate.Length(low, high))

    with pytest.raises(ValidationError) as info:
        Named().load({"name": "x" * (high + 1)})
    [message] = info.value.messages["name"]  # type: ignore[index]
    assert isinstance(message, Term)
    assert (message.msgid, message.params) == (
        "Length must be between {min} and {max}.",
        {"min": low, "max": high},
    )
    assert message == f"Length must be between {low} and {high}."
    assert messages.translate(message, "zh-CN") == f"长度必须在 {low} 到 {high} 之间。"


@given(bound=st.integers(-1000, 1000), below=st.integers(1, 1000))
def test_a_range_message_inside_a_list_is_a_term(bound: int, below: int) -> None:
    class Numbers(Schema):
        values = fields.List(fields.Integer(validate=validate.Range(min=bound)))

    with pytest.raises(ValidationError) as info:
        Numbers().load({"values": [bound - below]})
    [message] = info.value.messages["values"][0]  # type: ignore[index]
    assert isinstance(message, Term) and message.params == {"min": bound}
    assert messages.translate(message, "zh-CN") == f"必须大于或等于 {bound}。"


def _schemas() -> list[type[Schema]]:
    found: dict[str, type[Schema]] = {}
    for info in pkgutil.iter_modules(server.schemas.__path__):
        module = importlib.import_module(f"server.schemas.{info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Schema) and value is not Schema:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def _plain(field: fields.Field, where: str) -> list[str]:
    """Messages of a field (its validators, its inner fields) that are no code."""
    bad = [f"{where}: {k}" for k, v in field.error_messages.items() if not isinstance(v, Term)]
    for validator in field.validators:
        for name in ("error", "message_min", "message_max", "message_all", "message_equal"):
            value = getattr(validator, name, None)
            if isinstance(value, str) and not isinstance(value, Term):
                bad.append(f"{where}: {type(validator).__name__}.{name}")
    for name in ("inner", "key_field", "value_field"):
        child = getattr(field, name, None)
        if isinstance(child, fields.Field):
            bad += _plain(child, f"{where}.{name}")
    return bad


def test_every_schema_message_is_a_code() -> None:
    schemas = _schemas()
    assert len(schemas) > 100
    bad: list[str] = []
    for cls in schemas:
        try:
            schema = cls()
        except TypeError:  # needs arguments: checked through the instances others make
            continue
        bad += [
            f"{cls.__name__}: {k}"
            for k, v in schema.error_messages.items()
            if not isinstance(v, Template)
        ]
        for name, field in schema.fields.items():
            bad += _plain(field, f"{cls.__name__}.{name}")
    assert bad == []


BAD_DEFINITION: dict[str, Any] = {
    "key": "quick-check",
    "title": {"en": "Quick check", "zh-CN": "快速检查"},
    "relationships": ["self", "self"],
    "scale": {"min": 5, "max": 1},
    "sections": [{"id": "s1", "title": {"en": "A", "zh-CN": "甲"}, "questions": []}],
}


def test_form_check_lines_are_codes_whose_reason_is_translated() -> None:
    with pytest.raises(forms.FormDefinitionError) as info:
        forms.validate_definition(BAD_DEFINITION, source="quick-check.yaml")
    lines = info.value.errors
    assert lines and all(isinstance(line, Term) for line in lines)
    assert all(isinstance(line.params["reason"], Term) for line in lines)  # type: ignore[attr-defined]
    zh = {messages.translate(line, "zh-CN") for line in lines}
    assert "quick-check.yaml: scale.min: 必须小于 max。" in zh
    assert all(str(line).startswith("quick-check.yaml: ") for line in lines)


def test_a_schema_first_used_with_only_still_codes_its_other_fields() -> None:
    class Pair(Schema):
        a = fields.Integer(required=True)
        b = fields.String(required=True, validate=validate.Length(max=2))

    with pytest.raises(ValidationError):
        Pair(only=("a",)).load({"a": "x"})
    with pytest.raises(ValidationError) as info:
        Pair().load({"a": "x", "b": "long"})
    found = info.value.messages
    assert isinstance(found, dict)
    assert all(isinstance(m, Term) for value in found.values() for m in value)
