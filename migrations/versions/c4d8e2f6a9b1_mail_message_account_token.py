"""mail (helper "mail"): mail_message outbox and account_token one-time links

Revision ID: c4d8e2f6a9b1
Revises: c9e4a2f7b1d3
Create Date: 2026-12-04 21:50:00

"""
import sqlalchemy as sa
from alembic import op

from server.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'c4d8e2f6a9b1'
down_revision = 'c9e4a2f7b1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued','sending','sent','failed')", name=op.f("ck_mail_message_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
        sa.UniqueConstraint("key", name=op.f("uq_mail_message_key")),
    )
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_message_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_message_recipient"), ["recipient"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_message_status"), ["status"], unique=False)
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('password_reset','invitation')", name=op.f("ck_account_token_purpose")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_account_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_token")),
        sa.UniqueConstraint("digest", name=op.f("uq_account_token_digest")),
    )
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_token_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_token_user_id"))
    op.drop_table("account_token")
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_message_status"))
        batch_op.drop_index(batch_op.f("ix_mail_message_recipient"))
        batch_op.drop_index(batch_op.f("ix_mail_message_created_at"))
    op.drop_table("mail_message")
