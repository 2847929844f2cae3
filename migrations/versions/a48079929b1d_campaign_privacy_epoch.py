"""campaign.privacy_epoch: raised by an erasure, checked by export and ZIP builds

Revision ID: a48079929b1d
Revises: d32059d37382
Create Date: 2026-12-05 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a48079929b1d"
down_revision = "d32059d37382"
branch_labels = None
depends_on = None


def upgrade():
    # a plain ADD COLUMN (SQLite too): a batch copy of `campaign` breaks its foreign keys
    op.add_column(
        "campaign",
        sa.Column("privacy_epoch", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade():
    op.drop_column("campaign", "privacy_epoch")
