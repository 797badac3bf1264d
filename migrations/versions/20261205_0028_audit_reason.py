"""audit log: the reason a change was made, where its use case asks for one

An officer's correction of a person's record (a birth date moves the legal retirement date and
its reminders) now states why; the reason is kept with each audit entry of that change, so the
修改记录 page shows it beside the values it changed.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases: a batch rebuild on SQLite would drop the table's
# append-only triggers.


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_log", "reason")
