"""a finding resolved 已退回 records the money returned as a fact of its own

Resolving a 专款专用 finding as 已退回 ([Y16] 第十六条, [S10] 第十条) left only a note: the title's
funds, the finance list and its workbook still counted the money as kept. Each refund now is a
row of ``funding_refunds`` (amount in fen, date, the reference of the transfer), one per finding,
counted against what the title received. The table is append-only.

Revision ID: 0065
Revises: 0064
Create Date: 2027-01-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0065"
down_revision: str | None = "0064"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "funding_refunds"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("refunded_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["funding_findings.id"],
            name=op.f("fk_funding_refunds_finding_id_funding_findings"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_funding_refunds_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_refunds")),
        sa.UniqueConstraint("finding_id", name=op.f("uq_funding_refunds_finding_id")),
    )
    op.create_index(
        op.f("ix_funding_refunds_designation_id"), TABLE, ["designation_id"], unique=False
    )
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
    op.drop_index(op.f("ix_funding_refunds_designation_id"), table_name=TABLE)
    op.drop_table(TABLE)
