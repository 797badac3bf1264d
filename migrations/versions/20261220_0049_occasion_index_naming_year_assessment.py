"""occasion index: rebuilt, as a city title owes the 考核 of its naming year

「所在单位工会、区局（产业）工会每年期末应对劳模创新工作室进行管理考核」 [S9]: a 上海市劳模创新工作室
named after 1 October owed no 考核 for its naming year, so a district's 摘牌 application of that
year reached no 待办 of the city. Every title now owes its naming year's 考核 (reading D1a), so
the index gains entries. The index is a projection of the rules: this empties its state, so the
next daily run rebuilds it (``lifecycle.occasions.index.ensure``; ``workshops db upgrade`` at
head rebuilds it at once). Nothing to undo.

Revision ID: 0049
Revises: 0048
Create Date: 2026-12-20
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0049"
down_revision: str | None = "0048"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
