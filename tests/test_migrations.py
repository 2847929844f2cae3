"""SPEC §2 dependencies (Alembic): The schema is built only by Alembic: one head, and migrations
match the models."""

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


def test_attachment_holders_carried_over(tmp_path):
    """The holder migration keeps every existing right to a photo: its first uploader and
    each rater whose stored submission already references it, one row per pair."""
    import warnings

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text
    from sqlalchemy.exc import SAWarning

    from server.models import SubmissionAttachment
    from tests.factories import (
        add_submission,
        campaign_and_form,
        make_attachment,
        make_user,
        rating_form,
        ratings,
    )

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/h.db"})
    with app.app_context():
        # Rows are made at head (the models may have columns newer than the holder
        # migration), then the database goes back to the revision before attachment_holder.
        upgrade()
        uploader, rater, bystander = (make_user(role="shopper") for _ in range(3))
        photo = "a" * 64
        make_attachment(photo, storage_key="k", uploaded_by_id=uploader.id)
        campaign, fv = campaign_and_form(rating_form())
        for who in (uploader, rater, rater):  # the rater references it twice
            sub = add_submission(
                campaign, fv, bystander.id, "peer", ratings(fv.definition, 4), rater_id=who.id
            )
            db.session.add(
                SubmissionAttachment(
                    submission_id=sub.id, question_id="q1", attachment_sha256=photo
                )
            )
        db.session.commit()
        expected = sorted([(photo, uploader.id), (photo, rater.id)])
        db.session.remove()
        with warnings.catch_warnings():  # batch downgrades reflect the email index
            warnings.simplefilter("ignore", SAWarning)
            downgrade(revision="f2b7d9e4c8a1")  # the revision before attachment_holder
        upgrade()
        rows = db.session.execute(text("SELECT sha256, user_id FROM attachment_holder")).all()
        assert sorted(tuple(r) for r in rows) == expected
        db.session.remove()
        db.engine.dispose()
