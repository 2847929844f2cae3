"""shopper pay: visit_expense, pay_adjustment, payment_run, payment_line

Revision ID: d4f6a8c0e2b3
Revises: 617132ca968b
Create Date: 2026-12-05 03:40:00

"""

import sqlalchemy as sa
from alembic import op

from server.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = "d4f6a8c0e2b3"
down_revision = "617132ca968b"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_{column}_{target.split('.')[0]}")
    return sa.ForeignKeyConstraint([column], [target], name=name)


def upgrade():
    op.create_table(
        "visit_expense",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("receipt_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_visit_expense_amount_positive")),
        _fk("visit_expense", "assignment_id", "assignment.id"),
        _fk("visit_expense", "receipt_sha256", "attachment.sha256"),
        _fk("visit_expense", "created_by_id", "user.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_expense")),
    )
    op.create_index(op.f("ix_visit_expense_assignment_id"), "visit_expense", ["assignment_id"])
    op.create_table(
        "pay_adjustment",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        _fk("pay_adjustment", "assignment_id", "assignment.id"),
        _fk("pay_adjustment", "by_id", "user.id"),
        sa.PrimaryKeyConstraint("assignment_id", name=op.f("pk_pay_adjustment")),
    )
    op.create_table(
        "payment_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("paid_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open','paid')", name=op.f("ck_payment_run_status")),
        _fk("payment_run", "created_by_id", "user.id"),
        _fk("payment_run", "paid_by_id", "user.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_run")),
    )
    op.create_table(
        "payment_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("shopper_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("fee_minor", sa.BigInteger(), nullable=False),
        sa.Column("receipts_minor", sa.BigInteger(), nullable=False),
        sa.Column("reimbursed_minor", sa.BigInteger(), nullable=False),
        sa.Column("adjustment_minor", sa.BigInteger(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _fk("payment_line", "run_id", "payment_run.id"),
        _fk("payment_line", "assignment_id", "assignment.id"),
        _fk("payment_line", "shopper_id", "user.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_line")),
        sa.UniqueConstraint("assignment_id", name=op.f("uq_payment_line_assignment_id")),
    )
    op.create_index(op.f("ix_payment_line_run_id"), "payment_line", ["run_id"])
    op.create_index(op.f("ix_payment_line_shopper_id"), "payment_line", ["shopper_id"])


def downgrade():
    op.drop_index(op.f("ix_payment_line_shopper_id"), table_name="payment_line")
    op.drop_index(op.f("ix_payment_line_run_id"), table_name="payment_line")
    op.drop_table("payment_line")
    op.drop_table("payment_run")
    op.drop_table("pay_adjustment")
    op.drop_index(op.f("ix_visit_expense_assignment_id"), table_name="visit_expense")
    op.drop_table("visit_expense")
