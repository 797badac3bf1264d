"""The 待办 list on the occasion index: filtered, counted and paged in SQL.

Status and visibility follow ``lifecycle.occasions.index.entry_to_occasion`` (a standing warning
is always "due"; any other entry is overdue after its due date, due within its window, else
upcoming); ``tests/integration/test_todo.py`` checks the list against the generators.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.index_range import in_subtree
from lifecycle.occasions.index_summary import LIST_COLUMNS, OccasionSummaryRepository
from lifecycle.occasions.model import OccasionStatus
from lifecycle.scope import Scope

E = OccasionEntry


@dataclass(frozen=True)
class TodoFilter:
    """One question of the 待办 list; every field narrows it (None: no narrowing)."""

    scope: Scope
    as_of: date
    end: date  # nothing due after this day (the index's reach)
    under_path: str | None = None  # a union's subtree inside the scope
    kinds: Collection[str] | None = None
    scheme: str | None = None
    statuses: Collection[OccasionStatus] | None = None
    due_from: date | None = None
    due_to: date | None = None
    acting_union_id: int | None = None


class TodoRepository:
    """Reads of the occasion index for the 待办 list (counts and pages in SQL)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def page(self, flt: TodoFilter, limit: int, offset: int) -> tuple[Sequence[Any], int]:
        """Rows (``LIST_COLUMNS`` order) of one page in occasion order, and how many match."""
        where = self._where(flt)
        base = select(*LIST_COLUMNS).where(*where)
        if flt.scheme is not None:
            base = base.join(Designation, Designation.id == E.designation_id).where(
                Designation.scheme_code == flt.scheme
            )
        total = self.session.scalar(select(func.count()).select_from(base.subquery()))
        order = OccasionSummaryRepository(self.session)._occasion_order()
        rows = self.session.execute(base.order_by(*order).limit(limit).offset(offset)).all()
        return rows, int(total or 0)

    def per_day(self, flt: TodoFilter) -> dict[date, int]:
        """How many occasions matching ``flt`` fall due on each day (the calendar's counts)."""
        stmt = select(E.due_on, func.count()).where(*self._where(flt)).group_by(E.due_on)
        if flt.scheme is not None:
            stmt = stmt.join(Designation, Designation.id == E.designation_id).where(
                Designation.scheme_code == flt.scheme
            )
        return {day: int(n) for day, n in self.session.execute(stmt)}

    def _where(self, flt: TodoFilter) -> list[ColumnElement[bool]]:
        visible = or_(
            E.standing.is_(False),
            and_(
                E.due_on <= flt.as_of,
                or_(E.visible_until.is_(None), E.visible_until >= flt.as_of),
            ),
        )
        where = [in_subtree(self.session, flt.scope.path_prefix), E.due_on <= flt.end, visible]
        if flt.under_path is not None:
            where.append(in_subtree(self.session, flt.under_path))
        if flt.kinds is not None:
            where.append(E.kind.in_(sorted(flt.kinds)))
        if flt.due_from is not None:
            where.append(E.due_on >= flt.due_from)
        if flt.due_to is not None:
            where.append(E.due_on <= flt.due_to)
        if flt.acting_union_id is not None:
            where.append(E.union_id == flt.acting_union_id)
        if flt.statuses is not None:
            where.append(or_(*(self._status(s, flt.as_of) for s in flt.statuses)))
        return where

    def _status(self, status: OccasionStatus, as_of: date) -> ColumnElement[bool]:
        """Rows whose status on ``as_of`` is ``status`` (``facts.status_for``)."""
        within = self._days_until(as_of) <= E.window_days
        if status is OccasionStatus.OVERDUE:
            return and_(E.standing.is_(False), E.due_on < as_of)
        if status is OccasionStatus.DUE:
            return or_(E.standing.is_(True), and_(E.due_on >= as_of, within))
        if status is OccasionStatus.UPCOMING:
            return and_(E.standing.is_(False), E.due_on >= as_of, ~within)
        return literal(False)  # the index holds only outstanding occasions

    def _days_until(self, as_of: date) -> ColumnElement[Any]:
        """Days from ``as_of`` to the due date, in the dialect's date arithmetic."""
        if self.session.get_bind().dialect.name == "sqlite":
            return func.julianday(E.due_on) - func.julianday(literal(as_of.isoformat()))
        return E.due_on - literal(as_of)
