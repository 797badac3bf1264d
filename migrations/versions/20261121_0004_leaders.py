"""leader events, continuation consents, change requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = (
    "leader_events",
    "leader_continuation_consents",
    "leader_changes",
    "change_request_steps",
)
TABLES = (
    "leader_continuation_consents",
    "leader_changes",
    "change_request_steps",
    "change_requests",
    "leader_events",
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


def upgrade() -> None:
    op.create_table(
        "leader_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "retirement",
                "departure",
                "death",
                "other",
                name="leadereventkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_leader_events_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_leader_events_workshop_id_workshops"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_events")),
    )
    with op.batch_alter_table("leader_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leader_events_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_leader_events_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "change_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "deceased",
                "left",
                "retired",
                "other",
                name="changereason",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reason_details", sa.Text(), nullable=False),
        sa.Column(
            "measure",
            sa.Enum(
                "leader_change",
                "exit_keeping_title",
                "revoke",
                name="changemeasure",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("old_leader_person_id", sa.Integer(), nullable=False),
        sa.Column("new_leader_person_id", sa.Integer(), nullable=True),
        sa.Column("new_leader_honours", sa.String(length=300), nullable=True),
        sa.Column("leader_event_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending_unit",
                "pending_district",
                "pending_city",
                "returned",
                "applied",
                "rejected",
                "withdrawn",
                name="changerequeststatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("waiting_since", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("filed_by", sa.String(length=100), nullable=False),
        sa.Column("unit_on", sa.Date(), nullable=True),
        sa.Column("unit_signer", sa.String(length=100), nullable=True),
        sa.Column("unit_opinion", sa.Text(), nullable=True),
        sa.Column("district_on", sa.Date(), nullable=True),
        sa.Column("district_signer", sa.String(length=100), nullable=True),
        sa.Column("district_opinion", sa.Text(), nullable=True),
        sa.Column("city_on", sa.Date(), nullable=True),
        sa.Column("city_signer", sa.String(length=100), nullable=True),
        sa.Column("city_opinion", sa.Text(), nullable=True),
        sa.Column("decision_ref", sa.String(length=200), nullable=True),
        sa.Column(
            "returned_step",
            sa.Enum("unit", "district", "city", name="changestep", native_enum=False, length=20),
            nullable=True,
        ),
        sa.Column("returned_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_change_requests_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["leader_event_id"],
            ["leader_events.id"],
            name=op.f("fk_change_requests_leader_event_id_leader_events"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["new_leader_person_id"],
            ["persons.id"],
            name=op.f("fk_change_requests_new_leader_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["old_leader_person_id"],
            ["persons.id"],
            name=op.f("fk_change_requests_old_leader_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_change_requests_workshop_id_workshops"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_requests")),
    )
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_requests_designation_id"), ["designation_id"], unique=False
        )
        batch_op.create_index(
            "uq_change_requests_open_designation",
            ["designation_id"],
            unique=True,
            sqlite_where=sa.text(
                "status IN ('pending_unit', 'pending_district', 'pending_city', 'returned')"
            ),
            postgresql_where=sa.text(
                "status IN ('pending_unit', 'pending_district', 'pending_city', 'returned')"
            ),
        )

    op.create_table(
        "change_request_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_request_id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column(
            "step",
            sa.Enum("unit", "district", "city", name="changestep", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "action",
            sa.Enum(
                "filed",
                "approved",
                "sent_back",
                "rejected",
                "resubmitted",
                "withdrawn",
                name="stepaction",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("acting_union_id", sa.Integer(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=100), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["acting_union_id"],
            ["unions.id"],
            name=op.f("fk_change_request_steps_acting_union_id_unions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_change_request_steps_change_request_id_change_requests"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_change_request_steps_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_request_steps")),
    )
    with op.batch_alter_table("change_request_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_request_steps_change_request_id"),
            ["change_request_id"],
            unique=False,
        )

    op.create_table(
        "leader_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("old_person_id", sa.Integer(), nullable=False),
        sa.Column("new_person_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("document_ref", sa.String(length=200), nullable=True),
        sa.Column("change_request_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_leader_changes_change_request_id_change_requests"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_leader_changes_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["new_person_id"],
            ["persons.id"],
            name=op.f("fk_leader_changes_new_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["old_person_id"],
            ["persons.id"],
            name=op.f("fk_leader_changes_old_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_leader_changes_workshop_id_workshops"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_changes")),
    )
    with op.batch_alter_table("leader_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_leader_changes_designation_id"), ["designation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_leader_changes_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "leader_continuation_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("leader_consented_on", sa.Date(), nullable=False),
        sa.Column("leader_signer", sa.String(length=100), nullable=False),
        sa.Column("unit_consented_on", sa.Date(), nullable=False),
        sa.Column("unit_signer", sa.String(length=100), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_leader_continuation_consents_designation_id_designations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_leader_continuation_consents_file_id_stored_files"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_leader_continuation_consents_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_leader_continuation_consents_workshop_id_workshops"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_continuation_consents")),
        sa.UniqueConstraint(
            "designation_id",
            "person_id",
            name=op.f("uq_leader_continuation_consents_designation_id_person_id"),
        ),
    )
    with op.batch_alter_table("leader_continuation_consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_leader_continuation_consents_designation_id"),
            ["designation_id"],
            unique=False,
        )

    _create_append_only_guards()


def downgrade() -> None:
    _drop_append_only_guards()
    for table in TABLES:
        op.drop_table(table)
