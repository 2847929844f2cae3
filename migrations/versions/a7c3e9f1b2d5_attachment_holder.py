"""attachment_holder: who has uploaded each photo's bytes

A submission may reference a photo only if its rater holds it (uploaded the same bytes);
viewing follows the same rule. Existing data is carried over: each photo's first
uploader, and every rater whose stored submission already references it.

Revision ID: a7c3e9f1b2d5
Revises: f2b7d9e4c8a1
Create Date: 2026-11-23 00:20:00

"""

import sqlalchemy as sa
from alembic import op

import server.models.base

# revision identifiers, used by Alembic.
revision = "a7c3e9f1b2d5"
down_revision = "f2b7d9e4c8a1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attachment_holder",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment.sha256"],
            name=op.f("fk_attachment_holder_sha256_attachment"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_attachment_holder_user_id_user")
        ),
        sa.PrimaryKeyConstraint("sha256", "user_id", name=op.f("pk_attachment_holder")),
    )
    with op.batch_alter_table("attachment_holder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_holder_user_id"), ["user_id"], unique=False)
    op.execute(
        """
        INSERT INTO attachment_holder (sha256, user_id, created_at)
        SELECT sha256, user_id, MIN(since) FROM (
            SELECT sha256, uploaded_by_id AS user_id, created_at AS since FROM attachment
            WHERE uploaded_by_id IS NOT NULL
            UNION ALL
            SELECT sa.attachment_sha256, s.rater_id, s.received_at
            FROM submission_attachment sa JOIN submission s ON s.id = sa.submission_id
            WHERE s.rater_id IS NOT NULL
        ) AS held
        GROUP BY sha256, user_id
        """
    )


def downgrade():
    with op.batch_alter_table("attachment_holder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_holder_user_id"))
    op.drop_table("attachment_holder")
