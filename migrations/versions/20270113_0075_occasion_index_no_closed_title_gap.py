"""occasion index: a craftsman title whose leader holds 上海工匠 owes no 领衔人称号未登记 item

A 上海市工匠创新工作室 title whose leader is on record as 上海工匠 [C 一（一）] listed a done item
「领衔人…未登记“上海工匠”称号…：请补登其称号」 on its page and in its occasions, as if the record
had once lacked the title; the item is now only a gap while it is open. The index is a projection
of the rules: this empties its state, so the next daily run rebuilds it
(``lifecycle.occasions.index.ensure``).

Revision ID: 0075
Revises: 0074
Create Date: 2027-01-11
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0075"
down_revision: str | None = "0074"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
