"""reminder items: no indexes on designation_id and union_id

No query reads reminder items by designation or by union (history is by recipient, the outbox
view by message), and designations and unions are never deleted, so the two indexes only slowed
the daily sweep's insert of hundreds of thousands of items. The foreign keys stay.

Revision ID: 0009
Revises: 0010
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_items_designation_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_items_union_id"))


def downgrade() -> None:
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminder_items_designation_id"), ["designation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminder_items_union_id"), ["union_id"], unique=False)
