"""item_score covering index for campaign aggregation

Revision ID: a4c1e7b25d10
Revises: 9dd0c4303edc
Create Date: 2026-11-22 20:45:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a4c1e7b25d10'
down_revision = '9dd0c4303edc'
branch_labels = None
depends_on = None

COLUMNS = ["campaign_id", "subject_id", "question_id", "relationship", "counted", "value_num",
           "score", "submission_id"]


def upgrade():
    with op.batch_alter_table("item_score", schema=None) as batch_op:
        batch_op.create_index("ix_item_score_agg", COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("item_score", schema=None) as batch_op:
        batch_op.drop_index("ix_item_score_agg")
