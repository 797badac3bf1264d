"""The 待办 list on the occasion index: entries selected, counted and paged in SQL.

Status and visibility on as_of are the days the rule stored with each entry, compared with it
(``lifecycle.occasions.index_summary``); ``tests/integration/test_todo.py`` checks the list
against the generators.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.index_range import Walk, due_date, in_subtree, walk
from lifecycle.occasions.index_summary import OccasionSummaryRepository, showing, with_status
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
    union_id: int | None = None  # the union whose subtree ``under_path`` is (counts by tally)
    kinds: Collection[str] | None = None
    scheme: str | None = None
    statuses: Collection[OccasionStatus] | None = None
    due_from: date | None = None
    due_to: date | None = None
    acting_union_id: int | None = None


class TodoRepository:
    """Reads of the occasion index for the 待办 list and the calendar."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.summary = OccasionSummaryRepository(session)

    def page(self, flt: TodoFilter, limit: int, offset: int) -> tuple[Sequence[Any], int]:
        """Rows (``ENTRY_COLUMNS`` order) of one page in occasion order, and how many match."""
        total = self._count(flt, [*self._where(flt), *_due(E.due_on.expression, flt)])
        # One acting union's entries: its (union, due date) index serves them in order.
        how = Walk.PLANNER if flt.acting_union_id else walk(total, offset + limit, None)
        due = _due(due_date(self.session, walk=how), flt)
        return self.summary.page([*self._where(flt, walk=how), *due], limit, offset), total

    def _count(self, flt: TodoFilter, where: list[ColumnElement[bool]]) -> int:
        """The tally's sum where it holds the question's answer (a union's subtree, any scheme,
        acted on by anyone or by that union, overdue or not or either), else the entries
        counted."""
        statuses = frozenset(OccasionStatus) if flt.statuses is None else frozenset(flt.statuses)
        statuses -= {OccasionStatus.DONE}
        acting = flt.acting_union_id
        if (
            flt.union_id is None
            or flt.scheme is not None
            or acting not in (None, flt.union_id)
            or statuses not in _TALLIED_STATUSES
        ):
            return self.summary.count(where)
        return self.summary.tallied_count(
            flt.union_id,
            flt.as_of,
            (flt.due_from, _last(flt)),
            kinds=flt.kinds,
            overdue=_TALLIED_STATUSES[statuses],
            mine=acting is not None,
        )

    def per_day(self, flt: TodoFilter) -> dict[date, int]:
        """How many occasions matching ``flt`` fall due on each day (the calendar's counts)."""
        return self.summary.per_day([*self._where(flt), *_due(E.due_on.expression, flt)])

    def _where(self, flt: TodoFilter, *, walk: Walk = Walk.PLANNER) -> list[ColumnElement[bool]]:
        """Everything ``flt`` asks but the due dates (``_due``: one range, one lower and one
        upper bound, so the planner can use it), read as ``walk`` says."""
        scope = in_subtree(self.session, flt.scope.path_prefix, walk=walk)
        where = [scope, *showing(flt.as_of)]
        if flt.statuses is not None:
            where.append(with_status(flt.statuses, flt.as_of))
        if flt.under_path is not None:
            where.append(in_subtree(self.session, flt.under_path, walk=walk))
        if flt.kinds is not None:
            where.append(E.kind.in_(sorted(flt.kinds)))
        if flt.acting_union_id is not None:
            where.append(E.union_id == flt.acting_union_id)
        if flt.scheme is not None:
            of_scheme = select(Designation.id).where(Designation.scheme_code == flt.scheme)
            where.append(E.designation_id.in_(of_scheme))
        return where


# Status filters the tally can answer (it keeps when an entry is overdue, not when it is due).
_TALLIED_STATUSES: dict[frozenset[OccasionStatus], bool | None] = {
    frozenset({OccasionStatus.OVERDUE, OccasionStatus.DUE, OccasionStatus.UPCOMING}): None,
    frozenset({OccasionStatus.OVERDUE}): True,
    frozenset({OccasionStatus.DUE, OccasionStatus.UPCOMING}): False,
}


def _due(due: ColumnElement[date], flt: TodoFilter) -> list[ColumnElement[bool]]:
    last = _last(flt)
    return [due <= last] if flt.due_from is None else [due >= flt.due_from, due <= last]


def _last(flt: TodoFilter) -> date:
    return flt.end if flt.due_to is None else min(flt.end, flt.due_to)
