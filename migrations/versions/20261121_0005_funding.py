"""grants, expenditures, audit findings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Reported expenditures, audit findings and their resolutions are never rewritten [Y16].
APPEND_ONLY_TABLES = ("funding_expenditures", "funding_findings", "funding_resolutions")
ONE_OFF_ONLY = sa.text("kind = 'one_off'")


def _create_append_only_guards() -> None:
    """The database refuses UPDATE and DELETE on these tables (function from revision 0001)."""
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        if dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()"
            )
        else:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END"
                )


def _drop_append_only_guards() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        else:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")


def _audit_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "funding_expenditures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("payee", sa.String(length=200), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "equipment",
                "learning_supplies",
                "books",
                "materials",
                "training_exchange",
                "personal_reward",
                "allowance",
                "subsidy",
                "travel",
                name="expenditurecategory",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("receipt_ref", sa.String(length=100), nullable=True),
        *_audit_columns(),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_funding_expenditures_amount_positive")),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_funding_expenditures_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_expenditures")),
    )
    with op.batch_alter_table("funding_expenditures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_funding_expenditures_designation_spent",
            ["designation_id", "spent_on"],
            unique=False,
        )

    op.create_table(
        "funding_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "one_off",
                "matching",
                "excellence",
                name="grantkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("paying_union_id", sa.Integer(), nullable=False),
        sa.Column("approval_ref", sa.String(length=200), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        *_audit_columns(),
        sa.CheckConstraint(
            "(kind = 'excellence') = (achievement_id IS NOT NULL)",
            name=op.f("ck_funding_grants_excellence_has_achievement"),
        ),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_funding_grants_amount_positive")),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["ledger_achievements.id"],
            name=op.f("fk_funding_grants_achievement_id_ledger_achievements"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_funding_grants_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["paying_union_id"],
            ["unions.id"],
            name=op.f("fk_funding_grants_paying_union_id_unions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_grants")),
        sa.UniqueConstraint("achievement_id", name=op.f("uq_funding_grants_achievement_id")),
    )
    with op.batch_alter_table("funding_grants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_grants_designation_id"), ["designation_id"], unique=False
        )
        # One one-off grant per designation, enforced by the database [Y14][S10].
        batch_op.create_index(
            "uq_funding_grants_one_off_designation",
            ["designation_id"],
            unique=True,
            sqlite_where=ONE_OFF_ONLY,
            postgresql_where=ONE_OFF_ONLY,
        )

    op.create_table(
        "funding_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "forbidden_category",
                "overspent",
                "after_end",
                "missing_receipt",
                "duplicate_receipt",
                "matching_short",
                "matching_missing",
                "ineligible_grant",
                name="findingkind",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("expenditure_id", sa.Integer(), nullable=True),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("found_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_funding_findings_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["expenditure_id"],
            ["funding_expenditures.id"],
            name=op.f("fk_funding_findings_expenditure_id_funding_expenditures"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["funding_grants.id"],
            name=op.f("fk_funding_findings_grant_id_funding_grants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_findings")),
        sa.UniqueConstraint(
            "designation_id", "key", name=op.f("uq_funding_findings_designation_id_key")
        ),
    )
    with op.batch_alter_table("funding_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_findings_expenditure_id"), ["expenditure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_funding_findings_grant_id"), ["grant_id"], unique=False
        )

    op.create_table(
        "funding_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "explained",
                "refunded",
                "referred",
                name="resolutionoutcome",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=False),
        sa.Column("resolved_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["funding_findings.id"],
            name=op.f("fk_funding_resolutions_finding_id_funding_findings"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_resolutions")),
        sa.UniqueConstraint("finding_id", name=op.f("uq_funding_resolutions_finding_id")),
    )
    _create_append_only_guards()


def downgrade() -> None:
    _drop_append_only_guards()
    op.drop_table("funding_resolutions")
    with op.batch_alter_table("funding_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_findings_grant_id"))
        batch_op.drop_index(batch_op.f("ix_funding_findings_expenditure_id"))
    op.drop_table("funding_findings")
    with op.batch_alter_table("funding_grants", schema=None) as batch_op:
        batch_op.drop_index("uq_funding_grants_one_off_designation")
        batch_op.drop_index(batch_op.f("ix_funding_grants_designation_id"))
    op.drop_table("funding_grants")
    with op.batch_alter_table("funding_expenditures", schema=None) as batch_op:
        batch_op.drop_index("ix_funding_expenditures_designation_spent")
    op.drop_table("funding_expenditures")
