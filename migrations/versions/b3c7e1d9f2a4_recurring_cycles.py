"""recurring cycles: campaign templates, the campaign of each period, per-day check-ins

Revision ID: b3c7e1d9f2a4
Revises: b8d4e6f1a2c9
Create Date: 2026-12-05 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType, UTCDateTime

# revision identifiers, used by Alembic.
revision = "b3c7e1d9f2a4"
down_revision = "b8d4e6f1a2c9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "campaign_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", JSONType, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("forms", JSONType, nullable=False),
        sa.Column("recurrence", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("window_days", sa.Integer(), nullable=True),
        sa.Column("due_days_before_end", sa.Integer(), nullable=False),
        sa.Column("per_day", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("settings", JSONType, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "recurrence IN ('daily','weekly','monthly','quarterly','half_yearly')",
            name=op.f("ck_campaign_template_recurrence"),
        ),
        sa.CheckConstraint(
            "status IN ('active','paused')", name=op.f("ck_campaign_template_status")
        ),
        sa.CheckConstraint(
            "kind IN ('360','mystery_shop','customer','mixed')",
            name=op.f("ck_campaign_template_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_campaign_template_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_campaign_template_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_template")),
    )
    op.create_table(
        "cycle_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("per_day", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_cycle_period_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["campaign_template.id"],
            name=op.f("fk_cycle_period_template_id_campaign_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_period")),
        sa.UniqueConstraint("template_id", "period_start", name="uq_cycle_period"),
        sa.UniqueConstraint("campaign_id", name="uq_cycle_period_campaign"),
    )
    op.create_index(op.f("ix_cycle_period_template_id"), "cycle_period", ["template_id"])
    op.create_table(
        "daily_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_daily_checkin_assignment_id_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["rater_id"], ["user.id"], name=op.f("fk_daily_checkin_rater_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_daily_checkin_submission_id_submission"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_checkin")),
        sa.UniqueConstraint("assignment_id", "day", name="uq_daily_checkin_day"),
        sa.UniqueConstraint("submission_id", name="uq_daily_checkin_submission"),
    )
    op.create_index("ix_daily_checkin_rater_day", "daily_checkin", ["rater_id", "day"])


def downgrade():
    op.drop_index("ix_daily_checkin_rater_day", table_name="daily_checkin")
    op.drop_table("daily_checkin")
    op.drop_index(op.f("ix_cycle_period_template_id"), table_name="cycle_period")
    op.drop_table("cycle_period")
    op.drop_table("campaign_template")
