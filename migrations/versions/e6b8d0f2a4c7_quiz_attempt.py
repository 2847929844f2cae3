"""certification quiz: quiz_attempt

Revision ID: e6b8d0f2a4c7
Revises: d4f6a8c0e2b3
Create Date: 2026-12-05 03:45:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType, UTCDateTime

# revision identifiers, used by Alembic.
revision = "e6b8d0f2a4c7"
down_revision = "d4f6a8c0e2b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "quiz_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("form_version_id", sa.Integer(), nullable=False),
        sa.Column("form_key", sa.String(length=100), nullable=False),
        sa.Column("scenario", sa.String(length=64), nullable=False),
        sa.Column("answers", JSONType, nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("wrong", JSONType, nullable=False),
        sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_quiz_attempt_user_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["form_version_id"],
            ["form_version.id"],
            name=op.f("fk_quiz_attempt_form_version_id_form_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_attempt")),
    )
    op.create_index(
        "ix_quiz_attempt_user_form", "quiz_attempt", ["user_id", "form_key", "submitted_at"]
    )
    op.create_index(op.f("ix_quiz_attempt_scenario"), "quiz_attempt", ["scenario"])


def downgrade():
    op.drop_index(op.f("ix_quiz_attempt_scenario"), table_name="quiz_attempt")
    op.drop_index("ix_quiz_attempt_user_form", table_name="quiz_attempt")
    op.drop_table("quiz_attempt")
