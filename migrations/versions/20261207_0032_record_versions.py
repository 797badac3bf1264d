"""optimistic versions of the records corrected in place by a form or PATCH

A person's record, a union contact and a user now carry ``version``, as designations and grants
do: a correction sent on a page or a client loaded before someone else's is refused instead of
silently undoing it.
Existing rows start at 1.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain ALTER TABLE on both databases (no SQLite table rebuild: other tables reference these).
TABLES = ("persons", "union_contacts", "users")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_column(table, "version")
