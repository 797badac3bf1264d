"""The union's month: outstanding occasions by due day and the inspections scheduled [Y11][Y12]."""

from __future__ import annotations

from calendar import Calendar
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from lifecycle.errors import NotFound
from lifecycle.inspections.model import INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS
from lifecycle.intake.occasions import held_steps
from lifecycle.listings.repository import Window
from lifecycle.occasions import index
from lifecycle.occasions.index_repository import TodoFilter
from lifecycle.occasions.model import Occasion, OccasionKind
from lifecycle.schemes.words import worded
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.dashboard import month_start

# Occasions loaded for one month; each day shows a few and links to the day's full list.
ITEMS_PER_MONTH = 400
INSPECTIONS_PER_MONTH = 200
# The months the calendar shows: the regulations and every title's duties fall well inside.
FIRST_MONTH = date(2000, 1, 1)
LAST_MONTH = date(2099, 12, 1)


def month_in_range(first: date) -> bool:
    """Whether the calendar shows the month starting ``first``."""
    return FIRST_MONTH <= first <= LAST_MONTH


@dataclass(frozen=True)
class PlannedInspection:
    """An inspection scheduled on a day (plain values: the page renders after the read)."""

    id: int
    designation_id: int
    kind_label: str
    subject: str  # the designation: 称号（编号）
    result_label: str | None = None  # 合格/不合格 once recorded; None while only scheduled


@dataclass
class Day:
    day: date
    in_month: bool
    count: int = 0
    occasions: list[Occasion] = field(default_factory=list)
    inspections: list[PlannedInspection] = field(default_factory=list)
    steps: list[Occasion] = field(default_factory=list)  # application steps waiting for us


@dataclass(frozen=True)
class MonthView:
    union_id: int
    union_name: str
    first: date
    weeks: list[list[Day]]
    total: int  # occasions due in the month (scheduled inspections are not counted)
    indexed: bool  # False: the occasion index is not built yet (only inspections shown)
    inspections: int = 0  # inspections scheduled in the month
    reaches: date | None = None  # not indexed although built: the index reaches only this far
    steps: int = 0  # dated application steps waiting for the user's union in the month

    @property
    def previous(self) -> date | None:
        """The month before, if the calendar shows it."""
        return month_start(self.first, -1) if self.first > FIRST_MONTH else None

    @property
    def next(self) -> date | None:
        """The month after, if the calendar shows it."""
        return month_start(self.first, 1) if self.first < LAST_MONTH else None


def month_view(
    uow: UnitOfWork,
    union_id: int,
    first: date,
    as_of: date,
    *,
    scope: Scope,
    step_kinds: Collection[OccasionKind],
) -> MonthView:
    """The month starting ``first`` (``month_in_range``) for the union's subtree: counts per day
    in SQL, a few rows; and the dated application steps of ``step_kinds`` waiting for the union
    itself (我的待办's rule: the kinds the user's role acts on), listed apart like inspections."""
    assert month_in_range(first), first
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    last = month_start(first, 1) - timedelta(days=1)
    days = {
        d: Day(d, d.month == first.month)
        for d in Calendar(firstweekday=0).itermonthdates(first.year, first.month)
    }
    indexed = index.usable(uow, last, as_of)
    state = None if indexed else uow.occasion_index.state()
    total = 0
    if indexed:
        # A step due on no day of its own has no day to be shown on (``Occasion.undated``).
        flt = TodoFilter(
            scope, as_of, last, under_path=union.path, due_from=first, due_to=last, undated=False
        )
        repo = uow.occasion_index
        for day, n in repo.per_day(flt).items():
            days[day].count = n
            total += n
        rows, _ = repo.todo_page(flt, ITEMS_PER_MONTH, 0)
        # Each kind in its title's scheme's word for the leader (带头人 [Y3], 领衔人 [S3]).
        for o in worded(uow, (index.entry_to_occasion(row, as_of) for row in rows)):
            days[o.due_on].occasions.append(o)
    # Days outside the month are shown greyed; their own counts belong to their month.
    planned = uow.listings.inspections(
        scope,
        Window(INSPECTIONS_PER_MONTH, 0),
        under=union.id,
        scheduled_from=first,
        scheduled_to=last,
    )
    subjects = uow.listings.designation_subjects([i.designation_id for i in planned.items], scope)
    for i in planned.items:
        subject = subjects.get(i.designation_id, "")
        result = INSPECTION_RESULT_LABELS[i.result] if i.result is not None else None
        kind = INSPECTION_KIND_LABELS[i.kind]
        shown = PlannedInspection(i.id, i.designation_id, kind, subject, result)
        days[i.scheduled_on].inspections.append(shown)
    steps = held_steps(uow, union.id, kinds=step_kinds, due=(first, last), as_of=as_of, scope=scope)
    for o in steps:
        days[o.due_on].steps.append(o)
    ordered = sorted(days.values(), key=lambda d: d.day)
    weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
    reaches = state.through if state is not None and last > state.through else None
    return MonthView(
        union.id, union.name, first, weeks, total, indexed, planned.total, reaches, len(steps)
    )
