"""occasion index: the Yangpu consent owed after an early retirement arises when the service learns

The consent a Yangpu leader who retired before the legal age owes [Y13] counted as arising at the
title's naming, so one recorded late was told only at its weekly overdue repeat (DOMAIN.md §6).
It now arises on the later of the retirement and the day its leader event was recorded
(``leader_events.recorded_on``, migration 0064), as the change after a departure does. No column
changes; the index is a projection of the rules: this empties its state, so the next daily run
rebuilds it (``lifecycle.occasions.index.ensure``; ``workshops db upgrade`` at head rebuilds it).

Revision ID: 0066
Revises: 0065
Create Date: 2027-01-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0066"
down_revision: str | None = "0065"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
