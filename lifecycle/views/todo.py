"""The 待办 list: outstanding occasions of a subtree, filtered and paged [Y11][Y12][S9].

「我的待办」 is the list narrowed to what the logged-in role can act on now: occasions whose
acting union is the user's, of a kind the role's permissions act on
(``lifecycle.occasions.model.KIND_PERMISSIONS``), overdue or due. Every dashboard figure links to
this list with the filter that reproduces it. Applications waiting for a union's step
(``lifecycle.intake.occasions``) are made on each read and merged into the page.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from lifecycle.accounts.permissions import Permission
from lifecycle.errors import NotFound
from lifecycle.intake.occasions import waiting_occasions
from lifecycle.occasions import index
from lifecycle.occasions.index_repository import TodoFilter
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus, kinds_acted_on
from lifecycle.occasions.service import occasions_for_union
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged

# How far ahead the list reaches (the occasion index always reaches at least this far).
REACH = timedelta(days=366)
NOW = frozenset({OccasionStatus.OVERDUE, OccasionStatus.DUE})
# Not overdue: due (standing warnings included) or upcoming (the dashboard's "this month").
PENDING = frozenset({OccasionStatus.DUE, OccasionStatus.UPCOMING})


@dataclass(frozen=True)
class TodoQuery:
    """What the user asked for; ``acting_union_id``: only occasions that union must act on."""

    union_id: int  # a union's subtree (the user's own union by default)
    kinds: frozenset[OccasionKind] | None = None
    scheme: str | None = None
    statuses: frozenset[OccasionStatus] | None = None
    due_from: date | None = None
    due_to: date | None = None
    acting_union_id: int | None = None
    undated: bool | None = None  # True: only steps with no deadline; False: none of them


TodoPage = Paged[Occasion]  # one page of the list and how many rows it holds


def my_todo(q: TodoQuery, permissions: Iterable[Permission], union_id: int) -> TodoQuery:
    """「我的待办」: what ``union_id`` must act on, of the kinds the role acts on, overdue or due
    unless another status is asked for."""
    kinds = kinds_acted_on(permissions)
    if q.kinds is not None:
        kinds = kinds & q.kinds
    return replace(q, kinds=kinds, statuses=q.statuses or NOW, acting_union_id=union_id)


def todo_page(
    uow: UnitOfWork,
    q: TodoQuery,
    as_of: date,
    *,
    scope: Scope,
    limit: int = 50,
    offset: int = 0,
    waiting: Sequence[Occasion] | None = None,
) -> TodoPage:
    """One page of the outstanding occasions matching ``q`` inside ``scope``, most urgent first
    (``waiting``: the steps applications in ``q``'s union's subtree wait at, of every scheme,
    where the caller read them already; else read here)."""
    union = uow.unions.get(q.union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    end = as_of + REACH
    if q.due_to is not None:
        end = min(end, q.due_to)
    if q.kinds is not None and not q.kinds:
        return TodoPage([], 0, limit, offset)
    if waiting is None or q.scheme is not None:
        waiting = waiting_occasions(uow, Scope.subtree(union.path), as_of, scheme=q.scheme)
    waiting = [o for o in waiting if _asked(o, q, end)]
    if index.usable(uow, end, as_of):
        flt = TodoFilter(
            scope=scope,
            as_of=as_of,
            end=end,
            under_path=union.path,
            union_id=union.id,
            kinds=None if q.kinds is None else {k.value for k in q.kinds},
            scheme=q.scheme,
            statuses=q.statuses,
            due_from=q.due_from,
            due_to=q.due_to,
            acting_union_id=q.acting_union_id,
            undated=q.undated,
        )
        # At most len(waiting) of them come before the page: its indexed rows are among these.
        skip = max(0, offset - len(waiting))
        rows, total = uow.occasion_index.todo_page(flt, offset + limit - skip, skip)
        items = [index.entry_to_occasion(row, as_of) for row in rows]
        # The waiting ones before the first row read are before the page too (skip > 0).
        before = (
            0
            if not skip
            else sum(1 for o in waiting if not items or o.sort_key < items[0].sort_key)
        )
        merged = sorted([*waiting[before:], *items], key=lambda o: o.sort_key)
        start = offset - skip - before
        return TodoPage(merged[start : start + limit], total + len(waiting), limit, offset)
    return _from_generators(
        uow, q, waiting, as_of=as_of, end=end, scope=scope, limit=limit, offset=offset
    )


def _asked(o: Occasion, q: TodoQuery, end: date) -> bool:
    """Whether outstanding ``o`` answers ``q`` (but its scheme, asked of where it comes from)."""
    return (
        (q.kinds is None or o.kind in q.kinds)
        and (q.statuses is None or o.status in q.statuses)
        and (q.due_from is None or o.due_on >= q.due_from)
        and o.due_on <= end
        and (q.acting_union_id is None or o.union_id == q.acting_union_id)
        and (q.undated is None or o.undated == q.undated)
    )


def _from_generators(
    uow: UnitOfWork,
    q: TodoQuery,
    waiting: list[Occasion],
    *,
    as_of: date,
    end: date,
    scope: Scope,
    limit: int,
    offset: int,
) -> TodoPage:
    """The same list before the occasion index is first built (a new, small database). Its
    window starts no later than ``end``: outstanding occasions due before today are in it
    whatever its start (``Window.admits``), and a ``due_to`` in the past asks for those."""
    rows = occasions_for_union(
        uow,
        q.union_id,
        min(as_of, end),
        end,
        as_of,
        scope=scope,
        kinds=q.kinds,
        outstanding_only=True,
    )
    schemes = _schemes(uow, {o.designation_id or 0 for o in rows}) if q.scheme else {}
    kept = [
        o
        for o in rows
        if o.status is not OccasionStatus.DONE
        and _asked(o, q, end)
        and (not q.scheme or schemes.get(o.designation_id or 0) == q.scheme)
    ]
    kept = sorted([*kept, *waiting], key=lambda o: o.sort_key)
    return TodoPage(kept[offset : offset + limit], len(kept), limit, offset)


def _schemes(uow: UnitOfWork, ids: Collection[int]) -> dict[int, str]:
    found = (uow.designations.get(i, scope=EVERYTHING) for i in sorted(ids))
    return {d.id: d.scheme_code for d in found if d is not None}
