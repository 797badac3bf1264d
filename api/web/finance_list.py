"""经费台账一览: every designation in scope with its money, one click to its ledger."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import xlsx
from api.web.auth import UserDep, own_tree, require
from api.web.core import HtmlRoute, page_links, reading, render, today
from api.web.registry import registry_filter, visible_union
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import NotFound
from lifecycle.funding.excel_export import fund_list_workbook
from lifecycle.views.choices import union_choices
from lifecycle.views.finance_overview import fund_page, fund_totals
from lifecycle.views.paging import within_pages
from lifecycle.views.registry import EXPORT_LIMIT

router = APIRouter(route_class=HtmlRoute)
PER_PAGE = 50
FILTER_NAMES = ("q", "status", "scheme", "union", "year", "findings")


@router.get("/finance/designations", response_class=HTMLResponse)
def fund_list(request: Request, user: UserDep) -> HTMLResponse:
    """Received, spent, balance and open findings of each designation in the user's scope."""
    require(user, Permission.READ)
    flt, f = registry_filter(request)
    page = f.page()
    only_findings = f.text("findings") == "1"
    with reading(request) as uow:
        flt = visible_union(uow, flt, f, user.read_scope)
        scope = user.read_scope
        page, result = within_pages(
            lambda n: fund_page(
                uow,
                flt,
                scope=scope,
                with_open_findings=only_findings,
                limit=PER_PAGE,
                offset=(n - 1) * PER_PAGE,
            ),
            page,
            f.problems,
        )
        # The 合计 of every row the filter matches, as the workbook's (not this page's).
        totals = fund_totals(uow, flt, scope=user.read_scope, with_open_findings=only_findings)
        unions = union_choices(uow, user.read_scope)
    kept = {n: request.query_params[n] for n in FILTER_NAMES if request.query_params.get(n)}
    return render(
        request,
        "finance_list.html",
        {
            "result": result,
            "totals": totals,
            # the filter in the words of the scheme chosen, else of all the tree's schemes:
            # 乐山's 已取消命名 [L], Yangpu's 已撤牌 [Y12], not always the mixed 已撤牌/摘牌
            "statuses": own_tree(request).status_labels(kept.get("scheme")),
            "leader_word": own_tree(request).listed_leader_word,  # 带头人（领衔人） in Shanghai's
            "schemes": own_tree(request).schemes,
            "unions": unions,
            "filters": f.shown(*FILTER_NAMES),
            "problems": f.problems,
            "export_url": "/finance/designations.xlsx?" + urlencode(f.used(kept)),
            **page_links(kept, page, result.has_next),
        },
    )


@router.get("/finance/designations.xlsx")
def fund_list_export(request: Request, user: UserDep) -> Response:
    """The list as filtered, every row (not one page), as an Excel workbook that prints."""
    require(user, Permission.READ)
    flt, f = registry_filter(request)
    f.refuse_ignored()  # what the page names and ignores (422); a union out of sight: 404
    as_of = today(request)
    with reading(request) as uow:
        union = uow.unions.get(flt.under or user.union_id, user.read_scope)
        if union is None:
            raise NotFound("工会不存在或不在可见范围内", field="union")
        caption = f"{union.name}经费台账一览"
        found = fund_page(
            uow,
            flt,
            scope=user.read_scope,
            with_open_findings=f.text("findings") == "1",
            limit=EXPORT_LIMIT,
        )
    # Past the export's limit the workbook says how many it left out (before: silently cut).
    content = fund_list_workbook(found.items, caption=caption, as_of=as_of, matched=found.total)
    return xlsx(content, f"{caption}-{as_of.isoformat()}.xlsx")
