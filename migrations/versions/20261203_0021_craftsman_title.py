"""上海工匠 selection: yearly calls, local selections, applications, stage records, findings

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = ("craftsman_stage_records", "craftsman_false_declarations")
TABLES = (
    "craftsman_false_declarations",
    "craftsman_stage_records",
    "craftsman_applications",
    "craftsman_local_selections",
    "craftsman_selections",
)
CHANNELS = ("unit", "association", "self")
GROUPS = (
    "metallurgy",
    "construction",
    "computing",
    "instruments",
    "pharma",
    "medicine",
    "greening",
    "catering",
    "craft_design",
    "transport",
    "other",
)
STATUSES = (
    "awaiting_membership",
    "qualification",
    "expert_review",
    "release_review",
    "city_approval",
    "public_notice",
    "granted",
    "not_selected",
    "disqualified",
)
STAGES = STATUSES[1:6]


def _enum(values: tuple[str, ...], name: str, length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="RESTRICT"
    )


def _create_append_only_guards() -> None:
    """History is never rewritten: the database refuses UPDATE and DELETE on these tables."""
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        if dialect == "postgresql":
            op.execute(
                "CREATE OR REPLACE FUNCTION refuse_history_rewrite() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
            )
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
    """Drop the triggers (the shared function belongs to revision 0001)."""
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        else:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")


def _index(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "craftsman_selections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("self_opens", sa.Date(), nullable=False),
        sa.Column("self_closes", sa.Date(), nullable=False),
        sa.Column("union_deadline", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_craftsman_selections")),
        sa.UniqueConstraint("year", name=op.f("uq_craftsman_selections_year")),
    )
    t = "craftsman_local_selections"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("selection_id", sa.Integer(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=True),
        sa.Column("association_name", sa.String(length=200), nullable=True),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("local_craftsmen", sa.Integer(), nullable=False),
        _fk(t, "selection_id", "craftsman_selections"),
        _fk(t, "union_id", "unions"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint(
            "selection_id",
            "union_id",
            "association_name",
            name=op.f(f"uq_{t}_selection_id_union_id_association_name"),
        ),
    )
    _index(t, "selection_id")
    t = "craftsman_applications"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("selection_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("channel", _enum(CHANNELS, "channel", 20), nullable=False),
        sa.Column("group", _enum(GROUPS, "group", 20), nullable=False),
        sa.Column("district_union_id", sa.Integer(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("association_name", sa.String(length=200), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("status", _enum(STATUSES, "status", 30), nullable=False),
        sa.Column("chinese_nationality", sa.Boolean(), nullable=False),
        sa.Column("front_line", sa.Boolean(), nullable=False),
        sa.Column("deputy_bureau_or_above", sa.Boolean(), nullable=False),
        sa.Column("org_managed_unit_head", sa.Boolean(), nullable=False),
        sa.Column("local_title_exception", sa.Text(), nullable=True),
        sa.Column("applicant_phone", sa.String(length=20), nullable=False),
        sa.Column("home_address", sa.String(length=300), nullable=False),
        sa.Column("trade", sa.String(length=100), nullable=False),
        sa.Column("years_worked", sa.Integer(), nullable=False),
        sa.Column("five_powers", sa.JSON(), nullable=False),
        sa.Column("patents_invention", sa.Integer(), nullable=False),
        sa.Column("patents_utility", sa.Integer(), nullable=False),
        sa.Column("patents_design", sa.Integer(), nullable=False),
        sa.Column("understanding", sa.Text(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("honours_text", sa.Text(), nullable=False),
        sa.Column("income_survey", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk(t, "selection_id", "craftsman_selections"),
        _fk(t, "person_id", "persons"),
        _fk(t, "district_union_id", "unions"),
        _fk(t, "union_id", "unions"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint(
            "selection_id", "person_id", name=op.f(f"uq_{t}_selection_id_person_id")
        ),
    )
    for column in ("selection_id", "district_union_id", "union_id"):
        _index(t, column)
    t = "craftsman_stage_records"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("stage", _enum(STAGES, "stage", 20), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("signer", sa.String(length=100), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("deciding_union_id", sa.Integer(), nullable=False),
        sa.Column("credit_check_passed", sa.Boolean(), nullable=True),
        sa.Column("interview_passed", sa.Boolean(), nullable=True),
        sa.Column("notice_from", sa.Date(), nullable=True),
        sa.Column("notice_to", sa.Date(), nullable=True),
        sa.Column("objections", sa.Text(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk(t, "application_id", "craftsman_applications"),
        _fk(t, "deciding_union_id", "unions"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    _index(t, "application_id")
    t = "craftsman_false_declarations"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_union_id", sa.Integer(), nullable=True),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk(t, "person_id", "persons"),
        _fk(t, "unit_union_id", "unions"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    _index(t, "person_id")
    _index(t, "unit_union_id")
    _create_append_only_guards()


def downgrade() -> None:
    _drop_append_only_guards()
    for table in TABLES:
        op.drop_table(table)
