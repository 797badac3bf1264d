"""occasion index: a Yangpu title's leader change owed names the city title's 摘牌 application

A Yangpu title whose leader can no longer lead, while the team's live 上海市劳模创新工作室
title's 考核 has applied to the city for its 摘牌 [S9] 第九条, now says that application awaits
the city (as the leader change refused meanwhile says), not that the title's 附件3 is decided by
the city; a city title's 考核 rewrites its team's other titles' entries. The index is a
projection of the rules: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``).

Revision ID: 0071
Revises: 0070
Create Date: 2027-01-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0071"
down_revision: str | None = "0070"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
