"""drop the users' never-used lock columns (failed_logins, locked_until)

Logins are throttled per name and client address (``lifecycle.accounts.throttle``): no code ever
counted ``users.failed_logins`` up or set ``users.locked_until``, they were only cleared. An
administrator keeps a user out by 停用 (deactivate), which refuses their login and revokes every
session, API token and calendar feed address at once; a second, unused "lock" would only
mislead whoever reads the table. Downgrading brings the columns back empty (0, NULL).

Revision ID: 0054
Revises: 0053
Create Date: 2026-12-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0054"
down_revision: str | None = "0053"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases (no SQLite table rebuild: other tables reference users).
def upgrade() -> None:
    op.drop_column("users", "locked_until")
    op.drop_column("users", "failed_logins")


def downgrade() -> None:
    op.add_column(
        "users",
        sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
