"""person registries: an ID number is unique within the district-level registry, not nationwide

Revision ID: 0020
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_REGISTRY = sa.text("registry_union_id IS NULL")

# The nearest district-level union at or above the person's union; else the union itself.
BACKFILL = """
UPDATE persons SET registry_union_id = COALESCE(
    (SELECT district.id FROM unions own, unions district
      WHERE own.id = persons.union_id AND district.level = 'district'
        AND own.path LIKE district.path || '%'),
    persons.union_id)
WHERE union_id IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.add_column(sa.Column("registry_union_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_persons_registry_union_id_unions"),
            "unions",
            ["registry_union_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch.drop_constraint(op.f("uq_persons_id_card_number"), type_="unique")
    op.execute(BACKFILL)
    op.create_index(
        "uq_persons_registry_id_card",
        "persons",
        ["registry_union_id", "id_card_number"],
        unique=True,
    )
    op.create_index(
        "uq_persons_id_card_no_registry",
        "persons",
        ["id_card_number"],
        unique=True,
        sqlite_where=NO_REGISTRY,
        postgresql_where=NO_REGISTRY,
    )


def downgrade() -> None:
    op.drop_index("uq_persons_id_card_no_registry", table_name="persons")
    op.drop_index("uq_persons_registry_id_card", table_name="persons")
    with op.batch_alter_table("persons") as batch:
        batch.create_unique_constraint(op.f("uq_persons_id_card_number"), ["id_card_number"])
        batch.drop_constraint(op.f("fk_persons_registry_union_id_unions"), type_="foreignkey")
        batch.drop_column("registry_union_id")
