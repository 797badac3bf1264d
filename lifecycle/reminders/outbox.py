"""Every query of the outbox: add, claim with a lease, mark sent / retry / failed, list, count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, exists, func, not_, or_, select, true, update
from sqlalchemy.orm import Session

from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.reminders.repository import count_of
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import OutboxStatus

_OUTBOX = OutboxMessage.metadata.tables[OutboxMessage.__tablename__]


@dataclass(frozen=True)
class OutboxFilter:
    """Which mails of the outbox to list; times are bounds on ``created_at`` (UTC-aware)."""

    status: OutboxStatus | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    recipient_email: str | None = None


def _visible(scope: Scope) -> ColumnElement[bool]:
    """A mail is in scope when one of its items' unions is, or when it carries no item."""
    if scope.path_prefix is None:
        return true()
    carried = select(ReminderItem.id).where(ReminderItem.outbox_id == OutboxMessage.id)
    in_scope = carried.join(Union, Union.id == ReminderItem.union_id).where(
        scope.clause(Union.path)
    )
    return or_(exists(in_scope), not_(exists(carried)))


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
        # SQLite: transactions begin IMMEDIATE, so the conditional UPDATE below is the lock.
        if self.session.get_bind().dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
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

    def mark_many(self, token: str, marks: Sequence[tuple[int, Mapping[str, Any]]]) -> set[int]:
        """Set each message's columns if it still holds the claim ``token``; the ids it held.

        A few statements for any number of marks: the held rows are read (and locked on
        PostgreSQL), then updated by executemany, one statement per set of columns."""
        held = set(
            self.session.scalars(
                select(_OUTBOX.c.id)
                .where(
                    _OUTBOX.c.id.in_([message_id for message_id, _ in marks]),
                    _OUTBOX.c.claim_token == token,
                    _OUTBOX.c.status == OutboxStatus.PENDING,
                )
                .with_for_update()
            )
        )
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for message_id, values in marks:
            if message_id in held:
                row = {f"new_{k}": v for k, v in values.items()} | {"marked_id": message_id}
                by_columns[tuple(sorted(values))].append(row)
        for columns, rows in by_columns.items():
            stmt = (
                update(_OUTBOX)
                .where(_OUTBOX.c.id == bindparam("marked_id"))
                .values({c: bindparam(f"new_{c}") for c in columns})
                .values(claimed_until=None, claim_token=None)
            )
            self.session.connection().execute(stmt, rows)
        return held

    def page(
        self, scope: Scope, flt: OutboxFilter = OutboxFilter(), *, limit: int = 100, offset: int = 0
    ) -> tuple[Sequence[OutboxMessage], int]:
        """Mails in ``scope`` matching ``flt``, newest first, and how many match."""
        stmt = select(OutboxMessage).where(_visible(scope))
        if flt.status is not None:
            stmt = stmt.where(OutboxMessage.status == flt.status)
        if flt.created_from is not None:
            stmt = stmt.where(OutboxMessage.created_at >= flt.created_from)
        if flt.created_before is not None:
            stmt = stmt.where(OutboxMessage.created_at < flt.created_before)
        if flt.recipient_email:
            stmt = stmt.where(OutboxMessage.recipient_email == flt.recipient_email)
        total = count_of(self.session, stmt)
        ordered = stmt.order_by(OutboxMessage.id.desc()).limit(limit).offset(offset)
        # Marks are bulk UPDATEs: read the rows as stored, not as first loaded.
        return self.session.scalars(ordered.execution_options(populate_existing=True)).all(), total

    def in_scope(self, message_id: int, scope: Scope) -> OutboxMessage | None:
        """One mail inside ``scope``, or None."""
        stmt = select(OutboxMessage).where(OutboxMessage.id == message_id, _visible(scope))
        return self.session.scalars(stmt.execution_options(populate_existing=True)).one_or_none()

    def counts(self, scope: Scope) -> dict[OutboxStatus, int]:
        """How many mails in ``scope`` stand in each status."""
        stmt = (
            select(OutboxMessage.status, func.count())
            .where(_visible(scope))
            .group_by(OutboxMessage.status)
        )
        found = dict.fromkeys(OutboxStatus, 0)
        found.update({OutboxStatus(s): n for s, n in self.session.execute(stmt)})
        return found
