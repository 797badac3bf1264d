"""The district officer's dashboard: overdue, due this month, my union's step, 12 months ahead."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from lifecycle.errors import NotFound
from lifecycle.occasions.model import OCCASION_KIND_LABELS, Occasion, OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_union
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork


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
    """Everything the dashboard shows for one union's subtree on ``as_of``."""

    union_id: int
    union_name: str
    as_of: date
    overdue: list[Occasion]
    due_this_month: list[Occasion]
    my_step: list[Occasion]
    counts_by_kind: list[tuple[OccasionKind, str, int]]
    months: list[MonthCount]


def month_start(day: date, months_ahead: int = 0) -> date:
    """The first day of the month ``months_ahead`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months_ahead
    return date(index // 12, index % 12 + 1, 1)


def dashboard(
    uow: UnitOfWork, union_id: int, as_of: date, *, scope: Scope, months: int = 12
) -> Dashboard:
    """What the union's subtree owes, undone, up to ``months`` ahead [Y11][Y12][S9]."""
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    start = month_start(as_of)
    end = month_start(as_of, months) - timedelta(days=1)
    # Outstanding only: answered from the occasion index (one query) when it reaches ``end``.
    found = occasions_for_union(
        uow, union_id, start, end, as_of, scope=scope, outstanding_only=True
    )
    open_ = [o for o in found if o.status is not OccasionStatus.DONE]
    this_month_end = month_start(as_of, 1)
    per_month = Counter(month_start(o.due_on) for o in open_ if o.due_on >= start)
    per_kind = Counter(o.kind for o in open_)
    return Dashboard(
        union_id=union.id,
        union_name=union.name,
        as_of=as_of,
        overdue=[o for o in open_ if o.status is OccasionStatus.OVERDUE],
        due_this_month=[
            o
            for o in open_
            if o.status is not OccasionStatus.OVERDUE and start <= o.due_on < this_month_end
        ],
        my_step=[o for o in open_ if o.union_id == union.id],
        counts_by_kind=[
            (kind, OCCASION_KIND_LABELS[kind], per_kind[kind])
            for kind in OccasionKind
            if per_kind[kind]
        ],
        months=[
            MonthCount(m.year, m.month, per_month.get(m, 0))
            for m in (month_start(as_of, k) for k in range(months))
        ],
    )
