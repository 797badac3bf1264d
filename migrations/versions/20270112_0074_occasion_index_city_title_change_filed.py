"""occasion index: the district's item names the city title's filed 附件3

A Yangpu title whose leader could not lead on, while the team's 上海市劳模创新工作室 had its
附件3 (摘牌) filed and in hand, still asked the district for that 附件3 [S9]. The item now names
the filed request. The index is a projection of the rules: this empties its state, so the next
daily run rebuilds it (``lifecycle.occasions.index.ensure``).

Revision ID: 0074
Revises: 0073
Create Date: 2027-01-12
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0074"
down_revision: str | None = "0073"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
