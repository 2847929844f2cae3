"""field app: flags on a returned visit, customer-link repeat policy and public title

Revision ID: b7d3f1a9c2e4
Revises: b7c1d9e2f4a6
Create Date: 2026-12-05 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType, UTCDateTime

# revision identifiers, used by Alembic.
revision = "b7d3f1a9c2e4"
down_revision = "b7c1d9e2f4a6"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (SQLite >= 3.35 drops columns itself): a batch copy of a table
    # other rows refer to fails its foreign keys.
    op.add_column("submission", sa.Column("review_flags", JSONType, nullable=True))
    op.add_column(
        "customer_link",
        sa.Column("repeat_policy", sa.String(length=16), server_default="daily", nullable=False),
    )
    op.add_column("customer_link", sa.Column("public_title", JSONType, nullable=True))
    op.create_table(
        "customer_device_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("device_hash", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["customer_link.id"],
            name=op.f("fk_customer_device_response_link_id_customer_link"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_customer_device_response_submission_id_submission"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_device_response")),
        sa.UniqueConstraint(
            "link_id", "device_hash", "period", name=op.f("uq_customer_device_period")
        ),
    )
    op.create_index(
        op.f("ix_customer_device_response_submission_id"),
        "customer_device_response",
        ["submission_id"],
    )


def downgrade():
    op.drop_index(
        op.f("ix_customer_device_response_submission_id"), table_name="customer_device_response"
    )
    op.drop_table("customer_device_response")
    op.drop_column("customer_link", "public_title")
    op.drop_column("customer_link", "repeat_policy")
    op.drop_column("submission", "review_flags")
