"""Blueprint registry: add new API modules to SMOREST_MODULES (OpenAPI-documented)."""

from __future__ import annotations

import importlib

from flask import Flask

from server.extensions import api

#: flask-smorest blueprints (documented in /api/v1/openapi.json); each module defines `blp`.
SMOREST_MODULES = [
    "server.api.auth",
    "server.api.account",
    "server.api.mail",
    "server.api.reviews",
    "server.api.scorecard",
    "server.api.review_response",
    "server.api.field",
    "server.api.sync",
    "server.api.attachments",
    "server.api.public",
    "server.api.actions",
    "server.api.action_loop",
    "server.api.campaigns",
    "server.api.nominations",
    "server.api.visits",
    "server.api.visit_timers",
    "server.api.links",
    "server.api.org",
    "server.api.users",
    "server.api.forms_admin",
    "server.api.audit",
    "server.api.reports",
    "server.api.ops",
    "server.api.notifications",
    "server.api.cycles",
    "server.api.stars",
    "server.api.dashboard",
    "server.api.tokens",
    "server.api.org_sync",
    "server.api.webhooks",
    "server.api.privacy",
    "server.api.jobs",
    "server.api.jobs_admin",
    "server.api.pay",
    "server.api.pay_runs",
    "server.api.certification",
]
#: Plain Flask blueprints (not part of the JSON API document).
FLASK_MODULES = [
    "server.api.health",
    "server.web",
]


def register_blueprints(app: Flask) -> None:
    """Register every blueprint listed above."""
    for name in SMOREST_MODULES:
        api.register_blueprint(importlib.import_module(name).blp)
    importlib.import_module("server.api.tokens").document_security(api, app)
    for name in FLASK_MODULES:
        app.register_blueprint(importlib.import_module(name).blp)
