"""occasion index: rebuilt for the new kind leader_title_missing

A 上海市工匠创新工作室 whose leader is not on record as 上海工匠 (领衔人必须是“上海工匠”, 2024 notice
一（一）) is now an occasion for the naming union. The index is a projection of the rules: this
migration empties its state, so the next daily run rebuilds it with the new kind
(``lifecycle.occasions.index.ensure``); until then reads run the generators. No schema change.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
