"""The dashboard's tally read takes ``due_from`` too: its month index holds it again

``OccasionIndexRepository.tallied`` tells undated entries by ``due_from`` (0047), a column the
kind-and-month index of 0042 does not hold: the planners left that index for the (union, due
date) one and looked every row up in the table (a city's 13,000 rows at 150,000 designations:
SQLite 38 ms where the index alone answers in 6). The index is rebuilt with ``due_from``.

Revision ID: 0061
Revises: 0060
Create Date: 2026-12-31
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0061"
down_revision: str | None = "0060"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_occasion_tally_union_month"
BEFORE = [
    "union_id",
    "kind",
    "due_month",
    "due_on",
    "overdue_from",
    "shows_from",
    "shows_until",
    "entries",
    "mine",
]
AFTER = [*BEFORE[:4], "due_from", *BEFORE[4:]]


def upgrade() -> None:
    op.drop_index(INDEX, table_name="occasion_tally")
    op.create_index(INDEX, "occasion_tally", AFTER)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="occasion_tally")
    op.create_index(INDEX, "occasion_tally", BEFORE)
