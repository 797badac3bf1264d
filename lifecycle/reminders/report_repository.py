"""Read queries for the JSON API: a recipient's reminder history and the outbox, filtered, paged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import OutboxStatus


@dataclass(frozen=True)
class HistoryFilter:
    """Which of a recipient's reminders to list (every bound inclusive)."""

    status: OutboxStatus | None = None
    sweep_from: date | None = None
    sweep_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None


@dataclass(frozen=True)
class OutboxFilter:
    """Which mails of the outbox to list; times are bounds on ``created_at`` (UTC-aware)."""

    status: OutboxStatus | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    recipient_email: str | None = None


def _count(session: Session, stmt: Select[*tuple[Any, ...]]) -> int:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return int(total or 0)


class ReminderReportRepository:
    """Scoped reads: history items join their union; a mail is seen through the items it carries."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def history(
        self, email: str, scope: Scope, flt: HistoryFilter, *, limit: int, offset: int
    ) -> tuple[list[tuple[ReminderItem, OutboxMessage | None]], int]:
        """Reminders sent to ``email`` in ``scope``, newest sweep first, and how many match."""
        stmt = (
            select(ReminderItem, OutboxMessage)
            .join(Union, Union.id == ReminderItem.union_id)
            .outerjoin(OutboxMessage, OutboxMessage.id == ReminderItem.outbox_id)
            .where(ReminderItem.recipient_email == email, scope.clause(Union.path))
        )
        if flt.status is not None:
            stmt = stmt.where(OutboxMessage.status == flt.status)
        if flt.sweep_from is not None:
            stmt = stmt.where(ReminderItem.sweep_date >= flt.sweep_from)
        if flt.sweep_to is not None:
            stmt = stmt.where(ReminderItem.sweep_date <= flt.sweep_to)
        if flt.due_from is not None:
            stmt = stmt.where(ReminderItem.due_on >= flt.due_from)
        if flt.due_to is not None:
            stmt = stmt.where(ReminderItem.due_on <= flt.due_to)
        total = _count(self.session, stmt)
        ordered = stmt.order_by(
            ReminderItem.sweep_date.desc(), ReminderItem.due_on, ReminderItem.id
        )
        rows = self.session.execute(ordered.limit(limit).offset(offset))
        return [(item, mail) for item, mail in rows], total

    @staticmethod
    def _visible(scope: Scope) -> ColumnElement[bool]:
        """A mail is in scope when one of its items' unions is, or when it carries no item."""
        carried = select(ReminderItem.id).where(ReminderItem.outbox_id == OutboxMessage.id)
        in_scope = carried.join(Union, Union.id == ReminderItem.union_id).where(
            scope.clause(Union.path)
        )
        return or_(exists(in_scope), not_(exists(carried)))

    def outbox(
        self, scope: Scope, flt: OutboxFilter, *, limit: int, offset: int
    ) -> tuple[Sequence[OutboxMessage], int]:
        """Mails newest first and how many match the filter."""
        stmt = select(OutboxMessage)
        if scope.path_prefix is not None:
            stmt = stmt.where(self._visible(scope))
        if flt.status is not None:
            stmt = stmt.where(OutboxMessage.status == flt.status)
        if flt.created_from is not None:
            stmt = stmt.where(OutboxMessage.created_at >= flt.created_from)
        if flt.created_before is not None:
            stmt = stmt.where(OutboxMessage.created_at < flt.created_before)
        if flt.recipient_email:
            stmt = stmt.where(OutboxMessage.recipient_email == flt.recipient_email)
        total = _count(self.session, stmt)
        ordered = stmt.order_by(OutboxMessage.id.desc()).limit(limit).offset(offset)
        # Marks are bulk UPDATEs: read the rows as stored, not as first loaded.
        rows = self.session.scalars(ordered.execution_options(populate_existing=True)).all()
        return rows, total

    def message(self, message_id: int, scope: Scope) -> OutboxMessage | None:
        """One mail inside ``scope``, or None."""
        stmt = select(OutboxMessage).where(OutboxMessage.id == message_id)
        if scope.path_prefix is not None:
            stmt = stmt.where(self._visible(scope))
        stmt = stmt.execution_options(populate_existing=True)
        return self.session.scalars(stmt).one_or_none()

    def counts(self, scope: Scope) -> dict[OutboxStatus, int]:
        """How many mails in ``scope`` stand in each status."""
        stmt = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        if scope.path_prefix is not None:
            stmt = stmt.where(self._visible(scope))
        found = dict.fromkeys(OutboxStatus, 0)
        found.update({OutboxStatus(s): n for s, n in self.session.execute(stmt)})
        return found
