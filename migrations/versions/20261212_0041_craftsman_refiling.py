"""上海工匠: a withdrawn application no longer blocks the person's new one that year

One application per person and year now counts only applications not withdrawn (reading G9):
the unique constraint on (selection_id, person_id) becomes a unique index on the same columns
over the rows whose status is not 'withdrawn', on both databases.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPS = "craftsman_applications"
LIVE = "status <> 'withdrawn'"
INDEX = "uq_craftsman_applications_live_person"


def upgrade() -> None:
    with op.batch_alter_table(APPS, schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_craftsman_applications_selection_id_person_id"), type_="unique"
        )
    op.create_index(
        INDEX,
        APPS,
        ["selection_id", "person_id"],
        unique=True,
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )


def downgrade() -> None:
    # A person who filed again after withdrawing has two rows for that year: the old constraint
    # cannot hold them, and the downgrade fails rather than delete an application's record.
    op.drop_index(INDEX, table_name=APPS)
    with op.batch_alter_table(APPS, schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_craftsman_applications_selection_id_person_id"),
            ["selection_id", "person_id"],
        )
