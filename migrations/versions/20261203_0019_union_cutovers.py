"""union cut-over dates (系统启用日期) for adopting an existing registry

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "union_cutovers",
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("cutover_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["unions.id"],
            name=op.f("fk_union_cutovers_union_id_unions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("union_id", name=op.f("pk_union_cutovers")),
    )


def downgrade() -> None:
    op.drop_table("union_cutovers")
