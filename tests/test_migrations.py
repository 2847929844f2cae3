"""The schema is built only by Alembic: one head, and migrations match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from server import create_app
from server.extensions import db
from tests.conftest import TEST_CONFIG

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def test_single_head():
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1, f"several Alembic heads: {heads}"


def _diff_after_upgrade(app):
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": False})
            diff = compare_metadata(ctx, db.metadata)
        db.engine.dispose()
    return diff


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index"
)
def test_sqlite_migrations_match_models(tmp_path):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"})
    assert _diff_after_upgrade(app) == []


def test_postgresql_migrations_match_models(pg_app):
    with pg_app.app_context():
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": False})
            assert compare_metadata(ctx, db.metadata) == []
