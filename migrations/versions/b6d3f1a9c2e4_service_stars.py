"""service stars: star_period, service_star, league_entry

Revision ID: b6d3f1a9c2e4
Revises: b3c7e1d9f2a4
Create Date: 2026-12-05 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = "b6d3f1a9c2e4"
down_revision = "b3c7e1d9f2a4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "star_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("star_count", sa.Integer(), nullable=False),
        sa.Column("min_observations", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_star_period")),
        sa.UniqueConstraint("period", name=op.f("uq_star_period_period")),
    )
    op.create_table(
        "service_star",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_service_star_unit_id_org_unit")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_service_star_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_star")),
        sa.UniqueConstraint("unit_id", "period", "user_id", name="uq_service_star"),
    )
    op.create_index(op.f("ix_service_star_unit_id"), "service_star", ["unit_id"])
    op.create_index(op.f("ix_service_star_period"), "service_star", ["period"])
    op.create_index(op.f("ix_service_star_user_id"), "service_star", ["user_id"])
    op.create_table(
        "league_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("computed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_league_entry_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_league_entry")),
        sa.UniqueConstraint("unit_id", "period", name="uq_league_entry"),
    )
    op.create_index(op.f("ix_league_entry_unit_id"), "league_entry", ["unit_id"])
    op.create_index(op.f("ix_league_entry_period"), "league_entry", ["period"])


def downgrade():
    op.drop_index(op.f("ix_league_entry_period"), table_name="league_entry")
    op.drop_index(op.f("ix_league_entry_unit_id"), table_name="league_entry")
    op.drop_table("league_entry")
    op.drop_index(op.f("ix_service_star_user_id"), table_name="service_star")
    op.drop_index(op.f("ix_service_star_period"), table_name="service_star")
    op.drop_index(op.f("ix_service_star_unit_id"), table_name="service_star")
    op.drop_table("service_star")
    op.drop_table("star_period")
