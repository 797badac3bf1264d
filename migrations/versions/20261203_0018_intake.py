"""intake: calls, applications and their step log, recommendation batches, naming decisions

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


APPEND_ONLY_TABLES = ("intake_steps",)


def _create_append_only_guards() -> None:
    """An application's history is never rewritten: UPDATE and DELETE are refused."""
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
        "intake_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_code", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("naming_union_id", sa.Integer(), nullable=False),
        sa.Column("union_path", sa.String(length=400), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=True),
        sa.Column("document_ref", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["naming_union_id"],
            ["unions.id"],
            name=op.f("fk_intake_calls_naming_union_id_unions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_calls")),
        sa.UniqueConstraint(
            "scheme_code",
            "year",
            "naming_union_id",
            name=op.f("uq_intake_calls_scheme_code_year_naming_union_id"),
        ),
    )
    with op.batch_alter_table("intake_calls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_calls_naming_union_id"), ["naming_union_id"], unique=False
        )

    op.create_table(
        "intake_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("union_path", sa.String(length=400), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "submitted", name="batchstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("submitted_by", sa.String(length=100), nullable=True),
        sa.Column("checks", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["intake_calls.id"],
            name=op.f("fk_intake_batches_call_id_intake_calls"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["unions.id"],
            name=op.f("fk_intake_batches_union_id_unions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_batches")),
        sa.UniqueConstraint("call_id", "union_id", name=op.f("uq_intake_batches_call_id_union_id")),
    )
    with op.batch_alter_table("intake_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_batches_union_path"), ["union_path"], unique=False
        )

    op.create_table(
        "intake_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("document_ref", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=100), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["intake_calls.id"],
            name=op.f("fk_intake_decisions_call_id_intake_calls"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_decisions")),
    )
    op.create_table(
        "intake_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("scheme_code", sa.String(length=40), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("unit_union_id", sa.Integer(), nullable=False),
        sa.Column("union_path", sa.String(length=400), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "in_review",
                "returned",
                "rejected",
                "named",
                name="applicationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("stage", sa.String(length=40), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("returned_stage", sa.String(length=40), nullable=True),
        sa.Column("returned_reason", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("non_public", sa.Boolean(), nullable=False),
        sa.Column("preference", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("designation_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["intake_batches.id"],
            name=op.f("fk_intake_applications_batch_id_intake_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["intake_calls.id"],
            name=op.f("fk_intake_applications_call_id_intake_calls"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["intake_decisions.id"],
            name=op.f("fk_intake_applications_decision_id_intake_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_intake_applications_designation_id_designations"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_union_id"],
            ["unions.id"],
            name=op.f("fk_intake_applications_unit_union_id_unions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_intake_applications_workshop_id_workshops"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_applications")),
    )
    with op.batch_alter_table("intake_applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_intake_applications_call_status", ["call_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intake_applications_union_path"), ["union_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intake_applications_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "intake_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("acting_union_id", sa.Integer(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=100), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("consent", sa.Text(), nullable=True),
        sa.Column("form_snapshot", sa.JSON(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["acting_union_id"], ["unions.id"], name=op.f("fk_intake_steps_acting_union_id_unions")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["intake_applications.id"],
            name=op.f("fk_intake_steps_application_id_intake_applications"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_steps")),
    )
    with op.batch_alter_table("intake_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_steps_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "intake_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["intake_applications.id"],
            name=op.f("fk_intake_attachments_application_id_intake_applications"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_intake_attachments_file_id_stored_files"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_attachments")),
    )
    with op.batch_alter_table("intake_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_attachments_application_id"), ["application_id"], unique=False
        )

    _create_append_only_guards()


def downgrade() -> None:
    _drop_append_only_guards()
    with op.batch_alter_table("intake_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_attachments_application_id"))

    op.drop_table("intake_attachments")
    with op.batch_alter_table("intake_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_steps_application_id"))

    op.drop_table("intake_steps")
    with op.batch_alter_table("intake_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_applications_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_intake_applications_union_path"))
        batch_op.drop_index("ix_intake_applications_call_status")

    op.drop_table("intake_applications")
    op.drop_table("intake_decisions")
    with op.batch_alter_table("intake_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_batches_union_path"))

    op.drop_table("intake_batches")
    with op.batch_alter_table("intake_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_calls_naming_union_id"))

    op.drop_table("intake_calls")
