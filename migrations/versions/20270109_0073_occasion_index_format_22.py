"""occasion index FORMAT 22: a 附件3 step's to-do links to the request's own page

A change request waiting for a union (its opinion, review or decision, or its amendment after
being sent back) links to ``/changes/{id}``, where the step is taken, instead of the title's list
of requests (``/designations/{id}#changes``), in the 待办, the dashboard, the calendar and mail.

The index is a projection of the rules: this empties its state, so the next daily run rebuilds
it (``lifecycle.occasions.index.ensure``).

Revision ID: 0073
Revises: 0071
Create Date: 2027-01-09
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0073"
down_revision: str | None = "0071"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
