"""job: heartbeat (updated_at) and job-level error, so a job cut off by a restart ends

Revision ID: f2b7d9e4c8a1
Revises: e5a8c2d1f4b6
Create Date: 2026-11-23 00:05:00

"""
import sqlalchemy as sa
from alembic import op

from server.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'f2b7d9e4c8a1'
down_revision = 'e5a8c2d1f4b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("error", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_column("error")
        batch_op.drop_column("updated_at")
