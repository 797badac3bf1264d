"""The dashboard reads a union's occasion tally by kind and month from one index

``OccasionIndexRepository.tallied`` groups a union's tally rows by kind and due month (a city's
13,000 rows at 150,000 designations); an index in that order holding every column the read
takes lets both databases read it in order from the index alone, with no sort.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-13
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_occasion_tally_union_month"
COLUMNS = [
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


def upgrade() -> None:
    op.create_index(INDEX, "occasion_tally", COLUMNS)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="occasion_tally")
