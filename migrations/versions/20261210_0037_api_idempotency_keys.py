"""form submissions answer API replays: the request's fingerprint and the answer it got

A POST to the JSON API may carry an ``Idempotency-Key`` header. It is kept in
``form_submissions`` like a page form's one-time key (scoped to the user, written in the
transaction of the write it guards, pruned after 30 days by the same daily sweep), with what
the request was (``request_hash``: method, path and body) and the answer it got (status, media
type and body), so the same request sent again gets that answer and writes nothing.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0037"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("form_submissions") as batch:
        batch.add_column(sa.Column("request_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("response_status", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("response_type", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("response_body", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("form_submissions") as batch:
        batch.drop_column("response_body")
        batch.drop_column("response_type")
        batch.drop_column("response_status")
        batch.drop_column("request_hash")
