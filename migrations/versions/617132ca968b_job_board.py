"""job board: job_offer, job_application, job_conflict, job_board_settings, shopper_home

Revision ID: 617132ca968b
Revises: a4c7e1f9d2b8
Create Date: 2026-12-05 03:23:03

"""

import sqlalchemy as sa
from alembic import op

import server.models.base

# revision identifiers, used by Alembic.
revision = "617132ca968b"
down_revision = "a4c7e1f9d2b8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shopper_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_job_conflict_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["shopper_id"], ["user.id"], name=op.f("fk_job_conflict_shopper_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_job_conflict_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_conflict")),
        sa.UniqueConstraint("shopper_id", "unit_id", name=op.f("uq_job_conflict_shopper_id")),
    )
    op.create_index(
        op.f("ix_job_conflict_shopper_id"), "job_conflict", ["shopper_id"], unique=False
    )

    op.create_table(
        "shopper_home",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=True),
        sa.Column("updated_at", server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_shopper_home_user_id_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_shopper_home")),
    )
    op.create_table(
        "job_board_settings",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("max_per_unit", sa.Integer(), nullable=False),
        sa.Column("cancel_cutoff_hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_job_board_settings_campaign_id_campaign"),
        ),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_job_board_settings")),
    )
    op.create_table(
        "job_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("shopper_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", server.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_job_application_assignment_id_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["user.id"], name=op.f("fk_job_application_decided_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["shopper_id"], ["user.id"], name=op.f("fk_job_application_shopper_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_application")),
        sa.UniqueConstraint(
            "assignment_id", "shopper_id", name=op.f("uq_job_application_assignment_id")
        ),
    )
    op.create_index(
        op.f("ix_job_application_assignment_id"), "job_application", ["assignment_id"], unique=False
    )
    op.create_index(
        op.f("ix_job_application_shopper_id"), "job_application", ["shopper_id"], unique=False
    )

    op.create_table(
        "job_offer",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("min_rating", sa.Float(), nullable=True),
        sa.Column("certification", sa.String(length=64), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("taken_at", server.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("scheduled_at", server.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignment.id"], name=op.f("fk_job_offer_assignment_id_assignment")
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["user.id"], name=op.f("fk_job_offer_published_by_id_user")
        ),
        sa.PrimaryKeyConstraint("assignment_id", name=op.f("pk_job_offer")),
    )


def downgrade():
    op.drop_table("job_offer")
    op.drop_index(op.f("ix_job_application_shopper_id"), table_name="job_application")
    op.drop_index(op.f("ix_job_application_assignment_id"), table_name="job_application")

    op.drop_table("job_application")
    op.drop_table("job_board_settings")
    op.drop_table("shopper_home")
    op.drop_index(op.f("ix_job_conflict_shopper_id"), table_name="job_conflict")

    op.drop_table("job_conflict")
