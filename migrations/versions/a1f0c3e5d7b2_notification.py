"""notification: the in-app inbox and the e-mails derived from it

Revision ID: a1f0c3e5d7b2
Revises: c4e8a2f6b1d3
Create Date: 2026-12-05 00:20:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType, UTCDateTime

# revision identifiers, used by Alembic.
revision = "a1f0c3e5d7b2"
down_revision = "c4e8a2f6b1d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("params", JSONType, nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("email", sa.String(length=16), nullable=False),
        sa.Column("email_note", sa.String(length=100), nullable=True),
        sa.Column("emailed_at", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "email IN ('none','pending','sent','skipped')", name=op.f("ck_notification_email")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_notification_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_notification_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("key", name=op.f("uq_notification_key")),
    )
    op.create_index("ix_notification_user_created", "notification", ["user_id", "created_at"])
    op.create_index(op.f("ix_notification_campaign_id"), "notification", ["campaign_id"])
    op.create_index(op.f("ix_notification_email"), "notification", ["email"])


def downgrade():
    op.drop_index(op.f("ix_notification_email"), table_name="notification")
    op.drop_index(op.f("ix_notification_campaign_id"), table_name="notification")
    op.drop_index("ix_notification_user_created", table_name="notification")
    op.drop_table("notification")
