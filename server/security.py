"""Request guards and response headers: CSRF, same-origin checks, security headers."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, g, request, session

from server.api import bearer, body
from server.errors import ApiError

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Endpoints that accept unsafe requests without a CSRF token (no session exists yet,
#: or the caller is an anonymous customer holding a link token, or someone who forgot
#: their password).
CSRF_EXEMPT_PREFIXES = ("/api/v1/auth/login", "/api/v1/auth/password-reset", "/api/v1/public/")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def csrf_token() -> str:
    """Return this session's CSRF token, creating it on first use."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return str(token)


def _check_origin() -> None:
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.host:
            raise ApiError(403, "csrf_failed", "Cross-origin request refused.")


def _guard_unsafe_requests() -> None:
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return
    _check_origin()
    if request.path.startswith(CSRF_EXEMPT_PREFIXES):
        return
    if bearer.using_token():
        return  # an API token, not a cookie, authenticated this request (server/api/bearer.py)
    if "_user_id" not in session:
        return  # no session: the view's login check answers 401
    sent = request.headers.get("X-CSRF-Token", "")
    expected = session.get("csrf", "")
    # compared as bytes: compare_digest raises TypeError on non-ASCII text (a 500)
    if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise ApiError(403, "csrf_failed", "Missing or wrong X-CSRF-Token header.")


def _set_headers(resp: Response) -> Response:
    headers = resp.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(self), geolocation=(self), microphone=()"
    if request.path.startswith("/api/") and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return resp


def _forget_cached_user() -> None:
    # Flask-Login caches the user on `g`; when an app context outlives one request (tests,
    # CLI-driven calls) a stale user would survive a token rotation.
    g.pop("_login_user", None)


def register_security(app: Flask) -> None:
    """Install the proxy handling, the CSRF and JSON guards and the security headers."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.before_request(_forget_cached_user)
    bearer.register_bearer(app)
    app.before_request(_guard_unsafe_requests)
    app.before_request(body.guard_request_body)
    app.after_request(_set_headers)
