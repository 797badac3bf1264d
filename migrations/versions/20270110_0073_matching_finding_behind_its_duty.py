"""occasion index: a matching shortfall's finding waits behind the unmet matching duty

A district finance saw the same matching shortfall twice in its 待办: the overdue 区级配套资金到位
duty and the audit finding 配套资金逾期未到位/配套资金不足 [S10][C 三（一）]. While the matching is
unmet the duty alone carries it; the finding shows once the matching is met. The index is a
projection of the rules: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``).

Revision ID: 0073
Revises: 0071
Create Date: 2027-01-10
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0073"
down_revision: str | None = "0071"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
