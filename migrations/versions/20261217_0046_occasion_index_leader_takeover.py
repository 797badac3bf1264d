"""occasion index: rebuilt, as leader occasions now start at the takeover and a refused 附件3
is owed again

A leader who took a title over already past the legal retirement age was warned of a retirement
dated before the takeover, and owed the Yangpu consent from that old date; a 附件3 the city did
not agree to left the departed leader's request settled. Warnings now start at the naming or the
takeover, the consent is owed from the takeover, and a refused request counts as a withdrawn
one, so the index's entries changed. The index is a projection of the rules: this empties its
state, so the next daily run rebuilds it (``lifecycle.occasions.index.ensure``; ``workshops db
upgrade`` at head rebuilds it at once). Nothing to undo.

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-17
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0046"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
