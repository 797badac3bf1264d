"""occasion index: a 整改 duty links to its notice's page

A 整改期限, 整改复查 or 待确认撤牌 occasion linked to the notices section of its designation's
page, while the 整改情况报告, the 复查 and the 撤牌 are done on the notice's own page [Y12]. Its
to-do line, calendar entry and reminder mail now link to ``/notices/{id}``. The index is a
projection of the rules: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``).

Revision ID: 0070
Revises: 0069
Create Date: 2027-01-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0070"
down_revision: str | None = "0069"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
