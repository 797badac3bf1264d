"""occasion index: an open audit finding is a duty of the finance staff who answer it

A 专款专用 audit finding left open was seen only on the finance pages and the dashboard tile;
nobody's 待办 nor reminder digest carried it [Y16][S10]. Each open finding is now an occasion
(``funding_finding``) of the union whose finance staff answer it, with no deadline of its own,
gone once resolved or closed by the audit, back when its refund is voided (reading 33w); ended
titles' findings are indexed too. The index is a projection of the rules: this empties its
state, so the next daily run rebuilds it (``lifecycle.occasions.index.ensure``).

Revision ID: 0069
Revises: 0068
Create Date: 2027-01-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0069"
down_revision: str | None = "0068"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
