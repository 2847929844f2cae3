"""URL converters of the API: an id the database can hold, and safe path text.

`<id:name>` matches 1..MAX_ID (PostgreSQL's INTEGER; SQLite's limit is larger), so an id
outside the database's range is a 404 like any unknown id on both engines, before the
view runs. Plain `<name>` / `<string:name>` segments never match a control character
(NUL reached PostgreSQL as a 500). Both are documented in the OpenAPI path parameters.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest.spec.plugins import unicodeconverter2paramschema
from marshmallow import fields
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

from server.schemas.base import MAX_ID


def decimal_up_to(limit: int) -> str:
    """A regex matching exactly the decimal numbers 1..limit (no sign, no leading zero)."""
    digits = str(limit)
    parts = [rf"[1-9]\d{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            rest = len(digits) - i - 1
            parts.append(rf"{digits[:i]}[{low}-{int(digit) - 1}]\d{{{rest}}}")
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """A database id: a decimal integer from 1 to MAX_ID.

    The range is in the regex, not only in `to_python`: werkzeug answers 405 instead of
    404 when a rule of another method matches the text of a refused value.
    """

    regex = decimal_up_to(MAX_ID)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, min=1, max=MAX_ID)


class TextConverter(UnicodeConverter):
    """A path segment of printable text (no `/`, no C0 control character)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f]")


def _id_schema(converter: IdConverter) -> dict[str, Any]:
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _text_schema(converter: TextConverter) -> dict[str, Any]:
    return {**unicodeconverter2paramschema(converter), "pattern": "^[^/\\u0000-\\u001f]+$"}


#: The text rule (server.schemas.base.unsafe_text) as an OpenAPI pattern.
SAFE_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]*$"


def _safe_text_property(
    self: Any, field: Any, ret: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """Document the text rule on every free string field of the API."""
    if isinstance(field, fields.String) and "enum" not in ret and "pattern" not in ret:
        return {"pattern": SAFE_TEXT_PATTERN}
    return {}


def register_converters(app: Flask) -> None:
    """Install the converters (before any blueprint) and document them and the text rule."""
    from server.extensions import api

    api.ma_plugin.converter.add_attribute_function(_safe_text_property)

    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter
    api.register_converter(IdConverter, _id_schema)
    api.register_converter(TextConverter, _text_schema)
