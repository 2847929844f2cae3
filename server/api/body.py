"""The request body rule of every API endpoint, read from its OpenAPI documentation.

An unsafe request (POST, PUT, PATCH, DELETE) is answered, after its login and role
checks (401/403 come first) and before its view reads the body:

- 415 `unsupported_media_type` when it sends a body (or a Content-Type) that the
  endpoint does not document: JSON where JSON is documented (`blp.arguments`), the
  documented types of a `requestBody` (`blp.doc`: raw photo, multipart upload), nothing
  but JSON elsewhere;
- 400 `bad_request` when a JSON body does not parse (bad syntax, invalid UTF-8, nesting
  deeper than the decoder can follow, an integer longer than Python reads);
- 422 `invalid` (details.fields._body: required) when the documented body is required and
  none is sent.

So a request the document calls invalid is never answered 200 by a view that read
`{}` from a missing or foreign body. Where it runs: JSON bodies in `blp.arguments`
(this module's `Blueprint` parser); documented `requestBody` views call
`check_request_body()` first; endpoints without a body and malformed JSON are refused by
`guard_request_body` (before_request) - a body they would ignore, JSON that no one can read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import flask_smorest
from flask import current_app, request
from webargs.flaskparser import FlaskParser

from server.errors import ApiError

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
JSON = "application/json"
#: The documented request body of an upload: one file in the multipart field `file`.
FILE_UPLOAD: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}
_LOCATION_TYPES = {"json": JSON, "files": "multipart/form-data", "form": "multipart/form-data"}


@dataclass(frozen=True)
class BodyRule:
    """What an endpoint documents for its request body."""

    types: tuple[str, ...]
    required: bool


def body_rule(view: Any) -> BodyRule:
    """The documented body of a view: `blp.arguments` (body locations) or `requestBody`."""
    apidoc = getattr(view, "_apidoc", {}) or {}
    documented = (apidoc.get("manual_doc") or {}).get("requestBody")
    if documented:
        return BodyRule(tuple(documented.get("content", {})), bool(documented.get("required")))
    for param in (apidoc.get("arguments") or {}).get("parameters", []):
        if param.get("in") in _LOCATION_TYPES:
            content_type = param.get("content_type") or _LOCATION_TYPES[param["in"]]
            return BodyRule((content_type,), bool(param.get("required", True)))
    return BodyRule((JSON,), False)


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def _accepted(rule: BodyRule) -> bool:
    mimetype = request.mimetype
    if not mimetype:
        return not _has_body()
    return any(
        mimetype == t or (t.endswith("/*") and mimetype.startswith(t[:-1])) for t in rule.types
    )


def _check_json() -> None:
    try:
        json.loads(request.get_data(cache=True))
    except (RecursionError, ValueError) as err:  # JSONDecodeError and UnicodeDecodeError too
        raise ApiError(
            400,
            "bad_request",
            "The body is not valid JSON (or is nested too deeply, or holds a number too long).",
        ) from err


def _view() -> Any:
    return current_app.view_functions.get(request.endpoint or "")


def _documents_body(view: Any) -> bool:
    apidoc = getattr(view, "_apidoc", {}) or {}
    if (apidoc.get("manual_doc") or {}).get("requestBody"):
        return True
    params = (apidoc.get("arguments") or {}).get("parameters", [])
    return any(p.get("in") in _LOCATION_TYPES for p in params)


def check_request_body() -> None:
    """Refuse a body of an undocumented type (415) or a missing required one (422)."""
    rule = body_rule(_view())
    if not _accepted(rule):
        raise ApiError(
            415,
            "unsupported_media_type",
            "Send the body as {types}.",
            {"accepted": list(rule.types)},
            params={"types": ", ".join(rule.types)},
        )
    if rule.required and not _has_body():
        raise ApiError(
            422, "invalid", "The request body is missing.", {"fields": {"_body": "required"}}
        )


def guard_request_body() -> None:
    """Before any view: unreadable JSON is 400; a body an endpoint without one ignores, 415."""
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return
    view = _view()
    if view is None:
        return  # 404 / 405: the router answers
    if _has_body() and request.mimetype == JSON:
        _check_json()
    if not _documents_body(view):
        check_request_body()


class BodyParser(FlaskParser):
    """webargs' parser, enforcing the documented body before loading JSON."""

    def load_json(self, req: Any, schema: Any) -> Any:
        check_request_body()
        return super().load_json(req, schema)


class Blueprint(flask_smorest.Blueprint):
    """The API's blueprint: flask-smorest's, with the body rule in its argument parser."""

    ARGUMENTS_PARSER = BodyParser()
