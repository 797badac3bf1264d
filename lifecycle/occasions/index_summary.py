"""Dashboard and 待办 reads of the occasion index and its tally: SQL selects, the rule decided.

Every entry carries the days its status and visibility change (``model.Timeline``, written by
the rule when the entry was); a read on ``as_of`` selects by comparing those days with it. The
dashboard's figures add up the tally of the union's subtree (``lifecycle.occasions.tally``);
lists read a page of entries in occasion order (``Occasion.sort_key``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, false, func, literal_column, or_, select
from sqlalchemy.orm import Session

from lifecycle.occasions.index_model import OccasionEntry, OccasionTally
from lifecycle.occasions.index_range import bytewise
from lifecycle.occasions.index_repository import ENTRY_COLUMNS
from lifecycle.occasions.model import KIND_ORDER, OccasionKind, OccasionStatus
from lifecycle.scope import Scope
from lifecycle.unions.model import Union

E = OccasionEntry
T = OccasionTally
_KINDS = {kind.value: kind for kind in OccasionKind}
# The kind's rank in ``Occasion.sort_key``, written out once: the values are the enum's own, so
# the statement carries no parameters for them (built per read, the CASE cost ~1 ms).
_KIND_RANK: ColumnElement[int] = literal_column(
    "CASE occasion_index.kind "
    + " ".join(f"WHEN '{kind.value}' THEN {rank}" for kind, rank in KIND_ORDER.items())
    + " END",
    Integer,
)


def showing(as_of: date) -> list[ColumnElement[bool]]:
    """Entries that exist on ``as_of`` (``Timeline.shows_on``)."""
    return [E.shows_from <= as_of, E.shows_until >= as_of]


def with_status(statuses: Collection[OccasionStatus], as_of: date) -> ColumnElement[bool]:
    """Entries whose status on ``as_of`` is one of ``statuses`` (``Timeline.status_on``)."""
    parts = []
    if OccasionStatus.OVERDUE in statuses:
        parts.append(E.overdue_from <= as_of)
    if OccasionStatus.DUE in statuses:
        parts.append(and_(E.due_from <= as_of, E.overdue_from > as_of))
    if OccasionStatus.UPCOMING in statuses:
        parts.append(E.due_from > as_of)
    return or_(*parts) if parts else false()


@dataclass(frozen=True)
class Tallied:
    """Entries of a subtree alike in kind, due month and whether overdue or due this month."""

    kind: OccasionKind
    month: date  # the first day of the due month
    overdue: bool
    this_month: bool  # due in as_of's month and not overdue
    entries: int
    mine: int  # of them, entries the subtree's own union acts on


class OccasionSummaryRepository:
    """The dashboard's figures (the tally) and pages of entries in occasion order."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def union(self, union_id: int, scope: Scope) -> Any | None:
        """The dashboard's union if it lies in ``scope``: a row of (id, name, path)."""
        stmt = select(Union.id, Union.name, Union.path).where(
            Union.id == union_id, scope.clause(Union.path)
        )
        return self.session.execute(stmt).one_or_none()

    def tallied(self, union_id: int, as_of: date, month: date, end: date) -> list[Tallied]:
        """The subtree's outstanding entries showing on ``as_of`` and due by ``end``, added up by
        kind, due month and status (``month``: the first day of as_of's month)."""
        overdue = T.overdue_from <= as_of
        this_month = and_(T.overdue_from > as_of, T.due_month == month)
        stmt = (
            select(T.kind, T.due_month, overdue, this_month, func.sum(T.entries), func.sum(T.mine))
            .where(
                T.union_id == union_id,
                T.due_on <= end,
                T.shows_from <= as_of,
                T.shows_until >= as_of,
            )
            .group_by(T.kind, T.due_month, overdue, this_month)
        )
        return [
            Tallied(_KINDS[kind], due_month, bool(late), bool(now), int(n), int(mine))
            for kind, due_month, late, now, n, mine in self.session.execute(stmt)
        ]

    def overdue_span(
        self, union_id: int, as_of: date, end: date, limit: int
    ) -> tuple[date, date] | None:
        """The due dates from the subtree's first overdue entry showing on ``as_of`` to its
        ``limit``-th (from the tally): the overdue list's first page lies between them."""
        stmt = (
            select(T.due_on, func.sum(T.entries))
            .where(
                T.union_id == union_id,
                T.due_on <= end,
                T.overdue_from <= as_of,
                T.shows_from <= as_of,
                T.shows_until >= as_of,
            )
            .group_by(T.due_on)
            .order_by(T.due_on)
        )
        first: date | None = None
        seen = 0
        for due_on, n in self.session.execute(stmt):
            first = first or due_on
            seen += int(n)
            if seen >= limit:
                return first, due_on
        return None if first is None else (first, end)

    def tallied_count(
        self,
        union_id: int,
        as_of: date,
        due: tuple[date | None, date],
        *,
        kinds: Collection[str] | None,
        overdue: bool | None,
        mine: bool,
    ) -> int:
        """How many entries of the subtree show on ``as_of`` with a due date in ``due`` (first,
        last), of ``kinds`` (None: all), overdue or not (None: either), acted on by the union
        itself when ``mine``: the 待办 list's total, added up from the tally."""
        first, last = due
        where = [T.union_id == union_id, T.due_on <= last, T.shows_from <= as_of]
        where.append(T.shows_until >= as_of)
        if first is not None:
            where.append(T.due_on >= first)
        if kinds is not None:
            where.append(T.kind.in_(sorted(kinds)))
        if overdue is not None:
            where.append(T.overdue_from <= as_of if overdue else T.overdue_from > as_of)
        counted = func.sum(T.mine if mine else T.entries)
        return int(self.session.scalar(select(counted).where(*where)) or 0)

    def page(
        self, where: Sequence[ColumnElement[bool]], limit: int, offset: int = 0
    ) -> Sequence[Any]:
        """Rows (``ENTRY_COLUMNS``) ``offset`` … ``offset + limit`` of the entries matching
        ``where``, in occasion order."""
        stmt = (
            select(*ENTRY_COLUMNS)
            .where(*where)
            .order_by(*self.occasion_order())
            .limit(limit)
            .offset(offset)
        )
        return self.session.execute(stmt).all()

    def count(self, where: Sequence[ColumnElement[bool]]) -> int:
        """How many entries match ``where``."""
        return int(self.session.scalar(select(func.count()).select_from(E).where(*where)) or 0)

    def per_day(self, where: Sequence[ColumnElement[bool]]) -> dict[date, int]:
        """How many entries matching ``where`` fall due on each day."""
        stmt = select(E.due_on, func.count()).where(*where).group_by(E.due_on)
        return {day: int(n) for day, n in self.session.execute(stmt)}

    def occasion_order(self) -> tuple[Any, ...]:
        """``Occasion.sort_key``: due date, kind in declaration order, designation, key (in
        code-point order, as Python compares strings)."""
        return (E.due_on, _KIND_RANK, E.designation_id, bytewise(self.session, E.key.expression))
