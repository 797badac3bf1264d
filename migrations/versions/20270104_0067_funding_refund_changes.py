"""a recorded refund is corrected or voided by a change of its own, with its reason

A refund recorded with a finding resolved 已退回 (``funding_refunds``, append-only) could not be
put right: a typo in its amount, date or reference stayed in the title's funds. Each correction
or void is now a row of ``funding_refund_changes`` carrying the refund's values from then on,
the reason, who and when; unique (refund, version) refuses a lost race. Append-only too.

Revision ID: 0067
Revises: 0066
Create Date: 2027-01-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0067"
down_revision: str | None = "0066"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "funding_refund_changes"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("refunded_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount_fen > 0", name=op.f("ck_funding_refund_changes_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"],
            ["funding_refunds.id"],
            name=op.f("fk_funding_refund_changes_refund_id_funding_refunds"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_refund_changes")),
        sa.UniqueConstraint(
            "refund_id", "version", name=op.f("uq_funding_refund_changes_refund_id_version")
        ),
    )
    op.create_index(op.f("ix_funding_refund_changes_refund_id"), TABLE, ["refund_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {TABLE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
    op.drop_index(op.f("ix_funding_refund_changes_refund_id"), table_name=TABLE)
    op.drop_table(TABLE)
