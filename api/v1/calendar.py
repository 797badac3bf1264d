"""Occasions of a union subtree, the district dashboard, and the holiday-calendar overrides."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field

from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.common import (
    CallerDep,
    Day,
    Instant,
    Out,
    Page,
    PagingDep,
    answered,
    date_window,
    found,
    own_kind,
    today,
)
from api.v1.schemas import OccasionOut, listed, occasions_out
from lifecycle.calendar.service import import_overrides
from lifecycle.errors import ValidationFailed
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_union
from lifecycle.uow import UnitOfWork
from lifecycle.views.dashboard import Dashboard, dashboard
from lifecycle.vocab import Role

router = APIRouter(tags=["calendar"])
UnionId = Annotated[
    int | None,
    Query(ge=1, le=2_147_483_647, description="工会（含下级子树）；不填：本人所属工会"),
]
MAX_WINDOW_DAYS = 366 * 3


# A page of occasions, paged as every list (``limit`` 50 by default); its own name in the schema.
class OccasionPage(Page[OccasionOut]):
    pass


class KindCount(BaseModel):
    kind: OccasionKind
    label: str
    count: int


class MonthCountOut(BaseModel):
    year: int
    month: int
    label: str
    count: int


class DashboardOut(BaseModel):
    union_id: int
    union_name: str
    as_of: date
    overdue: list[OccasionOut]
    overdue_total: int
    due_this_month: list[OccasionOut]
    due_this_month_total: int
    my_step: list[OccasionOut]
    my_step_total: int
    counts_by_kind: list[KindCount]
    months: list[MonthCountOut]
    undated: list[OccasionOut] = Field(description="无规定办理期限的待办环节（不计入本月到期）")
    undated_total: int


class OverrideDayOut(Out):
    id: int
    day: date
    kind: str
    note: str | None
    created_at: Instant


class ImportOut(BaseModel):
    days_per_year: dict[int, int]


@router.get("/occasions", response_model=OccasionPage)
def occasions(
    *,
    caller: CallerDep,
    u: ReaderDep,
    clock: ClockDep,
    union_id: UnionId = None,
    start: Annotated[Day | None, Query(alias="from")] = None,
    end: Annotated[Day | None, Query(alias="to")] = None,
    status: Annotated[OccasionStatus | None, Query()] = None,
    kind: Annotated[OccasionKind | None, Query()] = None,
    paging: PagingDep,
) -> OccasionPage:
    as_of = today(clock)
    start = start or as_of
    end = end or start + timedelta(days=365)
    date_window(start, end, "from", "to")
    if (end - start).days > MAX_WINDOW_DAYS:
        raise ValidationFailed("日期区间最长3年", code="invalid_window", field="to")
    union_id = union_id or caller.principal.union_id
    found(u.unions.get(union_id, caller.scope), "工会不存在或不在可见范围内", "union_id")
    kind = own_kind(u, caller.principal, kind)
    rows = occasions_for_union(
        u, union_id, start, end, as_of, scope=caller.scope, kinds=[kind] if kind else None
    )
    if status is not None:
        rows = [o for o in rows if o.status == status]
    page = rows[paging.offset : paging.offset + paging.limit]
    items = occasions_out(u, page, role=caller.principal.role)
    return OccasionPage(items=items, total=len(rows), limit=paging.limit, offset=paging.offset)


@router.get("/dashboard", response_model=DashboardOut)
def district_dashboard(
    caller: CallerDep,
    u: ReaderDep,
    clock: ClockDep,
    union_id: UnionId = None,
    items: Annotated[int, Query(ge=0, le=500, description="每个列表最多返回的条数")] = 20,
) -> Response:
    """The dashboard's figures and the first `items` of each list (the rest via /occasions) of
    `union_id`'s subtree, by default the caller's own union's."""
    # The union is looked up in the caller's scope (a 404 outside it).
    union = union_id or caller.principal.union_id
    board = dashboard(u, union, today(clock), scope=caller.scope, items=items)
    return answered(_dashboard_out(u, board, caller.principal.role))


def _dashboard_out(u: UnitOfWork, board: Dashboard, role: Role) -> DashboardOut:
    # The four lists' titles' schemes read at once (one statement, not one per list).
    lists = (board.overdue, board.due_this_month, board.my_step, board.undated)
    items = iter(occasions_out(u, [o for listed in lists for o in listed], role=role))
    overdue, due_this_month, my_step, undated = ([next(items) for _ in k] for k in lists)
    return DashboardOut(
        union_id=board.union_id,
        union_name=board.union_name,
        as_of=board.as_of,
        overdue=overdue,
        overdue_total=board.overdue_total,
        due_this_month=due_this_month,
        due_this_month_total=board.due_this_month_total,
        my_step=my_step,
        my_step_total=board.my_step_total,
        counts_by_kind=[
            KindCount(kind=k, label=lbl, count=n) for k, lbl, n in board.counts_by_kind
        ],
        months=[
            MonthCountOut(year=m.year, month=m.month, label=m.label, count=m.count)
            for m in board.months
        ],
        undated=undated,
        undated_total=board.undated_total,
    )


@router.get("/calendar/overrides", response_model=Page[OverrideDayOut])
def overrides(
    caller: CallerDep,  # noqa: ARG001 - the access registry reads it
    u: ReaderDep,
    paging: PagingDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[OverrideDayOut]:
    rows = u.listings.calendar_days(year, paging.window)
    return listed(rows, OverrideDayOut.model_validate, paging)


@router.put("/calendar/overrides", response_model=ImportOut)
def replace_overrides(
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
    csv_text: Annotated[str, Body(media_type="text/csv", max_length=200_000)],
) -> ImportOut:
    with uow(caller.principal.actor) as u:
        written = import_overrides(u, csv_text, by=caller.principal, now=clock())
        u.commit()
    return ImportOut(days_per_year=written)
