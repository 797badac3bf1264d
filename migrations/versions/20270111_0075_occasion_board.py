"""occasion board: the dashboard's figures read from a tally keyed by kind and due month

``OccasionIndexRepository.tallied`` read a union's tally by due date (a district's 5,900 rows, a
city's 13,000 at 150,000 designations); the board (``occasion_board``) counts the same entries by
kind, due month and the days a dashboard compares with its as_of, each seen from the days the index
answers for (``lifecycle.occasions.index.board_key``): a district's 433 rows, a city's 537. The
tally's month index, read by nothing else, goes.

The index is a projection of the rules: this empties its state, so the next daily run rebuilds it
with its board (``lifecycle.occasions.index.ensure``); until then reads run the generators.

Revision ID: 0075
Revises: 0074
Create Date: 2027-01-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0075"
down_revision: str | None = "0074"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONTH_INDEX = "ix_occasion_tally_union_month"
MONTH_COLUMNS = [
    "union_id",
    "kind",
    "due_month",
    "due_on",
    "due_from",
    "overdue_from",
    "shows_from",
    "shows_until",
    "entries",
    "mine",
]
KEY = ["union_id", "kind", "due_month", "undated", "overdue_from", "shows_from", "shows_until"]


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
    op.drop_index(MONTH_INDEX, table_name="occasion_tally")
    op.create_table(
        "occasion_board",
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_month", sa.Date(), nullable=False),
        sa.Column("undated", sa.Boolean(), nullable=False),
        sa.Column("overdue_from", sa.Date(), nullable=False),
        sa.Column("shows_from", sa.Date(), nullable=False),
        sa.Column("shows_until", sa.Date(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("mine", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["unions.id"],
            name=op.f("fk_occasion_board_union_id_unions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_occasion_board")),
    )


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
    op.drop_table("occasion_board")
    op.create_index(MONTH_INDEX, "occasion_tally", MONTH_COLUMNS)
