"""occasion index: rebuilt, as a 附件3 step waiting is due on no day and never overdue

The regulations set the unit's, the district's and the city's steps of a 附件3 management change
request no deadline [C 三（六）]; the index held a waiting step as overdue from the day after it
began waiting. Its entries are now due on no day (``Timeline.undated``), so the entries and the
tally changed. The index is a projection of the rules: this empties its state, so the next daily
run rebuilds it (``lifecycle.occasions.index.ensure``; ``workshops db upgrade`` at head rebuilds
it at once). Nothing to undo.

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-18
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0047"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
