"""The district officer's dashboard: overdue, due this month, my union's step, 12 months ahead."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from lifecycle.errors import NotFound
from lifecycle.intake.occasions import waiting_occasions
from lifecycle.occasions import index
from lifecycle.occasions.index_repository import SubtreeAsk
from lifecycle.occasions.model import (
    ALWAYS,
    Occasion,
    OccasionKind,
    OccasionStatus,
    occasion_kind_labels,
)
from lifecycle.occasions.service import occasions_for_union
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.home_tree import HomeTree, home_tree
from lifecycle.vocab import UnionLevel

# How many occasions of each list a dashboard carries (the totals count them all).
DEFAULT_ITEMS = 50
# Levels no union lies below (LEVEL_ORDER: a unit union is the lowest; an association has none).
LEAF_LEVELS = frozenset({UnionLevel.UNIT, UnionLevel.ASSOCIATION})


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
    # Steps with no deadline (无规定办理期限): outstanding, but due in no month.
    undated: list[Occasion]
    undated_total: int
    # Whether unions lie below this one (a unit union's or an association's has none).
    has_subordinates: bool


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
    tree: HomeTree | None = None,
    waiting: Sequence[Occasion] | None = None,
) -> Dashboard:
    """What the union's subtree owes, undone, up to ``months`` ahead [Y11][Y12][S9].

    On the occasion index whenever it reaches the window's end (the figures from its board, only
    the first ``items`` of each list read); else every occasion from the generators. The union
    is looked up in ``scope``; ``tree``: the programmes of its city tree where the caller has
    read them already (a page's ``own_tree`` for the user's own union), else read here;
    ``waiting``: the steps applications in the union's subtree wait at, where the caller read
    them already (``waiting_occasions``), else read here.
    """
    union = uow.unions.brief(union_id, scope)  # its name and place: no contacts
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    starts = [month_start(as_of, k) for k in range(max(months, 1))]
    end = month_start(as_of, months) - timedelta(days=1)
    this_month, starts_next = starts[0], month_start(as_of, 1)

    def overdue(o: Occasion) -> bool:
        return o.status is OccasionStatus.OVERDUE

    def due_this_month(o: Occasion) -> bool:
        # A warning standing since an earlier month is due now; a step with no deadline is not.
        return not overdue(o) and not o.undated and o.due_on < starts_next

    def undated(o: Occasion) -> bool:
        return o.undated

    def mine(o: Occasion) -> bool:
        return o.union_id == union_id

    # Applications waiting for a step: few, made on each read and counted in with the rest.
    if waiting is None:
        waiting = waiting_occasions(uow, Scope.subtree(union.path), as_of)
    waiting = [o for o in waiting if o.due_on <= end]

    def some(
        found: list[Occasion], accept: Callable[[Occasion], bool]
    ) -> tuple[list[Occasion], int]:
        kept = sorted((o for o in found if accept(o)), key=lambda o: o.sort_key)
        return kept[:items], len(kept)

    def merged(
        read: tuple[list[Occasion], int], accept: Callable[[Occasion], bool]
    ) -> tuple[list[Occasion], int]:
        """The first ``items`` and the total of a list read from the index, with ``waiting``."""
        more, n = some(waiting, accept)
        return some([*read[0], *more], accept)[0], read[1] + n

    # (kind, due month or None before the window, count) of every outstanding occasion.
    counted: list[tuple[OccasionKind, date | None, int]]
    lists: dict[str, tuple[list[Occasion], int]]
    if index.board_usable(uow, end, as_of):
        repo = uow.occasion_index
        tallied = repo.tallied(union.id, as_of, this_month, end)
        # An entry due on no day counts in no month (``Occasion.undated``).
        counted = [(t.kind, t.month, t.entries - t.undated) for t in tallied]
        counted += [(t.kind, None, t.undated) for t in tallied]
        counted += _counted(waiting, this_month)

        subtree = sum(t.entries for t in tallied)
        overdue_total = sum(t.overdue for t in tallied)
        month_total = sum(t.this_month for t in tallied)
        undated_total = sum(t.undated for t in tallied)
        this_months = (ALWAYS, starts_next - timedelta(days=1))
        asks = {
            "overdue": SubtreeAsk((ALWAYS, end), True, counts=(overdue_total, subtree)),
            "due_this_month": SubtreeAsk(
                this_months, False, undated=False, counts=(month_total, subtree)
            ),
            # The union's own: its (union, due date) index serves them in order.
            "mine": SubtreeAsk((ALWAYS, end), acting_union_id=union.id, counts=(None, subtree)),
            "undated": SubtreeAsk((ALWAYS, end), undated=True, counts=(undated_total, subtree)),
        }
        for name, total in (("overdue", overdue_total), ("undated", undated_total)):
            if not total:
                del asks[name]
        # The first ``items`` of each list, in one read.
        read = repo.subtree_pages(union.path, as_of, items, list(asks.values()))
        pages = dict(zip(asks, read, strict=True))
        totals = {
            "overdue": overdue_total,
            "due_this_month": month_total,
            "mine": sum(t.mine for t in tallied),
            "undated": undated_total,
        }
        lists = {
            name: ([index.entry_to_occasion(r, as_of) for r in pages.get(name, [])], total)
            for name, total in totals.items()
        }
        for name, accept in (
            ("overdue", overdue),
            ("due_this_month", due_this_month),
            ("mine", mine),
            ("undated", undated),
        ):
            lists[name] = merged(lists[name], accept)
    else:
        found = occasions_for_union(
            uow, union.id, starts[0], end, as_of, scope=scope, outstanding_only=True
        )
        open_ = [o for o in found if o.status is not OccasionStatus.DONE] + waiting
        counted = _counted(open_, this_month)
        lists = {
            "overdue": some(open_, overdue),
            "due_this_month": some(open_, due_this_month),
            "mine": some(open_, mine),
            "undated": some(open_, undated),
        }
    return Dashboard(
        union.id,
        union.name,
        as_of,
        *lists["overdue"],
        *lists["due_this_month"],
        *lists["mine"],
        # named in the union's tree's words: 乐山's 带头人 [L 二（一）], Shanghai's both
        counts_by_kind=_kinds(
            counted,
            occasion_kind_labels((tree or home_tree(uow, union.path)).listed_leader_word),
        ),
        months=_months(counted, starts),
        undated=lists["undated"][0],
        undated_total=lists["undated"][1],
        has_subordinates=union.level not in LEAF_LEVELS,
    )


def _counted(
    found: Iterable[Occasion], this_month: date
) -> list[tuple[OccasionKind, date | None, int]]:
    """(kind, due month or None before ``this_month`` or with no deadline, 1) of each occasion."""
    return [
        (o.kind, month_start(o.due_on) if o.due_on >= this_month and not o.undated else None, 1)
        for o in found
    ]


def _kinds(
    counted: Iterable[tuple[OccasionKind, date | None, int]], labels: Mapping[str, str]
) -> list[tuple[OccasionKind, str, int]]:
    per_kind: Counter[OccasionKind] = Counter()
    for kind, _, n in counted:
        per_kind[kind] += n
    return [(k, labels[k], per_kind[k]) for k in OccasionKind if per_kind[k]]


def _months(
    counted: Iterable[tuple[OccasionKind, date | None, int]], starts: list[date]
) -> list[MonthCount]:
    per_month: Counter[date] = Counter()
    for _, month, n in counted:
        if month is not None:
            per_month[month] += n
    return [MonthCount(m.year, m.month, per_month[m]) for m in starts]
