"""One JSON error shape everywhere: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from server import messages
from server.extensions import db

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal_error",
}


class ApiError(Exception):
    """An error a client can act on; rendered with its status by the handler.

    `message` is an English template from server/messages.py (never an f-string);
    values go in `params`. `err.message` is the English text; the handler renders the
    message in the request's language.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.template = message
        self.params = params or {}
        self.message = messages.localize(message, self.params, "en")
        super().__init__(self.message)
        self.status = status
        self.code = code
        self.details = details or {}
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> Response:
    """Build the JSON error response."""
    resp = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    resp.status_code = status
    return resp


def _handle_api_error(err: ApiError) -> Response:
    locale = messages.request_locale()
    resp = error_response(
        err.status,
        err.code,
        messages.localize(err.template, err.params, locale),
        messages.localize_details(err.details, locale),
    )
    resp.headers.update(err.headers)
    return resp


def _http_message(err: HTTPException, status: int, has_fields: bool, locale: str) -> str:
    if has_fields:
        return messages.localize("The request body or parameters are invalid.", None, locale)
    description = err.description if isinstance(err.description, str) else ""
    if status == 429:  # flask-limiter's description is the limit ("10 per 15 minute")
        template = "Too many requests (limit: {limit}). Try again later."
        return messages.localize(template, {"limit": description}, locale)
    return messages.translate(description or HTTP_CODES.get(status, ""), locale)


def _handle_http(err: HTTPException) -> Response:
    status = err.code or 500
    details: dict[str, Any] = {}
    # flask-smorest / webargs put marshmallow messages in err.data
    data = getattr(err, "data", None)
    if isinstance(data, dict) and "messages" in data:
        details = {"fields": data["messages"]}
        status = 422 if status in (400, 422) else status
    locale = messages.request_locale()
    resp = error_response(
        status,
        HTTP_CODES.get(status, "error"),
        _http_message(err, status, bool(details), locale),
        messages.localize_details(details, locale),
    )
    for key, value in err.get_headers() if hasattr(err, "get_headers") else []:
        if key.lower() not in ("content-type", "content-length"):
            resp.headers[key] = value
    return resp


def _handle_unexpected(err: Exception) -> Response:
    db.session.rollback()
    request_id = uuid.uuid4().hex[:12]
    log.exception("unhandled error request_id=%s path=%s", request_id, request.path)
    message = messages.localize("Internal error.", None, messages.request_locale())
    return error_response(500, "internal_error", message, {"request_id": request_id})


def register_errorhandlers(app: Flask) -> None:
    """Render every error as JSON in the SPEC shape."""
    app.register_error_handler(ApiError, _handle_api_error)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
