"""Occasion tally: an index on (union_id, due_on, the days) for the dashboard's overdue span

The dashboard reads a union's overdue tally rows in due-date order until it has the first
page's worth; with this index the read stops there instead of sorting the subtree's every day. It carries the
days the read compares with ``as_of`` (no row is fetched to compare them).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_occasion_tally_union_due",
        "occasion_tally",
        ["union_id", "due_on", "overdue_from", "shows_from", "shows_until"],
    )


def downgrade() -> None:
    op.drop_index("ix_occasion_tally_union_due", table_name="occasion_tally")
