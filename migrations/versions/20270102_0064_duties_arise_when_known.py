"""occasion index: a leader event's duty and the district matching arise when the service learns

The 附件3 (or Yangpu leader change) owed after a leader's retirement, departure or death, and the
district matching owed after the city grant's payment, counted as arising at the title's naming,
so one recorded late was told only at its next lead day or weekly overdue repeat (DOMAIN.md §6).
They now arise on the later of the day it happened and the day it was recorded
(the new ``leader_events.recorded_on`` and ``funding_grants.paid_recorded_on``, the service's
day each was entered; NULL for those entered before, which count from the day they happened). The index is a projection of the
rules: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``; ``workshops db upgrade`` at head rebuilds it at once).

Revision ID: 0064
Revises: 0063
Create Date: 2027-01-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0064"
down_revision: str | None = "0063"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
    op.add_column("funding_grants", sa.Column("paid_recorded_on", sa.Date(), nullable=True))
    op.add_column("leader_events", sa.Column("recorded_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+ too): a batch rebuild would lose leader_events' append-only
    # triggers; neither column is indexed or constrained.
    op.drop_column("leader_events", "recorded_on")
    op.drop_column("funding_grants", "paid_recorded_on")
    op.execute("DELETE FROM occasion_index_state")
