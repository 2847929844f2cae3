"""review acknowledgement and development plan (the employee's side of a review)

Revision ID: b7c1d9e2f4a6
Revises: b6d3f1a9c2e4
Create Date: 2026-12-05 00:30:00

"""
import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType, UTCDateTime

# revision identifiers, used by Alembic.
revision = "b7c1d9e2f4a6"
down_revision = "b6d3f1a9c2e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("acknowledged_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["employee_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "employee_id"),
    )
    with op.batch_alter_table("review_acknowledgement", schema=None) as batch_op:
        batch_op.create_index("ix_review_acknowledgement_campaign_id", ["campaign_id"])
        batch_op.create_index("ix_review_acknowledgement_employee_id", ["employee_id"])
    op.create_table(
        "development_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("goals", JSONType, nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["employee_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "employee_id"),
    )
    with op.batch_alter_table("development_plan", schema=None) as batch_op:
        batch_op.create_index("ix_development_plan_campaign_id", ["campaign_id"])
        batch_op.create_index("ix_development_plan_employee_id", ["employee_id"])


def downgrade():
    op.drop_table("development_plan")
    op.drop_table("review_acknowledgement")
