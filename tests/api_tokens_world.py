"""API tokens of the access-matrix world (issue 17 §1): one per scope, issued by the admin."""

from __future__ import annotations

from typing import Any

from server.extensions import db
from server.models.base import utcnow
from server.services.tokens import scopes, tokens


def add_tokens(people: dict[str, Any], ids: dict[str, Any]) -> None:
    """ids["secret:<scope>"] is the bearer token of that scope; ids["api_token"] one row."""
    for scope in scopes.SCOPE_NAMES:
        issued = tokens.issue(db.session, people["admin"], f"matrix {scope}", [scope], 30, utcnow())
        ids[f"secret:{scope}"] = issued.secret
        ids["api_token"] = issued.row.id
