"""submission.replaces_id: partial index (only rows that replace another)

Almost every replaces_id is NULL. With a full index and planner statistics, SQLite
estimates `replaces_id IN (...)` to match the whole table and scans it (6 ms per
review on the 24,000-submission benchmark); the partial index holds only the few
replacing rows, so the chain walk in server.services.counting is an index search.

Revision ID: e5a8c2d1f4b6
Revises: d7e2b4c9a1f3
Create Date: 2026-11-22 23:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5a8c2d1f4b6'
down_revision = 'd7e2b4c9a1f3'
branch_labels = None
depends_on = None

NOT_NULL = sa.text("replaces_id IS NOT NULL")


def upgrade():
    op.drop_index("ix_submission_replaces_id", table_name="submission")
    op.create_index(
        "ix_submission_replaces_id",
        "submission",
        ["replaces_id"],
        sqlite_where=NOT_NULL,
        postgresql_where=NOT_NULL,
    )


def downgrade():
    op.drop_index("ix_submission_replaces_id", table_name="submission")
    op.create_index("ix_submission_replaces_id", "submission", ["replaces_id"])
