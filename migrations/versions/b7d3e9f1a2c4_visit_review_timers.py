"""visit review timers: campaign.review_timers and visit_timer_event (issue 14 §4)

Revision ID: b7d3e9f1a2c4
Revises: b3d5f7a9c1e2
Create Date: 2026-12-05 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType, UTCDateTime

# revision identifiers, used by Alembic.
revision = "b7d3e9f1a2c4"
down_revision = "b3d5f7a9c1e2"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (SQLite >= 3.35 drops columns itself): a batch copy of "campaign"
    # fails its foreign keys once rows refer to it.
    op.add_column("campaign", sa.Column("review_timers", JSONType, nullable=True))
    op.create_table(
        "visit_timer_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("fired_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_visit_timer_event_assignment_id_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_visit_timer_event_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_visit_timer_event_submission_id_submission"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_timer_event")),
        sa.UniqueConstraint("submission_id", "rule", name="uq_visit_timer_event"),
    )
    for column in ("assignment_id", "campaign_id", "submission_id"):
        op.create_index(
            op.f(f"ix_visit_timer_event_{column}"), "visit_timer_event", [column], unique=False
        )


def downgrade():
    for column in ("submission_id", "campaign_id", "assignment_id"):
        op.drop_index(op.f(f"ix_visit_timer_event_{column}"), table_name="visit_timer_event")
    op.drop_table("visit_timer_event")
    op.drop_column("campaign", "review_timers")
