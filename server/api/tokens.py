"""Admin: API tokens for other systems (issue 17 §1), and their OpenAPI security scheme.

Only admins (signed in with a cookie) manage tokens; no token can reach these routes
(no scope opens them). The secret is in the creation response only.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_smorest import Api

from server.api.access import current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.models.base import utcnow
from server.schemas.tokens import (
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenListSchema,
    TokenSchema,
)
from server.services.tokens import scopes, tokens

blp = Blueprint(
    "api_tokens",
    __name__,
    url_prefix="/api/v1/admin/api-tokens",
    description="API tokens for other systems (admin)",
)


def _dump(row: Any) -> dict[str, Any]:
    fields = ("id", "name", "prefix", "scopes", "created_by_id", "created_at", "expires_at")
    more = ("last_used_at", "revoked_at")
    out = {k: getattr(row, k) for k in (*fields, *more)}
    out["status"] = tokens.status(row, utcnow())
    return out


@blp.route("", methods=["GET"])
@roles_required("admin")
@blp.response(200, TokenListSchema)
def list_tokens() -> dict[str, Any]:
    """Every token (newest first; revoked and expired ones too) and the scopes there are.
    `last_used_at` has minute precision."""
    rows = tokens.list_tokens(db.session)
    return {"tokens": [_dump(r) for r in rows], "scopes": list(scopes.SCOPE_NAMES)}


@blp.route("", methods=["POST"])
@roles_required("admin")
@blp.arguments(TokenCreateSchema)
@blp.response(201, TokenCreatedSchema)
def create_token(body: dict[str, Any]) -> dict[str, Any]:
    """Create a token {name, scopes, expires_in_days (1-366)}. The response's `secret` is
    the whole bearer token, shown this once (only its SHA-256 is stored)."""
    issued = tokens.issue(
        db.session, current(), body["name"], body["scopes"], body["expires_in_days"], utcnow()
    )
    db.session.commit()
    return {"token": _dump(issued.row), "secret": issued.secret}


@blp.route("/<id:token_id>/revoke", methods=["POST"])
@roles_required("admin")
@blp.response(200, TokenSchema)
def revoke_token(token_id: int) -> dict[str, Any]:
    """Revoke a token at once (idempotent); it stays listed as revoked."""
    row = tokens.revoke(db.session, current(), token_id, utcnow())
    db.session.commit()
    return _dump(row)


BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": "An API token (svt_…) created by an admin; its scopes open routes "
    "(x-token-scopes on each operation). No CSRF header; rate limited per token.",
}
SESSION = {"type": "apiKey", "in": "cookie", "name": "session", "description": "Signed in."}
_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def document_security(api: Api, app: Flask) -> None:
    """Declare the bearer scheme and mark each operation a token scope opens."""
    api.spec.components.security_scheme("bearerToken", BEARER)
    api.spec.components.security_scheme("session", SESSION)
    paths = api.spec._paths
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            names = [s for s in scopes.SCOPE_NAMES if (method, rule.endpoint) in scopes.SCOPES[s]]
            operation = paths.get(_PARAM.sub(r"{\1}", rule.rule), {}).get(method.lower())
            if names and operation is not None:
                operation["security"] = [{"session": []}, {"bearerToken": []}]
                operation["x-token-scopes"] = names
