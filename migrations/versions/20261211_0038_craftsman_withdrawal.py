"""上海工匠 applications: the filer's 撤回 kept among the stage records

A unit, association or the applicant's union that filed a 上海工匠 application may withdraw it
while it is under review, with date, signer and reason; the withdrawal is kept in the
application's append-only stage records, marked ``withdrawn`` (not a decision of that stage).

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases: a batch rebuild on SQLite would drop the table's
# append-only triggers.


def upgrade() -> None:
    op.add_column(
        "craftsman_stage_records",
        sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("craftsman_stage_records", "withdrawn")
