"""Shared fixtures: an app on a fresh SQLite file per test, clients per role."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from server import create_app
from server.extensions import db, limiter
from tests.factories import ApiClient, make_user
from tests.services.s3 import backend, s3_bucket, s3_endpoint, s3_url, use_s3  # noqa: F401

pytest_plugins = ["tests.worlds"]  # the `world` fixture, one per domain

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 256,
    "RATELIMIT_STORAGE_URI": "memory://",
    "QUEUE_URL": "memory://",
    "QUEUE_IMMEDIATE": True,
}


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the schema once; each test copies the file (fast, isolated)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, _template_db: Path) -> Iterator[Flask]:
    path = tmp_path / "test.db"
    shutil.copy(_template_db, path)
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "ATTACHMENT_DIR": str(tmp_path / "attachments"),
        }
    )
    with app.app_context():
        limiter.reset()  # throttle counters never leak from one test into another
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db_session(app: Flask) -> Any:
    return db.session


@pytest.fixture
def client(app: Flask) -> Any:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


def _logged_in(app: Flask, role: str, **overrides: Any) -> ApiClient:
    user = make_user(role=role, **overrides)
    api = ApiClient(app.test_client())
    resp = api.login(user.email)
    assert resp.status_code == 200, resp.get_json()
    api.user = user  # type: ignore[attr-defined]
    return api


@pytest.fixture
def hr_client(app: Flask) -> ApiClient:
    return _logged_in(app, "hr")


@pytest.fixture
def admin_client(app: Flask) -> ApiClient:
    return _logged_in(app, "admin")


@pytest.fixture
def employee_client(app: Flask) -> ApiClient:
    return _logged_in(app, "employee")


@pytest.fixture
def shopper_client(app: Flask) -> ApiClient:
    return _logged_in(app, "shopper")


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    return url


@pytest.fixture
def pg_app(pg_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on its own PostgreSQL schema, built by the migrations, dropped afterwards."""
    import uuid

    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in pg_url else "?"
    url = f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "ATTACHMENT_DIR": str(tmp_path / "attachments"),
        }
    )
    try:
        with app.app_context():
            upgrade()
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
