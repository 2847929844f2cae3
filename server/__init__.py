"""Application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from server.config import ROOT, Config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, commands."""
    instance = os.environ.get("INSTANCE_PATH") or ROOT / "instance"
    app = Flask(__name__, instance_path=str(Path(instance).resolve()))
    configure(app, test_config)
    register_extensions(app)
    register_converters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_commands(app)
    register_tasks(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Defaults -> instance/config.py -> FLASK_* environment -> test config."""
    app.config.from_object(Config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{app.instance_path}/app.db"
    if not app.config["ATTACHMENT_DIR"]:
        app.config["ATTACHMENT_DIR"] = str(Path(app.instance_path) / "attachments")
    from server import storage

    storage.for_app(app)  # a bad STORAGE_URL fails at start, not at the first upload
    from server.reports import branding

    branding.configure(app.config["COMPANY_NAME"], app.config["COMPANY_LOGO"])
    from server.services.scorecard import review_block

    review_block.configure(app.config["FORMS_DIR"], app.config["DEFAULT_TIMEZONE"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"timeout": 30, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    """Initialise the extension singletons."""
    from server import database, messages, ratelimit_store  # noqa: F401 - registers database://
    from server.extensions import api, babel, db, limiter, login_manager, migrate
    from server.services.org import passwords

    db.init_app(app)
    database.install_sqlite_pragmas()
    database.install_request_hooks(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).resolve().parent.parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    login_manager.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    babel.init_app(
        app,
        default_translation_directories=str(messages.TRANSLATIONS),
        locale_selector=messages.babel_locale,
    )
    passwords.configure(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"])

    from server.models import User

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        from sqlalchemy import select

        return db.session.scalars(select(User).where(User.session_token == token)).first()

    @login_manager.unauthorized_handler
    def unauthorized() -> Any:
        from server.errors import ApiError

        raise ApiError(401, "unauthenticated", "Log in first.")


def register_converters(app: Flask) -> None:
    from server.api.converters import register_converters as _register

    _register(app)


def register_blueprints(app: Flask) -> None:
    from server.api import register_blueprints as _register

    _register(app)


def register_errorhandlers(app: Flask) -> None:
    from server.errors import register_errorhandlers as _register

    _register(app)


def register_security(app: Flask) -> None:
    from server.security import register_security as _register

    _register(app)


def register_tasks(app: Flask) -> None:
    from server import tasks

    tasks.init_app(app)


def register_commands(app: Flask) -> None:
    from server.cli import register_commands as _register

    _register(app)
