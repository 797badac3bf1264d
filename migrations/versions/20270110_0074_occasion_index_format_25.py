"""occasion index FORMAT 25: a scheduled cycle-end inspection in its to-do line

- A Yangpu cycle-end inspection (周期末实地检查) the district union has scheduled and not yet held
  says so and when, 「第2个管理周期末实地检查（已安排于2026年12月15日实地检查）」, in the 待办, the
  dashboard, the calendar and mail; its status stays as the rule gives it (an overdue inspection
  stays overdue until its result is recorded). Moving the inspection rewrites the date,
  withdrawing it removes the words.

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
