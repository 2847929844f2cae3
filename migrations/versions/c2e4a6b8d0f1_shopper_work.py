"""shopper work: visit_terms (fee, expense cap), shopper_certification

Revision ID: c2e4a6b8d0f1
Revises: b7d3f1a9c2e4
Create Date: 2026-12-05 03:40:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = "c2e4a6b8d0f1"
down_revision = "b7d3f1a9c2e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "visit_terms",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("fee_minor", sa.Integer(), nullable=False),
        sa.Column("expense_cap_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reimburse_on_reject", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_visit_terms_assignment_id_assignment"),
        ),
        sa.PrimaryKeyConstraint("assignment_id", name=op.f("pk_visit_terms")),
    )
    op.create_table(
        "shopper_certification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("passed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_shopper_certification_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shopper_certification")),
    )
    op.create_index(op.f("ix_shopper_certification_user_id"), "shopper_certification", ["user_id"])
    op.create_index(
        op.f("ix_shopper_certification_scenario"), "shopper_certification", ["scenario"]
    )


def downgrade():
    op.drop_index(op.f("ix_shopper_certification_scenario"), table_name="shopper_certification")
    op.drop_index(op.f("ix_shopper_certification_user_id"), table_name="shopper_certification")
    op.drop_table("shopper_certification")
    op.drop_table("visit_terms")
