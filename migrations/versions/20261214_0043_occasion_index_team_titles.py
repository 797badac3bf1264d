"""occasion index: rebuilt, as a leader change owed on a Yangpu title now names the team's city title

A Yangpu title whose leader can no longer lead asked 「请区总工会变更带头人」 even while the team
holds a live city title whose leader changes only by the city's 附件3 decision (reading 43a), a
change the service refuses. The entry now names that title and its route, so the index's titles
changed. The index is a projection of the rules: this empties its state, so the next daily run
rebuilds it (``lifecycle.occasions.index.ensure``); until then reads run the generators. Nothing
to undo.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-14
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
