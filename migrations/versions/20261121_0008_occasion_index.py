"""materialised occasion index

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "occasion_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("scope_path", sa.String(length=400), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("standing", sa.Boolean(), nullable=False),
        sa.Column("visible_until", sa.Date(), nullable=True),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_occasion_index_designation_id_designations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["unions.id"],
            name=op.f("fk_occasion_index_union_id_unions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occasion_index")),
        sa.UniqueConstraint("key", name=op.f("uq_occasion_index_key")),
    )
    op.create_index(op.f("ix_occasion_index_designation_id"), "occasion_index", ["designation_id"])
    op.create_index("ix_occasion_index_due", "occasion_index", ["due_on"])
    op.create_index("ix_occasion_index_scope_due", "occasion_index", ["scope_path", "due_on"])
    op.create_index("ix_occasion_index_union_due", "occasion_index", ["union_id", "due_on"])
    op.create_table(
        "occasion_index_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("built_for", sa.Date(), nullable=False),
        sa.Column("through", sa.Date(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occasion_index_state")),
    )


def downgrade() -> None:
    op.drop_table("occasion_index_state")
    op.drop_index("ix_occasion_index_union_due", table_name="occasion_index")
    op.drop_index("ix_occasion_index_scope_due", table_name="occasion_index")
    op.drop_index("ix_occasion_index_due", table_name="occasion_index")
    op.drop_index(op.f("ix_occasion_index_designation_id"), table_name="occasion_index")
    op.drop_table("occasion_index")
