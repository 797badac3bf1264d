"""leader events: one event of each kind per leader and workshop (the status follows once)

Revision ID: 0015
Revises: 0020
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_leader_events_workshop_person_kind"


def upgrade() -> None:
    # A unique index, not a table constraint: on SQLite a batch rebuild of the table would drop
    # its append-only triggers. Two officers recording the same death at once: one wins.
    op.create_index(INDEX, "leader_events", ["workshop_id", "person_id", "kind"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="leader_events")
