"""attachment: where the capture time / position came from (EXIF or the device's headers)

Revision ID: d7e2b4c9a1f3
Revises: c3f1a9e2b7d4
Create Date: 2026-11-22 22:05:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd7e2b4c9a1f3'
down_revision = 'c3f1a9e2b7d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("captured_at_source", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("gps_source", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("gps_accuracy", sa.Float(), nullable=True))
    # Rows stored before this revision only ever took their values from EXIF.
    op.execute("UPDATE attachment SET captured_at_source = 'exif' WHERE captured_at IS NOT NULL")
    op.execute("UPDATE attachment SET gps_source = 'exif' WHERE gps_lat IS NOT NULL")


def downgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_column("gps_accuracy")
        batch_op.drop_column("gps_source")
        batch_op.drop_column("captured_at_source")
