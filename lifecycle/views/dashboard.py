"""The district officer's dashboard: overdue, due this month, my union's step, 12 months ahead."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lifecycle.errors import NotFound
from lifecycle.occasions import index
from lifecycle.occasions.index_summary import Question
from lifecycle.occasions.model import OCCASION_KIND_LABELS, Occasion, OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_union
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork

# How many occasions of each list a dashboard carries (the totals count them all).
DEFAULT_ITEMS = 50
# Dashboards of read-only units of work, reused while the database has not changed at all.


@dataclass(frozen=True)
class MonthCount:
    """Occasions falling due in one calendar month."""

    year: int
    month: int
    count: int

    @property
    def label(self) -> str:
        """The month as 2026年3月."""
        return f"{self.year}年{self.month}月"


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows for one union's subtree on ``as_of``.

    Each list holds its first ``items`` occasions in occasion order; ``*_total`` counts them all.
    """

    union_id: int
    union_name: str
    as_of: date
    overdue: list[Occasion]
    overdue_total: int
    due_this_month: list[Occasion]
    due_this_month_total: int
    my_step: list[Occasion]
    my_step_total: int
    counts_by_kind: list[tuple[OccasionKind, str, int]]
    months: list[MonthCount]


def month_start(day: date, months_ahead: int = 0) -> date:
    """The first day of the month ``months_ahead`` after ``day``'s month."""
    index_ = day.year * 12 + day.month - 1 + months_ahead
    return date(index_ // 12, index_ % 12 + 1, 1)


def dashboard(
    uow: UnitOfWork,
    union_id: int,
    as_of: date,
    *,
    scope: Scope,
    months: int = 12,
    items: int = DEFAULT_ITEMS,
) -> Dashboard:
    """What the union's subtree owes, undone, up to ``months`` ahead [Y11][Y12][S9].

    Counted in SQL on the occasion index whenever it reaches the window's end, with only the
    first ``items`` of each list loaded; else computed by the generators. The union is looked
    up in the caller's scope.
    """
    union = uow.occasion_summary.union(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    starts = tuple(month_start(as_of, k) for k in range(max(months, 1)))
    end = month_start(as_of, months) - timedelta(days=1)
    question = Question(union.path, union.id, as_of, end, starts)

    if index.usable(uow, end, as_of):
        return _from_index(uow, question, union.name, items)
    return _from_generators(uow, question, union.name, scope, items)


def _from_index(uow: UnitOfWork, q: Question, union_name: str, items: int) -> Dashboard:
    repo = uow.occasion_summary
    tally = repo.tally(q)

    def occasions(rows: Sequence[Any]) -> list[Occasion]:
        return [index.entry_to_occasion(row, q.as_of) for row in rows]

    return Dashboard(
        union_id=q.union_id,
        union_name=union_name,
        as_of=q.as_of,
        overdue=occasions(repo.overdue(q, items) if tally.overdue else []),
        overdue_total=tally.overdue,
        due_this_month=occasions(repo.due_this_month(q, items) if tally.due_this_month else []),
        due_this_month_total=tally.due_this_month,
        my_step=occasions(repo.my_step(q, items) if tally.my_step else []),
        my_step_total=tally.my_step,
        counts_by_kind=_kinds(Counter({OccasionKind(k): n for k, n in tally.by_kind.items()})),
        months=[
            MonthCount(m.year, m.month, count)
            for m, count in zip(q.month_starts, tally.by_month, strict=True)
        ],
    )


def _from_generators(
    uow: UnitOfWork, q: Question, union_name: str, scope: Scope, items: int
) -> Dashboard:
    """Every outstanding occasion generated and counted here (the index does not reach)."""
    found = occasions_for_union(
        uow, q.union_id, q.start, q.end, q.as_of, scope=scope, outstanding_only=True
    )
    open_ = [o for o in found if o.status is not OccasionStatus.DONE]
    this_month_end = month_start(q.as_of, 1)
    per_month = Counter(month_start(o.due_on) for o in open_ if o.due_on >= q.start)
    overdue = [o for o in open_ if o.status is OccasionStatus.OVERDUE]
    due_this_month = [
        o
        for o in open_
        if o.status is not OccasionStatus.OVERDUE and q.start <= o.due_on < this_month_end
    ]
    my_step = [o for o in open_ if o.union_id == q.union_id]
    return Dashboard(
        union_id=q.union_id,
        union_name=union_name,
        as_of=q.as_of,
        overdue=overdue[:items],
        overdue_total=len(overdue),
        due_this_month=due_this_month[:items],
        due_this_month_total=len(due_this_month),
        my_step=my_step[:items],
        my_step_total=len(my_step),
        counts_by_kind=_kinds(Counter(o.kind for o in open_)),
        months=[MonthCount(m.year, m.month, per_month.get(m, 0)) for m in q.month_starts],
    )


def _kinds(per_kind: Counter[OccasionKind]) -> list[tuple[OccasionKind, str, int]]:
    return [
        (kind, OCCASION_KIND_LABELS[kind], per_kind[kind])
        for kind in OccasionKind
        if per_kind[kind]
    ]
