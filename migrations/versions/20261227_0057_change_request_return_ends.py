"""change requests: a return ends with the resubmission; the to-do says a returned request is returned

A 附件3 resubmitted after a return (or withdrawn, or closed by the title's 摘牌) kept the earlier
return's step and reasons: the JSON API showed a pending request as returned for a round already
answered, while its page did not. They now describe the return the request waits on and end with
it (every return stays in the request's step log); this clears them on the requests stored before.
A returned request's to-do item said 「…待本单位工会意见」, as if the unit union's opinion were
asked; it now says 「…已退回，待本单位工会修改后重新提交」. The occasion index stores each item's
title: this empties its state, so the next daily run rebuilds it (as 0056 does).
Nothing to undo: the step log holds each return.

Revision ID: 0057
Revises: 0056
Create Date: 2026-12-27
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0057"
down_revision: str | None = "0056"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE change_requests SET returned_step = NULL, returned_reason = NULL "
        "WHERE status <> 'returned' AND (returned_step IS NOT NULL OR returned_reason IS NOT NULL)"
    )
    op.execute("DELETE FROM occasion_index_state")


def downgrade() -> None:
    op.execute("DELETE FROM occasion_index_state")
