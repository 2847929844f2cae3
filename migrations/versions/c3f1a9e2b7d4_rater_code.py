"""rater_code: pseudonymous per-campaign rater codes for exports

Revision ID: c3f1a9e2b7d4
Revises: a4c1e7b25d10
Create Date: 2026-11-22 20:55:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c3f1a9e2b7d4'
down_revision = 'a4c1e7b25d10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rater_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("rater_key", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"],
                                name=op.f("fk_rater_code_campaign_id_campaign")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rater_code")),
        sa.UniqueConstraint("campaign_id", "rater_key", name="uq_rater_code_rater"),
        sa.UniqueConstraint("campaign_id", "code", name="uq_rater_code_code"),
    )
    with op.batch_alter_table("rater_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rater_code_campaign_id"), ["campaign_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("rater_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rater_code_campaign_id"))
    op.drop_table("rater_code")
