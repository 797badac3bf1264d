"""occasion index: rebuilt, as a Yangpu leader who retired early owes the consent from that day

A Yangpu leader whose retirement was recorded before the legal retirement age owed nothing until
that age, years on: no consent could be recorded and no leader change was asked. The consent
occasion is now due on the day they retired (reading 42a), so the index's entries changed. The
index is a projection of the rules: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``); until then reads run the generators. Nothing to undo.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
