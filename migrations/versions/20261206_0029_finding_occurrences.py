"""audit findings: a key found again after the audit closed it is stored again (its occurrence)

A finding's key was unique per designation, so once the audit had closed a finding as no longer
holding, the same facts holding again (a designation overspent by the same amount after a
correction) stored nothing and finance never saw the second breach [Y16][S10]. Findings now carry
``occurrence`` (1, 2, …), unique with the designation and key, and a resolution says whether the
audit closed the finding (``by_audit``) or a person resolved it: only the audit's closures let the
key be stored again. Existing resolutions are marked by the notes the audit always wrote.

On SQLite the unique constraint is part of the table, so both tables are rebuilt (the resolutions
reference the findings) and their append-only triggers created again; on PostgreSQL the columns
and constraints change in place.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FINDINGS = "funding_findings"
RESOLUTIONS = "funding_resolutions"
OLD_UNIQUE = "uq_funding_findings_designation_id_key"
NEW_UNIQUE = "uq_funding_findings_designation_id_key_occurrence"
GRANT_INDEX = "ix_funding_findings_grant_id"
GRANT_FINDINGS = sa.text("grant_id IS NOT NULL")
# Every row of both tables set aside, then put back with its id (SQLite's rebuild).
SET_ASIDE = (
    "CREATE TABLE _old_funding_findings AS SELECT * FROM funding_findings",
    "CREATE TABLE _old_funding_resolutions AS SELECT * FROM funding_resolutions",
)
PUT_BACK_FINDINGS = (
    "INSERT INTO funding_findings (id, designation_id, kind, key, found_on, occurred_on, "
    "amount_fen, expenditure_id, grant_id, message, evidence, found_by, created_at) "
    "SELECT id, designation_id, kind, key, found_on, occurred_on, amount_fen, expenditure_id, "
    "grant_id, message, evidence, found_by, created_at FROM _old_funding_findings"
)
PUT_BACK_RESOLUTIONS = (
    "INSERT INTO funding_resolutions (id, finding_id, outcome, note, resolved_on, resolved_by, "
    "resolved_by_user_id, created_at) "
    "SELECT id, finding_id, outcome, note, resolved_on, resolved_by, resolved_by_user_id, "
    "created_at FROM _old_funding_resolutions"
)
# A resolution the audit made: it always wrote one of these sentences into the note
# (``funding/audit.py::_audit``), with the outcome 已说明.
PUT_BACK_RESOLUTIONS_MARKED = sa.text(
    "INSERT INTO funding_resolutions (id, finding_id, outcome, note, resolved_on, resolved_by, "
    "resolved_by_user_id, by_audit, created_at) "
    "SELECT id, finding_id, outcome, note, resolved_on, resolved_by, resolved_by_user_id, "
    "CASE WHEN outcome = 'explained' AND (note LIKE :lapsed OR note LIKE :superseded) "
    "THEN 1 ELSE 0 END, created_at FROM _old_funding_resolutions"
)
MARK_AUDIT_CLOSURES = sa.text(
    "UPDATE funding_resolutions SET by_audit = true "
    "WHERE outcome = 'explained' AND (note LIKE :lapsed OR note LIKE :superseded)"
)
AUDIT_NOTES = {
    "lapsed": "%该发现已不再成立，由系统自动关闭，原发现保留。%",
    "superseded": "%该发现所述金额已变化，由系统关闭，并按现有事实另记一条发现，原发现保留。%",
}
STORED_AGAIN = sa.text("SELECT count(*) FROM funding_findings WHERE occurrence > 1")


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _findings_table(*, occurrences: bool) -> None:
    op.create_table(
        FINDINGS,
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
        *(
            [sa.Column("occurrence", sa.Integer(), server_default=sa.text("1"), nullable=False)]
            if occurrences
            else []
        ),
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
            "designation_id",
            "key",
            *(["occurrence"] if occurrences else []),
            name=op.f(NEW_UNIQUE if occurrences else OLD_UNIQUE),
        ),
    )
    op.create_index(
        GRANT_INDEX,
        FINDINGS,
        ["grant_id"],
        unique=False,
        sqlite_where=GRANT_FINDINGS,
        postgresql_where=GRANT_FINDINGS,
    )


def _resolutions_table(*, by_audit: bool) -> None:
    op.create_table(
        RESOLUTIONS,
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
        *(
            [sa.Column("by_audit", sa.Boolean(), server_default=sa.false(), nullable=False)]
            if by_audit
            else []
        ),
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


def _sqlite_append_only(table: str) -> None:
    """The triggers of revision 0005, gone with the table they guarded."""
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END"
        )


def _rebuild_sqlite(*, new: bool) -> None:
    """Both tables again with the ``new`` (or old) shape, every row kept with its id.

    The resolutions go first and come back last: a finding still referenced cannot be dropped
    (foreign keys are enforced). Dropping a table drops its triggers, so they are made again.
    """
    for statement in SET_ASIDE:
        op.execute(statement)
    op.drop_table(RESOLUTIONS)
    op.drop_table(FINDINGS)
    _findings_table(occurrences=new)
    _resolutions_table(by_audit=new)
    op.execute(PUT_BACK_FINDINGS)
    if new:
        op.execute(PUT_BACK_RESOLUTIONS_MARKED.bindparams(**AUDIT_NOTES))
    else:
        op.execute(PUT_BACK_RESOLUTIONS)
    for table in (FINDINGS, RESOLUTIONS):
        op.execute(f"DROP TABLE _old_{table}")
        _sqlite_append_only(table)


def upgrade() -> None:
    if _is_sqlite():
        _rebuild_sqlite(new=True)
        return
    op.add_column(
        FINDINGS,
        sa.Column("occurrence", sa.Integer(), server_default=sa.text("1"), nullable=False),
    )
    op.drop_constraint(OLD_UNIQUE, FINDINGS, type_="unique")
    op.create_unique_constraint(NEW_UNIQUE, FINDINGS, ["designation_id", "key", "occurrence"])
    op.add_column(
        RESOLUTIONS,
        sa.Column("by_audit", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    # Marking the audit's past closures is no rewrite of what was decided: the trigger that
    # refuses updates is set aside for this one statement of the migration.
    op.execute(f"ALTER TABLE {RESOLUTIONS} DISABLE TRIGGER {RESOLUTIONS}_append_only")
    op.execute(MARK_AUDIT_CLOSURES.bindparams(**AUDIT_NOTES))
    op.execute(f"ALTER TABLE {RESOLUTIONS} ENABLE TRIGGER {RESOLUTIONS}_append_only")


def downgrade() -> None:
    again = op.get_bind().scalar(STORED_AGAIN)
    if again:
        raise RuntimeError(
            f"{again} audit findings were stored again after the audit had closed them; "
            "a key unique per designation cannot hold them"
        )
    if _is_sqlite():
        _rebuild_sqlite(new=False)
        return
    op.drop_column(RESOLUTIONS, "by_audit")
    op.drop_constraint(NEW_UNIQUE, FINDINGS, type_="unique")
    op.create_unique_constraint(OLD_UNIQUE, FINDINGS, ["designation_id", "key"])
    op.drop_column(FINDINGS, "occurrence")
