"""Walk the request schemas the API registers, down to their leaf fields.

Shared by the tests that hold a rule over every request field (strict JSON types, bounded
dates): `request_schemas` finds each view's argument schemas from its OpenAPI
registration, `leaves` yields every loadable leaf field of a field with its path (nested
schemas, list items and map keys/values included; dump-only fields are skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from marshmallow import fields


def request_schemas(app: Any, json_only: bool = False) -> Iterator[tuple[str, Any]]:
    """(endpoint, schema instance) of every argument a view reads (JSON bodies only, or
    query strings and forms too)."""
    for endpoint, view in app.view_functions.items():
        for param in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
            if json_only and param.get("in", "json") != "json":
                continue
            schema = param["schema"]
            yield endpoint, schema() if isinstance(schema, type) else schema


def leaves(field: fields.Field, path: str, keys: bool = True) -> Iterator[tuple[str, Any]]:
    """(path, leaf field) under `field`; a map's key field too when `keys`."""
    if field.dump_only:
        return
    if isinstance(field, fields.Nested):
        for name, inner in field.schema.fields.items():
            yield from leaves(inner, f"{path}.{name}", keys)
    elif isinstance(field, fields.List):
        yield from leaves(field.inner, f"{path}[]", keys)
    elif isinstance(field, fields.Dict):
        for inner in (field.key_field if keys else None, field.value_field):
            if inner is not None:
                yield from leaves(inner, f"{path}{{}}", keys)
    else:
        yield path, field
