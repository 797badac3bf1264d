"""经费台账一览: every designation in scope with its money, one click to its ledger."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.auth import UserDep, own_tree, require
from api.web.core import HtmlRoute, page_links, reading, render
from api.web.registry import registry_filter, visible_union
from lifecycle.accounts.permissions import Permission
from lifecycle.views.choices import union_choices
from lifecycle.views.finance_overview import fund_page

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
        result = fund_page(
            uow,
            flt,
            scope=user.read_scope,
            with_open_findings=only_findings,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
        unions = union_choices(uow, user.read_scope)
    kept = {n: request.query_params[n] for n in FILTER_NAMES if request.query_params.get(n)}
    return render(
        request,
        "finance_list.html",
        {
            "result": result,
            # the filter in the words of the scheme chosen, else of all the tree's schemes:
            # 乐山's 已取消命名 [L], Yangpu's 已撤牌 [Y12], not always the mixed 已撤牌/摘牌
            "statuses": own_tree(request).status_labels(kept.get("scheme")),
            "schemes": own_tree(request).schemes,
            "unions": unions,
            "filters": kept,
            "problems": f.problems,
            **page_links(kept, page, result.has_next),
        },
    )
