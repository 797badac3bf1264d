"""reminder items found by the date of the sweep that wrote them

Revision ID: 0014
Revises: 0021
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The sweep reads the items already written for its date (its dedup check), not the history.
    op.create_index("ix_reminder_items_sweep_date", "reminder_items", ["sweep_date"])


def downgrade() -> None:
    op.drop_index("ix_reminder_items_sweep_date", table_name="reminder_items")
