"""Bad input gets a clear error: a JSON body's numbers and booleans have JSON types.

marshmallow's plain Integer, Float and Boolean take "3", "1e2" or "yes" from a JSON body and
turn them into values, so a client's type error is stored as if it were meant. Every field
of every JSON body the API reads (walked from the OpenAPI registrations, nested schemas,
lists and maps included) must be strict: `fields.Integer(strict=True)` (or `Id`),
`StrictFloat`, `StrictBoolean`. Query strings are text by nature and are not walked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError, fields

from server.schemas.base import StrictBoolean, StrictFloat


def _loose(field: fields.Field, path: str) -> Iterator[str]:
    if field.dump_only:
        return
    if isinstance(field, fields.Nested):
        schema = field.schema
        for name, inner in schema.fields.items():
            yield from _loose(inner, f"{path}.{name}")
    elif isinstance(field, fields.List):
        yield from _loose(field.inner, f"{path}[]")
    elif isinstance(field, fields.Dict):
        if field.value_field is not None:
            yield from _loose(field.value_field, f"{path}{{}}")
    elif isinstance(field, fields.Boolean) and not isinstance(field, StrictBoolean):
        yield path
    elif isinstance(field, fields.Integer) and not field.strict:
        yield path
    elif isinstance(field, fields.Float) and not isinstance(field, StrictFloat):
        yield path


def _json_bodies(app: Any) -> Iterator[tuple[str, Any]]:
    for endpoint, view in app.view_functions.items():
        for param in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
            if param.get("in", "json") == "json":
                schema = param["schema"]
                yield endpoint, schema() if isinstance(schema, type) else schema


def test_every_json_body_field_is_strictly_typed(app):
    bodies = list(_json_bodies(app))
    assert len(bodies) > 20  # the walk finds the API's bodies (it would pass on none)
    loose = [
        f"{endpoint}: {path}"
        for endpoint, schema in bodies
        for name, field in schema.fields.items()
        for path in _loose(field, f"{type(schema).__name__}.{name}")
    ]
    assert loose == []


def test_the_walk_finds_a_loose_field_where_there_is_one():
    from server.schemas.base import Schema

    class Inner(Schema):
        hours = fields.Float()

    class Outer(Schema):
        items = fields.List(fields.Nested(Inner))
        weights = fields.Dict(keys=fields.String(), values=fields.Integer())

    found = [p for n, f in Outer().fields.items() for p in _loose(f, n)]
    assert found == ["items[].hours", "weights{}"]


NOT_NUMBERS = st.one_of(
    st.booleans(),
    st.text(max_size=6),
    st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{1,2})?", fullmatch=True),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@given(value=NOT_NUMBERS)
def test_strict_float_refuses_anything_but_a_json_number(value):
    with pytest.raises(ValidationError):
        StrictFloat().deserialize(value)


@given(
    value=st.one_of(st.integers(-(10**9), 10**9), st.floats(allow_nan=False, allow_infinity=False))
)
def test_strict_float_takes_every_finite_json_number(value):
    assert StrictFloat().deserialize(value) == float(value)
