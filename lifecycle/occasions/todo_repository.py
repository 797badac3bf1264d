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
from lifecycle.occasions.index_range import in_subtree
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
        where = [*self._where(flt), *_due(flt.due_from, _last(flt))]
        return self.summary.page(where, limit, offset), self.summary.count(where)

    def per_day(self, flt: TodoFilter) -> dict[date, int]:
        """How many occasions matching ``flt`` fall due on each day (the calendar's counts)."""
        return self.summary.per_day([*self._where(flt), *_due(flt.due_from, _last(flt))])

    def _where(self, flt: TodoFilter) -> list[ColumnElement[bool]]:
        """Everything ``flt`` asks but the due dates (``_due``: one range, one lower and one
        upper bound, so the planner can use it)."""
        where = [in_subtree(self.session, flt.scope.path_prefix), *showing(flt.as_of)]
        if flt.statuses is not None:
            where.append(with_status(flt.statuses, flt.as_of))
        if flt.under_path is not None:
            where.append(in_subtree(self.session, flt.under_path))
        if flt.kinds is not None:
            where.append(E.kind.in_(sorted(flt.kinds)))
        if flt.acting_union_id is not None:
            where.append(E.union_id == flt.acting_union_id)
        if flt.scheme is not None:
            of_scheme = select(Designation.id).where(Designation.scheme_code == flt.scheme)
            where.append(E.designation_id.in_(of_scheme))
        return where


def _due(first: date | None, last: date) -> list[ColumnElement[bool]]:
    return [E.due_on <= last] if first is None else [E.due_on >= first, E.due_on <= last]


def _last(flt: TodoFilter) -> date:
    return flt.end if flt.due_to is None else min(flt.end, flt.due_to)
