"""grant corrections and voids

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_OFF_INDEX = "uq_funding_grants_one_off_designation"
ONE_OFF_ONLY = sa.text("kind = 'one_off'")
ONE_OFF_NOT_VOIDED = sa.text("kind = 'one_off' AND voided_on IS NULL")


def _one_off_index(where: sa.TextClause) -> None:
    op.create_index(
        ONE_OFF_INDEX,
        "funding_grants",
        ["designation_id"],
        unique=True,
        sqlite_where=where,
        postgresql_where=where,
    )


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (no SQLite table rebuild: findings reference the grants).
    op.add_column(
        "funding_grants",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
    )
    op.add_column("funding_grants", sa.Column("correction_reason", sa.Text(), nullable=True))
    op.add_column("funding_grants", sa.Column("corrected_by", sa.String(length=100), nullable=True))
    op.add_column("funding_grants", sa.Column("voided_on", sa.Date(), nullable=True))
    op.add_column("funding_grants", sa.Column("void_reason", sa.Text(), nullable=True))
    op.add_column("funding_grants", sa.Column("voided_by", sa.String(length=100), nullable=True))
    op.add_column("funding_grants", sa.Column("voided_by_user_id", sa.Integer(), nullable=True))
    # A voided one-off grant no longer blocks a new one [Y14][S10].
    op.drop_index(ONE_OFF_INDEX, table_name="funding_grants")
    _one_off_index(ONE_OFF_NOT_VOIDED)


def downgrade() -> None:
    op.drop_index(ONE_OFF_INDEX, table_name="funding_grants")
    _one_off_index(ONE_OFF_ONLY)
    with op.batch_alter_table("funding_grants", schema=None) as batch_op:
        for column in (
            "voided_by_user_id",
            "voided_by",
            "void_reason",
            "voided_on",
            "corrected_by",
            "correction_reason",
            "version",
        ):
            batch_op.drop_column(column)
