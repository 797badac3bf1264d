"""reminder items of applications waiting for a union's step

An application waiting for a union's step is an item of its digest, though it is no designation:
``reminder_items.designation_id`` may be empty. Such an item is announced once whatever the day,
so a sweep reads them by lead step (the new index).

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_items") as batch:
        batch.alter_column("designation_id", existing_type=sa.Integer(), nullable=True)
    op.create_index(
        "ix_reminder_items_lead_step", "reminder_items", ["lead_step", "recipient_email"]
    )


def downgrade() -> None:
    op.drop_index("ix_reminder_items_lead_step", table_name="reminder_items")
    op.execute("DELETE FROM reminder_items WHERE designation_id IS NULL")
    with op.batch_alter_table("reminder_items") as batch:
        batch.alter_column("designation_id", existing_type=sa.Integer(), nullable=False)
