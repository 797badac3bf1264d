"""occasion index: rebuilt, as a Yangpu title's leader item names the 摘牌 route of a model-worker title

A Yangpu title whose leader can no longer lead, on a team also holding a live 上海市劳模创新工作室
title, said 「领衔人须经该称号的管理变更申请（附件3）由市总工会审定后变更，本称号随之变更」; but
that title's 附件3 may only 摘牌 ([S9] 第九条), after which the district changes the Yangpu title's
leader itself. The item now says so, and cites the article of either route. The index stores each
item's title: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``; ``workshops db upgrade`` at head rebuilds it at once).
Nothing to undo.

Revision ID: 0056
Revises: 0055
Create Date: 2026-12-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0056"
down_revision: str | None = "0055"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
