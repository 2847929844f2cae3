"""ops: periodic_run, worker_heartbeat, rate_limit_counter (shared operations records)

Revision ID: c9e4a2f7b1d3
Revises: b8d4f1a6c2e9
Create Date: 2026-12-04 21:50:00

"""
import sqlalchemy as sa
from alembic import op

from server.models.base import JSONType, UTCDateTime

# revision identifiers, used by Alembic.
revision = 'c9e4a2f7b1d3'
down_revision = 'b8d4f1a6c2e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "periodic_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.String(length=32), nullable=False),
        sa.Column("started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", JSONType, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_periodic_run")),
        sa.UniqueConstraint("task", "slot", name="uq_periodic_run_task_slot"),
    )
    op.create_table(
        "worker_heartbeat",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("host", sa.String(length=120), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_worker_heartbeat")),
    )
    with op.batch_alter_table("worker_heartbeat", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_heartbeat_seen_at"), ["seen_at"])
    op.create_table(
        "rate_limit_counter",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counter")),
    )
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_limit_counter_expires_at"), ["expires_at"])


def downgrade():
    with op.batch_alter_table("rate_limit_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_counter_expires_at"))
    op.drop_table("rate_limit_counter")
    with op.batch_alter_table("worker_heartbeat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worker_heartbeat_seen_at"))
    op.drop_table("worker_heartbeat")
    op.drop_table("periodic_run")
