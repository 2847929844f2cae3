"""notification settings: org_unit.timezone, user.reminder_emails, campaign.reminder_days

Revision ID: b3d5f7a9c1e2
Revises: a1f0c3e5d7b2
Create Date: 2026-12-05 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType

# revision identifiers, used by Alembic.
revision = "b3d5f7a9c1e2"
down_revision = "a1f0c3e5d7b2"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (SQLite >= 3.35 drops columns itself): a batch copy of "user" would
    # have to reflect its expression index, which SQLAlchemy cannot.
    op.add_column("org_unit", sa.Column("timezone", sa.String(length=64), nullable=True))
    op.add_column(
        "user", sa.Column("reminder_emails", sa.Boolean(), server_default=sa.true(), nullable=False)
    )
    op.add_column("campaign", sa.Column("reminder_days", JSONType, nullable=True))


def downgrade():
    op.drop_column("campaign", "reminder_days")
    op.drop_column("user", "reminder_emails")
    op.drop_column("org_unit", "timezone")
