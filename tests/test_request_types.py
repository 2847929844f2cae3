"""Bad input gets a clear error: a JSON body's numbers and booleans have JSON types.

marshmallow's plain Integer, Float and Boolean take "3", "1e2" or "yes" from a JSON body and
turn them into values, so a client's type error is stored as if it were meant. Every field
of every JSON body the API reads (walked from the OpenAPI registrations, nested schemas,
lists and maps included) must be strict: `fields.Integer(strict=True)` (or `Id`),
`StrictFloat`, `StrictBoolean`. Query strings are text by nature and are not walked.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError, fields

from server.schemas.base import StrictBoolean, StrictFloat
from tests.schema_walk import leaves, request_schemas


def _loose(field: fields.Field, path: str) -> Iterator[str]:
    for where, leaf in leaves(field, path, keys=False):
        if isinstance(leaf, fields.Boolean) and not isinstance(leaf, StrictBoolean):
            yield where
        elif isinstance(leaf, fields.Integer) and not leaf.strict:
            yield where
        elif isinstance(leaf, fields.Float) and not isinstance(leaf, StrictFloat):
            yield where


def test_every_json_body_field_is_strictly_typed(app):
    bodies = list(request_schemas(app, json_only=True))
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
