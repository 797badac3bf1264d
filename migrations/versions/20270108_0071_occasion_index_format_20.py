"""occasion index FORMAT 20: four changes in what the rules write

- A Yangpu title whose leader can no longer lead, while the team's live 上海市劳模创新工作室
  title's 考核 has applied to the city for its 摘牌 [S9] 第九条, says that application awaits the
  city (as the leader change refused meanwhile says); a title's 考核 rewrites its team's entries.
- The same item names the city title's open 附件3 (摘牌) request, its number and day, while one is
  in hand, instead of asking for it.
- A matching shortfall is one item for the district finance: the unmet 区级配套资金到位 duty
  names its finding; the finding's own item waits until the matching is met [S10][C 三（一）].
- A 上海市工匠创新工作室 title whose leader holds 上海工匠 owes no 领衔人称号未登记 item, not even
  a done one [C 一（一）].

The index is a projection of the rules: this empties its state, so the next daily run rebuilds
it (``lifecycle.occasions.index.ensure``).

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
