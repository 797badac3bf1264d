"""grant corrections and voids; excellence support applications

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
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
    _create_applications()


def _create_applications() -> None:
    """优秀创新成果项目扶持资金申请, one per achievement [Y15]."""
    op.create_table(
        "funding_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("requested_fen", sa.BigInteger(), nullable=True),
        sa.Column("filed_by", sa.String(length=100), nullable=False),
        sa.Column("filed_by_user_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                name="applicationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_ref", sa.String(length=200), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "requested_fen IS NULL OR requested_fen > 0",
            name=op.f("ck_funding_applications_requested_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["ledger_achievements.id"],
            name=op.f("fk_funding_applications_achievement_id_ledger_achievements"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_funding_applications_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["funding_grants.id"],
            name=op.f("fk_funding_applications_grant_id_funding_grants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_applications")),
        sa.UniqueConstraint("achievement_id", name=op.f("uq_funding_applications_achievement_id")),
    )
    op.create_index(
        op.f("ix_funding_applications_designation_id"),
        "funding_applications",
        ["designation_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_funding_applications_designation_id"),
        table_name="funding_applications",
    )
    op.drop_table("funding_applications")
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
