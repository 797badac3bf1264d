"""unions: one city union and one district union per region code

A rule pack names the union of its region at its level to name its titles and open its calls
[Y7][S7][C 二（五）][L 一]; a second district carrying 杨浦's region would name 杨浦 titles. The
partial unique index lets no two city unions, and no two district unions, carry the same region.

A city or district union created without a code used to copy its parent's (a district the city's
"shanghai"); that copy names nothing and a new one no longer takes it, so it is cleared first.
Any two such unions still sharing a region are left for the operator to tell apart: the upgrade
stops and names them.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_PER_REGION = sa.text("level IN ('city', 'district') AND region_code IS NOT NULL")

CLEAR_COPIES = """
UPDATE unions SET region_code = NULL
WHERE level IN ('city', 'district') AND region_code IS NOT NULL
  AND EXISTS (SELECT 1 FROM unions parent
               WHERE parent.id = unions.parent_id AND parent.region_code = unions.region_code)
"""

SHARED = """
SELECT level, region_code, COUNT(*) FROM unions
WHERE level IN ('city', 'district') AND region_code IS NOT NULL
GROUP BY level, region_code HAVING COUNT(*) > 1
ORDER BY level, region_code
"""


def upgrade() -> None:
    op.execute(CLEAR_COPIES)
    shared = op.get_bind().execute(sa.text(SHARED)).all()
    if shared:
        listed = ", ".join(f"{level} {region!r} ({n} unions)" for level, region, n in shared)
        raise RuntimeError(
            f"region codes carried by more than one union at the same level: {listed}; "
            "give each of those unions its own region code (unions.region_code), then upgrade"
        )
    op.create_index(
        "uq_unions_level_region",
        "unions",
        ["level", "region_code"],
        unique=True,
        sqlite_where=ONE_PER_REGION,
        postgresql_where=ONE_PER_REGION,
    )


def downgrade() -> None:
    op.drop_index("uq_unions_level_region", table_name="unions")
