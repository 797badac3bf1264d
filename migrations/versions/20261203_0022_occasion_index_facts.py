"""occasion index: the facts the dashboard counts ride along in its two date indexes

Revision ID: 0022
Revises: 0023
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTS = ["kind", "standing", "visible_until", "window_days"]
WIDE = {
    "ix_occasion_index_scope_due": ["scope_path", "due_on", *FACTS, "union_id"],
    "ix_occasion_index_due": ["due_on", *FACTS, "scope_path", "union_id"],
}
NARROW = {
    "ix_occasion_index_scope_due": ["scope_path", "due_on"],
    "ix_occasion_index_due": ["due_on"],
}


def _replace(indexes: dict[str, list[str]]) -> None:
    for name, columns in indexes.items():
        op.drop_index(name, table_name="occasion_index")
        op.create_index(name, "occasion_index", columns)


def upgrade() -> None:
    # The dashboard and the 待办 list count entries grouped by the facts the rules read: one pass
    # over an index (a subtree's path range, or the whole registry in date order), no table reads.
    _replace(WIDE)


def downgrade() -> None:
    _replace(NARROW)
