"""occasion index FORMAT 26: a scheduled cycle-end inspection says its result is awaited

- A Yangpu cycle-end inspection (周期末实地检查) the district union has scheduled and not yet
  recorded reads 「第2个管理周期末实地检查（已安排于2026年12月15日，结果待登记）」 in the 待办,
  the dashboard, the calendar and mail; before, 「（已安排于2026年12月15日）」, which still read
  as arranged ahead once that day had passed without a result. The words hold on every day (the
  index stores titles generated for its horizon), so no entry goes stale as days pass.

The index is a projection of the rules: this empties its state, so the next daily run rebuilds
it (``lifecycle.occasions.index.ensure``).

Revision ID: 0074
Revises: 0073
Create Date: 2027-01-10
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
