"""上海市工匠创新工作室: an application recommended through a 社团

「区局（产业）工会、社团审查后…推荐申报」 [C 二（二）]: a unit may apply through an association it
belongs to, which then reviews and recommends the application in place of its district union.
Each application keeps the association it applies through (none: its district's route) and that
association's path, by which the association reads it.

Revision ID: 0053
Revises: 0052
Create Date: 2026-12-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0053"
down_revision: str | None = "0052"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "intake_applications"


def upgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(sa.Column("recommender_union_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recommender_path", sa.String(length=400), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_intake_applications_recommender_union_id_unions"),
            "unions",
            ["recommender_union_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            batch_op.f("ix_intake_applications_recommender_path"), ["recommender_path"]
        )


def downgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_applications_recommender_path"))
        batch_op.drop_constraint(
            batch_op.f("fk_intake_applications_recommender_union_id_unions"), type_="foreignkey"
        )
        batch_op.drop_column("recommender_path")
        batch_op.drop_column("recommender_union_id")
