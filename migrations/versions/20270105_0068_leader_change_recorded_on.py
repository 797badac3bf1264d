"""occasion index: the consent owed on a takeover past the legal age arises when it is recorded

A Yangpu leader who took the title over already past the legal retirement age owes the consent
to continue [Y13] from the takeover's effective day, however late the change was entered, so one
entered late was told only at its weekly overdue repeat (DOMAIN.md §6). Each leader change now
keeps ``recorded_on``, the service's day it was entered (the city's decision day for a 附件3
leader change; NULL for those entered before, which count from the effective day), and the
consent arises on the later of the two. The index is a projection of the rules: this empties
its state, so the next daily run rebuilds it (``lifecycle.occasions.index.ensure``).

Revision ID: 0068
Revises: 0067
Create Date: 2027-01-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0068"
down_revision: str | None = "0067"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
    op.add_column("leader_changes", sa.Column("recorded_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+ too): a batch rebuild would lose leader_changes'
    # append-only triggers; the column is neither indexed nor constrained.
    op.drop_column("leader_changes", "recorded_on")
    op.execute("DELETE FROM occasion_index_state")
