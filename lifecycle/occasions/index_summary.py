"""Dashboard questions answered on the occasion index in SQL: counts, and only the first rows.

The dashboard (``lifecycle.views.dashboard``) asks, for one union's subtree on ``as_of``, how many
outstanding occasions there are by kind and by month and how many are overdue, due this month or
waiting for the union itself, and lists the first few of those three. Loading every occasion of a
district to count it costs seconds at a million designations; here the counts are one grouped
query over the index (``lifecycle.occasions.index_model``) and each list is one ``LIMIT`` query.

Status and visibility follow ``lifecycle.occasions.index.entry_to_occasion`` and
``OccasionIndexRepository.entries`` exactly (``tests/integration/test_dashboard_summary.py``):
a standing warning is visible from its due date until ``visible_until`` and is always "due"; any
other entry is overdue once ``as_of`` is past its due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.index_range import bytewise, in_subtree
from lifecycle.occasions.model import KIND_ORDER
from lifecycle.scope import Scope
from lifecycle.unions.model import Union

E = OccasionEntry

# What ``entry_to_occasion`` reads of a row.
LIST_COLUMNS = (
    E.designation_id,
    E.kind,
    E.key,
    E.due_on,
    E.union_id,
    E.title,
    E.link,
    E.subject,
    E.provisional,
    E.standing,
    E.visible_until,
    E.window_days,
)


@dataclass(frozen=True)
class Question:
    """One dashboard question: a subtree, a day, the 12-month window and the acting union."""

    scope_path: str | None  # the union's path; None: every union
    union_id: int  # "waiting for my step": entries whose acting union is this one
    as_of: date
    end: date  # last day of the window (overdue entries before its start are included)
    month_starts: tuple[date, ...]  # first day of each month shown; [0] is as_of's month

    @property
    def start(self) -> date:
        return self.month_starts[0]


@dataclass
class Tally:
    """The dashboard's figures: totals of the three lists, counts by kind and by month."""

    overdue: int = 0
    due_this_month: int = 0
    my_step: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_month: list[int] = field(default_factory=list)  # one count per month_starts entry


class OccasionSummaryRepository:
    """Reads of the occasion index for the dashboard (counts in SQL, short lists)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def union(self, union_id: int, scope: Scope) -> Any | None:
        """The dashboard's union if it lies in ``scope``: a row of (id, name, path)."""
        stmt = select(Union.id, Union.name, Union.path).where(
            Union.id == union_id, scope.clause(Union.path)
        )
        return self.session.execute(stmt).one_or_none()

    def tally(self, q: Question) -> Tally:
        """Every figure of the dashboard in one grouped query."""
        overdue = self._overdue(q)
        this_month = self._due_this_month(q)
        mine = E.union_id == q.union_id
        month = self._month_bucket(q)
        stmt = (
            select(
                E.kind,
                month,
                func.count(),
                func.sum(case((overdue, 1), else_=0)),
                func.sum(case((this_month, 1), else_=0)),
                func.sum(case((mine, 1), else_=0)),
            )
            .where(*self._outstanding(q))
            .group_by(E.kind, month)
        )
        tally = Tally(by_month=[0] * len(q.month_starts))
        for kind, bucket, count, n_overdue, n_this_month, n_mine in self.session.execute(stmt):
            tally.by_kind[kind] = tally.by_kind.get(kind, 0) + count
            if bucket >= 0:
                tally.by_month[bucket] += count
            tally.overdue += n_overdue or 0
            tally.due_this_month += n_this_month or 0
            tally.my_step += n_mine or 0
        return tally

    def overdue(self, q: Question, limit: int) -> Sequence[Any]:
        """The first ``limit`` overdue entries in occasion order."""
        return self._first(q, self._overdue(q), limit)

    def due_this_month(self, q: Question, limit: int) -> Sequence[Any]:
        """The first ``limit`` entries due this month that are not overdue."""
        return self._first(q, self._due_this_month(q), limit)

    def my_step(self, q: Question, limit: int) -> Sequence[Any]:
        """The first ``limit`` entries the union itself must act on."""
        return self._first(q, E.union_id == q.union_id, limit)

    def _first(self, q: Question, which: ColumnElement[bool], limit: int) -> Sequence[Any]:
        if limit <= 0:
            return []
        stmt = (
            select(*LIST_COLUMNS)
            .where(*self._outstanding(q), which)
            .order_by(*self._occasion_order())
            .limit(limit)
        )
        return self.session.execute(stmt).all()

    def _outstanding(self, q: Question) -> tuple[ColumnElement[bool], ...]:
        """Entries of the subtree due by ``end`` (overdue ones too) that exist on ``as_of``."""
        visible = or_(
            E.standing.is_(False),
            and_(E.due_on <= q.as_of, or_(E.visible_until.is_(None), E.visible_until >= q.as_of)),
        )
        return (in_subtree(self.session, q.scope_path), E.due_on <= q.end, visible)

    @staticmethod
    def _overdue(q: Question) -> ColumnElement[bool]:
        # entry_to_occasion: a standing entry is always due; any other is overdue after due_on.
        return and_(E.standing.is_(False), E.due_on < q.as_of)

    @staticmethod
    def _due_this_month(q: Question) -> ColumnElement[bool]:
        next_month = q.month_starts[1] if len(q.month_starts) > 1 else None
        not_overdue = or_(E.standing.is_(True), E.due_on >= q.as_of)
        in_month = E.due_on >= q.start
        if next_month is not None:
            in_month = and_(in_month, E.due_on < next_month)
        return and_(not_overdue, in_month)

    @staticmethod
    def _month_bucket(q: Question) -> ColumnElement[int]:
        """0 for the first month shown, 1 for the next …; -1 before the window's start."""
        whens: list[tuple[ColumnElement[bool], int]] = [(E.due_on < q.start, -1)]
        for k, first_day in enumerate(q.month_starts[1:]):
            whens.append((E.due_on < first_day, k))
        return case(*whens, else_=len(q.month_starts) - 1)

    def _occasion_order(self) -> tuple[Any, ...]:
        """``Occasion.sort_key``: due date, kind in declaration order, designation, key (in
        code-point order, as Python compares strings)."""
        kind_rank = case({kind.value: rank for kind, rank in KIND_ORDER.items()}, value=E.kind)
        return (E.due_on, kind_rank, E.designation_id, bytewise(self.session, E.key.expression))
