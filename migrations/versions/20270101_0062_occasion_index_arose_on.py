"""occasion index: the day each duty arose, so the sweep tells a duty new since its last day

A duty that arises after the first lead day of its kind (a 整改通知 issued 20 days before its
deadline, with lead days 60/30/7) was told only at its next lead day (DOMAIN.md §6). The index
stores the day each duty arose (``Occasion.arose_on``: the notice's issue date, the 整改情况报告's
day for the 复查, else the title's naming) under an index of its own, so the sweep reads by a
date range only the duties arisen since its previous day (``reminders.service.arrivals``); the
items get an index on the occasion key, to find who was told of those few before
(``ReminderRepository.told``). The index is a projection of the rules: this empties its state,
so the next daily run rebuilds it (``lifecycle.occasions.index.ensure``; ``workshops db upgrade``
at head rebuilds it at once).

Revision ID: 0062
Revises: 0061
Create Date: 2027-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0062"
down_revision: str | None = "0061"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
    op.add_column("occasion_index", sa.Column("arose_on", sa.Date(), nullable=True))
    op.create_index("ix_occasion_index_arose", "occasion_index", ["arose_on", "due_on"])
    op.create_index("ix_reminder_items_occasion_key", "reminder_items", ["occasion_key"])


def downgrade() -> None:
    op.drop_index("ix_reminder_items_occasion_key", table_name="reminder_items")
    op.drop_index("ix_occasion_index_arose", table_name="occasion_index")
    with op.batch_alter_table("occasion_index") as batch_op:
        batch_op.drop_column("arose_on")
    op.execute("DELETE FROM occasion_index_state")
