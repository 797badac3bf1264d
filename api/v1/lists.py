"""The list pages as JSON: the 待办 list, finance's designation list, the registry export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import ClockDep, ReaderDep
from api.downloads import XLSX_RESPONSE, xlsx
from api.v1.common import (
    CallerDep,
    Day,
    Page,
    PagingDep,
    SearchText,
    UnionFilter,
    date_window,
    found,
    naming_window,
    own_kind,
    own_scheme,
    today,
    visible_under,
)
from api.v1.schemas import OccasionOut, occasions_out
from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.listings.repository import RegistryFilter
from lifecycle.notices.model import NoticeStatus
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.views import notice_register
from lifecycle.views.finance_overview import fund_page, fund_totals
from lifecycle.views.registry import export_filename, named_in, registry_workbook
from lifecycle.views.todo import TodoQuery, my_todo, todo_page
from lifecycle.vocab import DesignationStatus

router = APIRouter(tags=["lists"])
Year = Annotated[int | None, Query(ge=1990, le=2100, description="命名年度")]


class FundRowOut(BaseModel):
    id: int
    number: str | None
    title: str
    scheme_code: str
    status: DesignationStatus
    received_fen: int
    spent_fen: int
    balance_fen: int
    open_findings: int


class FundTotalsOut(BaseModel):
    count: int
    received_fen: int
    spent_fen: int
    balance_fen: int
    open_findings: int


class FundPage(Page[FundRowOut]):
    # The 合计 of every row the filter matches, as the page's and the workbook's.
    totals: FundTotalsOut


@router.get("/todo", response_model=Page[OccasionOut])
def todo(
    *,
    caller: CallerDep,
    u: ReaderDep,
    clock: ClockDep,
    paging: PagingDep,
    under: UnionFilter = None,
    kind: Annotated[OccasionKind | None, Query()] = None,
    scheme: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[OccasionStatus | None, Query()] = None,
    start: Annotated[Day | None, Query(alias="from")] = None,
    end: Annotated[Day | None, Query(alias="to")] = None,
    mine: Annotated[bool, Query(description="只看本角色现在可以办理的事项")] = False,
    acting: Annotated[
        bool,
        Query(description="只看本工会须办理的事项（各岗位合计，工作台的「待本工会办理」）"),
    ] = False,
    undated: Annotated[
        bool | None,
        Query(
            description="true：只看无规定办理期限的环节；false：不含这些环节（工作台的本月到期）"
        ),
    ] = None,
) -> Page[OccasionOut]:
    """Outstanding occasions of the subtree, most urgent first; ``mine``: 「我的待办」. A kind
    no scheme of the caller's own city tree can produce is refused beside ``kind``."""
    principal = caller.principal
    date_window(start, end, "from", "to")
    under = visible_under(u, caller, under)  # refused beside ``under``, the name it was sent as
    kind = own_kind(u, principal, kind)
    q = TodoQuery(
        union_id=under or principal.union_id,
        kinds=frozenset({kind}) if kind else None,
        scheme=own_scheme(u, principal, scheme),
        statuses=frozenset({status}) if status else None,
        due_from=start,
        due_to=end,
        undated=undated,
        acting_union_id=principal.union_id if acting else None,
    )
    if mine:
        q = my_todo(q, ROLE_PERMISSIONS[principal.role], principal.union_id)
    result = todo_page(
        u, q, today(clock), scope=caller.scope, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=occasions_out(u, result.items, role=principal.role),
        total=result.total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/finance/designations", response_model=FundPage)
def finance_designations(
    *,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    under: UnionFilter = None,
    status: Annotated[DesignationStatus | None, Query()] = None,
    scheme: Annotated[str | None, Query(max_length=40)] = None,
    named_year: Year = None,
    q: SearchText = None,
    open_findings: Annotated[bool, Query(description="只看有未处理审计发现的")] = False,
) -> FundPage:
    """Received, spent, balance and open findings of each designation in scope, a page at a
    time, and their ``totals`` over every page [S10][Y16]."""
    named_from, named_to = named_in(named_year)
    scheme = own_scheme(u, caller.principal, scheme)
    under = visible_under(u, caller, under)
    flt = RegistryFilter(status, scheme, under, named_from, named_to, q)
    result = fund_page(
        u,
        flt,
        scope=caller.scope,
        with_open_findings=open_findings,
        limit=paging.limit,
        offset=paging.offset,
    )
    items = [
        FundRowOut(
            id=r.id,
            number=r.number,
            title=r.title,
            scheme_code=r.scheme_code,
            status=r.status,
            received_fen=r.received_fen,
            spent_fen=r.spent_fen,
            balance_fen=r.balance_fen,
            open_findings=r.open_findings,
        )
        for r in result.items
    ]
    sums = fund_totals(u, flt, scope=caller.scope, with_open_findings=open_findings)
    totals = FundTotalsOut(
        count=sums.count,
        received_fen=sums.received_fen,
        spent_fen=sums.spent_fen,
        balance_fen=sums.balance_fen,
        open_findings=sums.open_findings,
    )
    return FundPage(
        items=items, total=result.total, limit=paging.limit, offset=paging.offset, totals=totals
    )


@router.get(
    "/exports/designations.xlsx",
    response_class=Response,
    responses=XLSX_RESPONSE,
)
def designations_xlsx(
    *,
    caller: CallerDep,
    u: ReaderDep,
    clock: ClockDep,
    under: UnionFilter = None,
    status: Annotated[DesignationStatus | None, Query()] = None,
    scheme: Annotated[str | None, Query(max_length=40)] = None,
    named_from: Annotated[Day | None, Query()] = None,
    named_to: Annotated[Day | None, Query()] = None,
    named_year: Year = None,
    q: SearchText = None,
) -> Response:
    """The filtered registry as a printable workbook (the same filters as GET /designations)."""
    named_from, named_to = naming_window(named_from, named_to, named_year)
    scheme = own_scheme(u, caller.principal, scheme)
    under = visible_under(u, caller, under)  # 「工会不存在或不在可见范围内」 as the list says
    flt = RegistryFilter(status, scheme, under, named_from, named_to, q)
    as_of = today(clock)
    union = found(u.unions.get(under or caller.principal.union_id, caller.scope), field="under")
    data, _ = registry_workbook(
        u, flt, scope=caller.scope, title=f"{union.name}创新工作室命名记录", as_of=as_of
    )
    return xlsx(data, export_filename(union.name, as_of))


@router.get(
    "/exports/notices.xlsx",
    response_class=Response,
    responses=XLSX_RESPONSE,
)
def notices_xlsx(
    *,
    caller: CallerDep,
    u: ReaderDep,
    clock: ClockDep,
    under: UnionFilter = None,
    status: Annotated[NoticeStatus | None, Query()] = None,
) -> Response:
    """The 整改通知 issued in the caller's scope as a printable workbook, as the page exports it
    (latest issued first; ``under`` and ``status`` as GET /notices takes them) [Y12]."""
    under = visible_under(u, caller, under)  # 「工会不存在或不在可见范围内」 as the list says
    as_of = today(clock)
    union = found(u.unions.get(under or caller.principal.union_id, caller.scope), field="under")
    data = notice_register.notice_register_workbook(
        u,
        scope=caller.scope,
        status=status,
        under=under,
        title=f"{union.name}整改通知",
        as_of=as_of,
    )
    return xlsx(data, notice_register.export_filename(union.name, as_of))
