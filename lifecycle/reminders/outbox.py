"""Every query of the outbox: add, claim with a lease, mark sent / retry / failed, list, retry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    Update,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from lifecycle.reminders.model import OutboxMessage
from lifecycle.vocab import OutboxStatus

_ROWS_PER_INSERT = 1000
# What the ORM defaults would fill in for a new message (Core inserts bypass them).
_ADD_DEFAULTS: dict[str, Any] = {"status": OutboxStatus.PENDING, "attempts": 0}


def _table() -> Table:
    table = OutboxMessage.__table__
    assert isinstance(table, Table)
    return table


@cache
def _mark_sent_statement() -> Update:
    """Built once: the statement is the same for every mark (its parameters change)."""
    c = _table().c
    return (
        update(_table())
        .where(
            c.id == bindparam("message_id"),
            c.claim_token == bindparam("token"),
            c.status == OutboxStatus.PENDING,
        )
        .values(
            claimed_until=None,
            claim_token=None,
            status=OutboxStatus.SENT,
            smtp_reply=bindparam("reply"),
            sent_at=bindparam("now"),
        )
    )


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Pending, due, and not held by a live lease."""
    return and_(
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


class OutboxRepository:
    """The outbox table; a claim is a token and a lease, every mark is conditional on the token."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutboxMessage) -> OutboxMessage:
        self.session.add(message)
        self.session.flush()
        return message

    def add_many(self, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """Insert many messages (column values) in few round trips; their ids, in row order."""
        table = _table()
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids: list[int] = []
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            batch = [{**_ADD_DEFAULTS, **row} for row in rows[start : start + _ROWS_PER_INSERT]]
            ids.extend(self.session.scalars(stmt, batch))
        return ids

    def get(self, message_id: int) -> OutboxMessage | None:
        return self.session.get(OutboxMessage, message_id, populate_existing=True)

    def claim(
        self, now: datetime, lease_until: datetime, token: str, limit: int
    ) -> list[OutboxMessage]:
        """Claim up to ``limit`` due messages for one sender (SKIP LOCKED on PostgreSQL)."""
        pick = (
            select(OutboxMessage.id)
            .where(_claimable(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
            ids = list(self.session.scalars(pick))
        else:
            # SQLite: transactions begin IMMEDIATE, so the conditional UPDATE below is the lock.
            ids = list(self.session.scalars(pick))
        if not ids:
            return []
        stmt = (
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), _claimable(now))
            .values(
                claimed_until=lease_until,
                claim_token=token,
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(OutboxMessage.id)
        )
        claimed = list(self.session.scalars(stmt, execution_options={"synchronize_session": False}))
        if not claimed:
            return []
        rows = select(OutboxMessage).where(OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id)
        return list(self.session.scalars(rows, execution_options={"populate_existing": True}))

    def _mark(self, message_id: int, token: str, **values: object) -> bool:
        stmt = (
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.claim_token == token,
                OutboxMessage.status == OutboxStatus.PENDING,
            )
            .values(claimed_until=None, claim_token=None, **values)
        )
        result = self.session.execute(stmt, execution_options={"synchronize_session": False})
        return bool(getattr(result, "rowcount", 0))

    def mark_sent(self, message_id: int, token: str, reply: str, now: datetime) -> bool:
        """Sent, with the server's reply; False if the lease was lost to another sender."""
        return self._mark(
            message_id, token, status=OutboxStatus.SENT, smtp_reply=reply, sent_at=now
        )

    def mark_retry(self, message_id: int, token: str, error: str, next_at: datetime) -> bool:
        """A transient failure: back to pending, due again at ``next_at``."""
        return self._mark(message_id, token, last_error=error, next_attempt_at=next_at)

    def mark_failed(self, message_id: int, token: str, reason: str) -> bool:
        """A permanent failure, with the reason an officer reads."""
        return self._mark(
            message_id, token, status=OutboxStatus.FAILED, failure_reason=reason, last_error=reason
        )

    def by_status(
        self, status: OutboxStatus | None, *, limit: int = 100, offset: int = 0
    ) -> Sequence[OutboxMessage]:
        """Messages newest first, optionally of one status."""
        stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit).offset(offset)
        if status is not None:
            stmt = stmt.where(OutboxMessage.status == status)
        # Marks are bulk UPDATEs: read the rows as stored, not as first loaded.
        return self.session.scalars(stmt.execution_options(populate_existing=True)).all()

    def counts(self) -> dict[OutboxStatus, int]:
        """How many messages stand in each status."""
        stmt = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        found = dict.fromkeys(OutboxStatus, 0)
        found.update({OutboxStatus(s): n for s, n in self.session.execute(stmt)})
        return found


class _DriverStatement:
    """A statement compiled once for a dialect and run straight on the driver's cursor: no
    per-call cache lookup, execution context or result object (the mark runs once per mail)."""

    def __init__(self, statement: Update, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self._compiled = compiled
        self._order = compiled.positiontup if compiled.positional else None
        self._processors = {
            name: processor
            for name, bind in compiled.binds.items()
            if (processor := bind.type.bind_processor(dialect)) is not None
        }

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        """The driver's parameters: every bind (the statement's own values too), processed."""
        params = self._compiled.construct_params(dict(values))
        for name, processor in self._processors.items():
            if name in params:
                params[name] = processor(params[name])
        return [params[name] for name in self._order] if self._order is not None else params


class OutboxMarker:
    """A sender's marks of sent mail on a connection of its own, each committed as it is made.

    The drain commits every mark before the next mail goes out (DOMAIN.md §6); through a unit of
    work each would cost a pool checkout with its ping, a BEGIN, the ORM's execution and a
    COMMIT. Here a mark is one conditional UPDATE, compiled once and run on the driver's cursor of
    a connection held for the whole drain, in autocommit: one round trip on PostgreSQL (a
    prepared statement), where the commit does not wait for the WAL flush while the marker holds
    the connection (``synchronous_commit = off``: a sender that dies loses nothing it committed,
    and a *database server* crash can at worst forget the last fraction of a second of marks —
    those mails go out again after their lease, never get lost); on SQLite a single statement
    is its own transaction. No ORM object is involved, so there is nothing for a unit of work to
    flush, audit or index.
    """

    def __init__(self, engine: Engine) -> None:
        self._postgres = engine.dialect.name == "postgresql"
        # A mark on a local file takes microseconds: a thread hop would cost more than it saves.
        self.local = engine.dialect.name == "sqlite"
        self._statement = _DriverStatement(_mark_sent_statement(), engine.dialect)
        conn: Connection = engine.connect()
        if self._postgres:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        # SQLite's driver connections run in autocommit unless SQLAlchemy begins (engine.py).
        self._conn = conn
        self._cursor: Any = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        self._prepare = {"prepare": True} if self._postgres else {}
        if self._postgres:
            self._cursor.execute("SET synchronous_commit TO OFF")

    def mark_sent(self, message_id: int, token: str, reply: str, now: datetime) -> bool:
        """Sent, with the server's reply, committed; False if the lease had passed to another
        sender."""
        values = {"message_id": message_id, "reply": reply, "now": now, "token": token}
        params = self._statement.parameters(values)
        self._cursor.execute(self._statement.sql, params, **self._prepare)
        return bool(self._cursor.rowcount)

    def close(self) -> None:
        """Give the connection back as it was lent."""
        try:
            if self._postgres and not self._conn.invalidated:
                self._cursor.execute("RESET synchronous_commit")
            self._cursor.close()
        finally:
            self._conn.close()
