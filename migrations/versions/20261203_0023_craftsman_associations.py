"""上海工匠: associations are union-tree nodes; 附件3 figures a body states on its local selection

Revision ID: 0023
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPS = "craftsman_applications"
LOCALS = "craftsman_local_selections"


def upgrade() -> None:
    # A local selection recorded for an association by name only has no body in the tree.
    op.execute(sa.text("DELETE FROM craftsman_local_selections WHERE union_id IS NULL"))
    # The old three-column unique constraint's name was shortened differently per backend.
    old = [
        uq["name"]
        for uq in sa.inspect(op.get_bind()).get_unique_constraints(LOCALS)
        if "association_name" in uq["column_names"]
    ]
    with op.batch_alter_table(LOCALS, schema=None) as batch_op:
        for name in old:
            batch_op.drop_constraint(name, type_="unique")
        batch_op.drop_column("association_name")
        batch_op.alter_column("union_id", existing_type=sa.Integer(), nullable=False)
        batch_op.add_column(sa.Column("since_year", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "subordinate_selections",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
        batch_op.add_column(sa.Column("average_income_fen", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_craftsman_local_selections_selection_id_union_id"),
            ["selection_id", "union_id"],
        )
    with op.batch_alter_table(LOCALS, schema=None) as batch_op:
        batch_op.alter_column(
            "subordinate_selections", existing_type=sa.Boolean(), server_default=None
        )
    with op.batch_alter_table(APPS, schema=None) as batch_op:
        batch_op.add_column(sa.Column("association_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_craftsman_applications_association_id_unions"),
            "unions",
            ["association_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            batch_op.f("ix_craftsman_applications_association_id"), ["association_id"]
        )
        batch_op.drop_column("association_name")


def downgrade() -> None:
    with op.batch_alter_table(APPS, schema=None) as batch_op:
        batch_op.add_column(sa.Column("association_name", sa.String(length=200), nullable=True))
        batch_op.drop_index(batch_op.f("ix_craftsman_applications_association_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_craftsman_applications_association_id_unions"), type_="foreignkey"
        )
        batch_op.drop_column("association_id")
    with op.batch_alter_table(LOCALS, schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_craftsman_local_selections_selection_id_union_id"), type_="unique"
        )
        batch_op.drop_column("average_income_fen")
        batch_op.drop_column("subordinate_selections")
        batch_op.drop_column("since_year")
        batch_op.alter_column("union_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("association_name", sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_craftsman_local_selections_selection_id_union_id_assoc"),
            ["selection_id", "union_id", "association_name"],
        )
