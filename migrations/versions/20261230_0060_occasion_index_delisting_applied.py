"""occasion index: rebuilt, as a 考核 摘牌 application settles the 附件3 owed for its leader

「领衔劳模已故、离职、退休等不能继续发挥示范引领作用的…须向上海市总工会申请摘牌」 [S9] 第九条: once
the unit's and the district's unions applied for a 上海市劳模创新工作室's 摘牌 on a year's 考核, the
city decides it; the 待办 no longer asks the same unions for a 管理变更申请（附件3） about the
leader besides (a city 保留 asks for it again). The index is a projection of the rules: this
empties its state, so the next daily run rebuilds it (``lifecycle.occasions.index.ensure``;
``workshops db upgrade`` at head rebuilds it at once). Nothing to undo.

Revision ID: 0060
Revises: 0059
Create Date: 2026-12-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0060"
down_revision: str | None = "0059"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
