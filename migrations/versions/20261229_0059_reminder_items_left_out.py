"""reminder items left out of their digest: done between the sweep and the sending

A digest is re-read when a sender claims it; an item whose occasion was done since the sweep (a
self-check filed, an inspection recorded) is left out of the mail, and 我的提醒 shows it as
withdrawn with the reason kept here (DOMAIN.md §6). None: the item was listed as written.

Revision ID: 0059
Revises: 0058
Create Date: 2026-12-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0059"
down_revision: str | None = "0058"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_out", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.drop_column("left_out")
