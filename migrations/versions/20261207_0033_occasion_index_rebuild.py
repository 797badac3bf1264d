"""occasion index: rebuilt, as the occasion rules changed what it holds

A standing occasion that is not a warning (a 附件3 step waiting, a 附件3 report owed, 待撤牌) is
now overdue the day after its date, and a leader who can no longer lead now owes a change on a
Yangpu title too (or undated, from the person record), so the entries and the tally changed.
The index and its tally are projections of the rules: this empties the index's state, so the next
daily run rebuilds both (``lifecycle.occasions.index.ensure``); until then reads run the
generators. Nothing to undo.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
