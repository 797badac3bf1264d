"""occasion tally: keyed by due_from too, so any status filter's total is a sum of it

The 待办 list's totals under a status filter the tally could not tell (due, upcoming, due or
overdue) counted the entries, ~0.5–1 s for the city at 150,000 titles; with due_from the tally
answers them. The tally is a projection: this migration recreates it empty and empties the index's
state, so the next daily run rebuilds both (``lifecycle.occasions.index.ensure``); until then
reads run the generators.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DAYS = ["overdue_from", "shows_from", "shows_until"]


def _tally(key_days: list[str]) -> None:
    op.create_table(
        "occasion_tally",
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        *(sa.Column(day, sa.Date(), nullable=False) for day in key_days),
        sa.Column("due_month", sa.Date(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("mine", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["unions.id"],
            name=op.f("fk_occasion_tally_union_id_unions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "union_id", "kind", "due_on", *key_days, name=op.f("pk_occasion_tally")
        ),
    )
    op.create_index("ix_occasion_tally_union_due", "occasion_tally", ["union_id", "due_on", *DAYS])


def _rebuild(key_days: list[str]) -> None:
    op.execute("DELETE FROM occasion_index_state")
    op.drop_index("ix_occasion_tally_union_due", table_name="occasion_tally")
    op.drop_table("occasion_tally")
    _tally(key_days)


def upgrade() -> None:
    _rebuild(["due_from", *DAYS])


def downgrade() -> None:
    _rebuild(DAYS)
