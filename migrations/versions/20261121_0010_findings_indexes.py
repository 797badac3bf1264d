"""audit findings: no index on expenditure_id, a partial one on grant_id

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXPENDITURE_INDEX = "ix_funding_findings_expenditure_id"
GRANT_INDEX = "ix_funding_findings_grant_id"
GRANT_FINDINGS = sa.text("grant_id IS NOT NULL")


def upgrade() -> None:
    # Each index costs every audit write. No query looks findings up by expenditure, and an
    # expenditure can be neither deleted nor updated (append-only triggers), so the foreign
    # key's RESTRICT check never needs one; the grant index stays for that check, partial.
    op.drop_index(EXPENDITURE_INDEX, table_name="funding_findings")
    op.drop_index(GRANT_INDEX, table_name="funding_findings")
    op.create_index(
        GRANT_INDEX,
        "funding_findings",
        ["grant_id"],
        unique=False,
        sqlite_where=GRANT_FINDINGS,
        postgresql_where=GRANT_FINDINGS,
    )


def downgrade() -> None:
    op.drop_index(GRANT_INDEX, table_name="funding_findings")
    op.create_index(GRANT_INDEX, "funding_findings", ["grant_id"], unique=False)
    op.create_index(EXPENDITURE_INDEX, "funding_findings", ["expenditure_id"], unique=False)
