"""ids of deleted rows are never given again (SQLite AUTOINCREMENT)

Scheduled inspections (and their evidence) are withdrawn, union contacts removed and calendar
override days replaced by deleting their rows; the audit log keeps each row's entries under its
id. Without AUTOINCREMENT, SQLite gives the highest id again once its row is deleted, and the
next record's 修改记录 then holds the deleted one's entries too. PostgreSQL's sequences never go
back: nothing to do there.

On SQLite each table is rebuilt (batch mode: every column, constraint and index kept) with
AUTOINCREMENT, and its counter starts above every id it held, as far as the audit log still
remembers ids deleted before this migration.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables whose rows are deleted while the audit log names them by id.
TABLES = ("inspections", "inspection_evidence", "union_contacts", "calendar_override_days")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, autoincrement=True)
        _count_from_highest_seen(table)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in reversed(TABLES):
        _rebuild(table, autoincrement=False)


def _rebuild(table: str, *, autoincrement: bool) -> None:
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def _count_from_highest_seen(table: str) -> None:
    """The table's counter starts above the highest id it holds or the audit log names."""
    bind = op.get_bind()
    rows = sa.table(table, sa.column("id"))
    log = sa.table("audit_log", sa.column("entity"), sa.column("entity_id"))
    held = bind.scalar(sa.select(sa.func.max(rows.c.id))) or 0
    named = sa.select(sa.func.max(sa.cast(log.c.entity_id, sa.Integer))).where(
        log.c.entity == table
    )
    counter = sa.table("sqlite_sequence", sa.column("name"), sa.column("seq"))
    op.execute(counter.delete().where(counter.c.name == table))
    op.execute(counter.insert().values(name=table, seq=max(held, bind.scalar(named) or 0)))
