"""occasion index: rebuilt, as leader items say the scheme's word for the leader and Chinese dates

The titles of the leader items (带头人即将退休, 附件3 owed, consent owed, 上海工匠 not on record)
said 带头人 for a city title and 领衔人 for a Yangpu one, and wrote their dates as 2027-03-01 inside
Chinese sentences; they now use the scheme's own word (``SchemeSettings.leader_word``: Yangpu and
乐山 带头人, the city's schemes 领衔人) and dates as 2027年3月1日. The index stores each item's
title: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``; ``workshops db upgrade`` at head rebuilds it at once).
Nothing to undo.

Revision ID: 0052
Revises: 0051
Create Date: 2026-12-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0052"
down_revision: str | None = "0051"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
