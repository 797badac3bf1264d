"""occasion index FORMAT 25: what the to-do of a 附件3 request and of a scheduled inspection say

- A change request waiting for a union (its opinion, review or decision, or its amendment after
  being sent back) links to ``/changes/{id}``, where the step is taken, instead of the title's list
  of requests (``/designations/{id}#changes``), in the 待办, the dashboard, the calendar and mail.
- A Yangpu title's leader change owed while the team's 上海市劳模创新工作室 title has an open 附件3
  applying for its 摘牌 says whether that request is in hand (「正在办理，待市总工会审定」) or was
  sent back (「已退回，待修改后重新提交，由市总工会审定」); before, 「正在办理」 throughout.
- A Yangpu cycle-end inspection (周期末实地检查) the district union has scheduled and not yet held
  says so and when, 「第2个管理周期末实地检查（已安排于2026年12月15日）」, in the 待办, the
  dashboard, the calendar and mail; its status stays as the rule gives it (an overdue inspection
  stays overdue until its result is recorded). Moving the inspection rewrites the date,
  withdrawing it removes the words.

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
