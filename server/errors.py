"""One JSON error shape everywhere: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from server import domain_errors, messages
from server.domain_errors import DomainError
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


class ApiError(DomainError):
    """An error raised outside the rules (views, request guards) that names its status.

    Rules raise the kinds of `server/domain_errors.py`; this one is for the HTTP layer
    itself (CSRF, a missing body, the web shell). `message` is an English template
    (never an f-string) whose values go in `params`; `err.message` is the English
    text; the handler renders the message in the request's language.
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
        super().__init__(code, message, details, params=params)
        self.status = status
        self.headers = headers or {}


#: The HTTP status of each kind of domain error (SPEC §8).
STATUS: dict[type[DomainError], int] = {
    domain_errors.BadRequest: 400,
    domain_errors.Unauthenticated: 401,
    domain_errors.Forbidden: 403,
    domain_errors.NotFound: 404,
    domain_errors.Conflict: 409,
    domain_errors.Gone: 410,
    domain_errors.TooLarge: 413,
    domain_errors.UnsupportedMedia: 415,
    domain_errors.Invalid: 422,
    domain_errors.TooManyRequests: 429,
    domain_errors.Unavailable: 503,
}


def status_of(err: DomainError) -> int:
    """The HTTP status a domain error is answered with."""
    if isinstance(err, ApiError):
        return err.status
    for kind in type(err).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def headers_of(err: DomainError) -> dict[str, str]:
    """The response headers a domain error adds (Retry-After for a 429 or a 503)."""
    if isinstance(err, ApiError):
        return err.headers
    if err.retry_after is not None:
        return {"Retry-After": str(err.retry_after)}
    if err.challenge is not None:
        return {"WWW-Authenticate": err.challenge}
    return {}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> Response:
    """Build the JSON error response."""
    resp = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    resp.status_code = status
    return resp


def _handle_domain_error(err: DomainError) -> Response:
    locale = messages.request_locale()
    resp = error_response(
        status_of(err),
        err.code,
        messages.localize(err.template, err.params, locale),
        messages.localize_details(err.details, locale),
    )
    resp.headers.update(headers_of(err))
    return resp


def _http_message(err: HTTPException, status: int, has_fields: bool, locale: str) -> str:
    if has_fields:
        return messages.localize("The request body or parameters are invalid.", None, locale)
    description = err.description if isinstance(err.description, str) else ""
    if isinstance(err, RateLimitExceeded):
        item = err.limit.limit
        limit = domain_errors.rate_limit(item.amount, item.multiples, item.GRANULARITY.name)
        template = "Too many requests (limit: {limit}). Try again later."
        return messages.localize(template, {"limit": limit}, locale)
    return messages.localize(description or HTTP_CODES.get(status, ""), None, locale)


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
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
