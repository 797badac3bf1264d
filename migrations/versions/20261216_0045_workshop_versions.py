"""optimistic version of a team's registration, corrected in place (更正登记)

A team's registration is corrected by a form or ``PATCH /api/v1/workshops/{id}``; two officers
correcting it from the same reading silently undid one another. It now carries ``version``, as
persons, contacts and designations do: a correction sent from a reading older than someone
else's change is refused. Existing rows start at 1.

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-16
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0045"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both databases (no SQLite table rebuild: other tables reference it).
    op.add_column(
        "workshops", sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
    )


def downgrade() -> None:
    op.drop_column("workshops", "version")
