"""occasion index: each entry stores the rule's days (due, overdue, shows); the dashboard tally

The index is a projection: this migration empties it (and its state), so the next daily run
rebuilds it whole in the new shape (``lifecycle.occasions.index.ensure``); until then reads run
the generators.

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DAYS = ["overdue_from", "shows_from", "shows_until"]
OLD_FACTS = ["kind", "standing", "visible_until", "window_days"]


def _entries(days: list[sa.Column[object]], facts: list[str]) -> None:
    op.create_table(
        "occasion_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("scope_path", sa.String(length=400), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("standing", sa.Boolean(), nullable=False),
        *days,
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_occasion_index_designation_id_designations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["unions.id"],
            name=op.f("fk_occasion_index_union_id_unions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occasion_index")),
        sa.UniqueConstraint("key", name=op.f("uq_occasion_index_key")),
    )
    op.create_index(op.f("ix_occasion_index_designation_id"), "occasion_index", ["designation_id"])
    op.create_index(
        "ix_occasion_index_scope_due",
        "occasion_index",
        ["scope_path", "due_on", *facts, "union_id"],
    )
    op.create_index(
        "ix_occasion_index_union_due",
        "occasion_index",
        ["union_id", "due_on", *(facts if facts == DAYS else [])],
    )
    op.create_index(
        "ix_occasion_index_due", "occasion_index", ["due_on", *facts, "scope_path", "union_id"]
    )


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
    op.drop_table("occasion_index")
    _entries(
        [
            sa.Column("due_from", sa.Date(), nullable=False),
            sa.Column("overdue_from", sa.Date(), nullable=False),
            sa.Column("shows_from", sa.Date(), nullable=False),
            sa.Column("shows_until", sa.Date(), nullable=False),
        ],
        DAYS,
    )
    op.create_table(
        "occasion_tally",
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("overdue_from", sa.Date(), nullable=False),
        sa.Column("shows_from", sa.Date(), nullable=False),
        sa.Column("shows_until", sa.Date(), nullable=False),
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
            "union_id",
            "kind",
            "due_on",
            "overdue_from",
            "shows_from",
            "shows_until",
            name=op.f("pk_occasion_tally"),
        ),
    )


def downgrade() -> None:
    op.drop_table("occasion_tally")
    op.execute("DELETE FROM occasion_index_state")
    op.drop_table("occasion_index")
    _entries(
        [
            sa.Column("visible_until", sa.Date(), nullable=True),
            sa.Column("window_days", sa.Integer(), nullable=False),
        ],
        OLD_FACTS,
    )
