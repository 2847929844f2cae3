"""queue helper: review_pdf (review PDFs rendered once, kept in storage) and job.state

Revision ID: c4e8a2f6b1d3
Revises: c4d8e2f6a9b1
Create Date: 2026-12-04 21:50:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from server.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'c4e8a2f6b1d3'
down_revision = 'c4d8e2f6a9b1'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        "review_pdf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("rendered_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_review_pdf_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["user.id"], name=op.f("fk_review_pdf_employee_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_pdf")),
        sa.UniqueConstraint(
            "campaign_id",
            "employee_id",
            "content_hash",
            name=op.f("uq_review_pdf_campaign_id"),
        ),
    )
    with op.batch_alter_table("review_pdf", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_pdf_campaign_id"), ["campaign_id"], unique=False
        )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state", JSON, nullable=True))


def downgrade():
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_column("state")
    with op.batch_alter_table("review_pdf", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_pdf_campaign_id"))
    op.drop_table("review_pdf")
