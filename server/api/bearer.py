"""`Authorization: Bearer <token>`: API tokens authenticate a request without a cookie.

Runs before the CSRF guard on every `/api/` request that carries a Bearer header:

- The header decides alone: a request with a Bearer header is the token's, any session
  cookie it also carries is ignored (neither its user nor its CSRF duty applies). An
  invalid, expired or revoked token is 401 `invalid_token` even when a valid cookie is
  sent, so a caller never silently runs as someone else.
- CSRF is skipped for these requests only (a browser never adds this header by itself to
  a cross-site request; the cookie path keeps its CSRF check).
- The route must be opened by one of the token's scopes (services/tokens/scopes.py),
  else 403 `token_scope`; the view's own checks then run as the token's creator.
- Each token is rate limited (API_TOKEN_LIMIT in the Flask-Limiter store): 429.
- Use is recorded by services/tokens/tokens.record_use (once a minute, every write).
Other Authorization schemes are ignored (the request is treated as without the header).
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from limits import parse

from server.database import write_transaction
from server.domain_errors import Unauthenticated
from server.errors import ApiError
from server.extensions import db, limiter
from server.models import User
from server.models.base import utcnow
from server.services.tokens import scopes, tokens

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'}


def bearer_value() -> str | None:
    """The credentials of a Bearer Authorization header, or None without one."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def using_token() -> bool:
    """True while handling a request authenticated by an API token."""
    return g.get("api_token_id") is not None


def authenticate_request() -> None:
    """Authenticate a Bearer request, check its scope and rate, record its use."""
    if not request.path.startswith("/api/"):
        return
    presented = bearer_value()
    if presented is None:
        return
    now = utcnow()
    try:
        token, creator = tokens.authenticate(db.session, presented, now)
    except Unauthenticated as err:
        err.challenge = CHALLENGE["WWW-Authenticate"]
        raise
    if request.endpoint is None:
        return  # no such route (404) or method (405): routing answers
    if not scopes.allows(list(token.scopes), request.method, request.endpoint):
        raise ApiError(403, "token_scope", "This API token's scopes do not allow this request.")
    token_id, creator_id = token.id, creator.id
    _throttle(token_id)
    use = {
        "method": request.method,
        "endpoint": request.endpoint,
        "ip": request.remote_addr,
        "write": "1" if request.method not in ("GET", "HEAD", "OPTIONS") else None,
    }
    with write_transaction(db.session) as session:
        tokens.record_use(session, token_id, creator_id, use, now)
    g.api_token_id = token_id
    g._login_user = db.session.get(User, creator_id)  # Flask-Login's per-request user


def _throttle(token_id: int) -> None:
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    item = parse(current_app.config["API_TOKEN_LIMIT"])
    if not limiter.limiter.hit(item, "api_token", str(token_id)):
        reset = limiter.limiter.get_window_stats(item, "api_token", str(token_id)).reset_time
        wait = max(1, int(reset - utcnow().timestamp()) + 1)
        raise ApiError(
            429,
            "too_many_requests",
            "Too many requests with this API token. Try again later.",
            headers={"Retry-After": str(wait)},
        )


def register_bearer(app: Flask) -> None:
    """Install the hook (call between forgetting the cached user and the CSRF guard)."""
    app.before_request(authenticate_request)
