"""a page session's last activity (idle timeout) and an API token's optional expiry

A page session ended only 12 hours after the login, however long the browser had stood idle;
``web_sessions.last_seen_at`` records its last request (stamped at most once a minute), and a
session idle for longer than ``WORKSHOPS_SESSION_IDLE_MINUTES`` ends. An API token worked until
revoked; ``api_tokens.expires_at`` is the moment chosen at its creation after which it is refused
(NULL: never, as every token made before this migration).

Revision ID: 0050
Revises: 0049
Create Date: 2026-12-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0050"
down_revision: str | None = "0049"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("last_seen_at")
