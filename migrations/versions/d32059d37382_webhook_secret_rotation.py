"""webhook secret rotation: the previous secret and the end of its grace window

Revision ID: d32059d37382
Revises: e6b8d0f2a4c7
Create Date: 2026-12-05 07:00:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = "d32059d37382"
down_revision = "e6b8d0f2a4c7"
branch_labels = None
depends_on = None


def upgrade():
    # plain ADD COLUMNs (SQLite too): a batch copy would break the deliveries' foreign key
    op.add_column(
        "webhook_endpoint", sa.Column("previous_secret", sa.String(length=200), nullable=True)
    )
    op.add_column(
        "webhook_endpoint",
        sa.Column("previous_secret_until", UTCDateTime(timezone=True), nullable=True),
    )


def downgrade():
    with op.batch_alter_table("webhook_endpoint") as batch:
        batch.drop_column("previous_secret_until")
        batch.drop_column("previous_secret")
