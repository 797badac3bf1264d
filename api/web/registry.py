"""命名记录: the registry searched and filtered, paged, and exported as shown."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import xlsx
from api.web.auth import UserDep, own_tree, require
from api.web.core import HtmlRoute, page_links, reading, render, today
from api.web.filters import Filters
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import NotFound
from lifecycle.listings.repository import RegistryFilter
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.choices import union_choices
from lifecycle.views.paging import within_pages
from lifecycle.views.registry import export_filename, named_in, registry_page, registry_workbook
from lifecycle.vocab import DesignationStatus

router = APIRouter(route_class=HtmlRoute)
PER_PAGE = 50
FILTER_NAMES = ("q", "status", "scheme", "union", "year")
FIRST_YEAR, LAST_YEAR = 1990, 2100  # 命名年度 as the form's field and the API take it


def registry_filter(request: Request) -> tuple[RegistryFilter, Filters]:
    """The registry filters of the query string (shared with finance's list)."""
    f = Filters(request.query_params)
    scheme = f.text("scheme")
    if scheme is not None and scheme not in own_tree(request).schemes:
        f.ignore("scheme", f"类别「{scheme}」无效")
        scheme = None
    year = f.number("year", "命名年度", minimum=FIRST_YEAR)
    if year is not None and year > LAST_YEAR:  # the form's range (a date past 9999 is a 500)
        f.ignore("year", f"命名年度「{year}」无效")
        year = None
    named_from, named_to = named_in(year)
    flt = RegistryFilter(
        status=f.choice("status", DesignationStatus, "状态"),
        scheme=scheme,
        under=f.number("union", "工会"),
        named_from=named_from,
        named_to=named_to,
        text=f.text("q"),
    )
    return flt, f


def visible_union(uow: UnitOfWork, flt: RegistryFilter, f: Filters, scope: Scope) -> RegistryFilter:
    """The filter without a 工会 outside ``scope`` (another district's), named and ignored
    rather than answered with an empty list as if that union had nothing (DOMAIN §1)."""
    if flt.under is None or uow.unions.get(flt.under, scope) is not None:
        return flt
    f.ignore("union", f"工会「{flt.under}」无效")
    return replace(flt, under=None)


def _kept(request: Request) -> dict[str, str]:
    return {n: request.query_params[n] for n in FILTER_NAMES if request.query_params.get(n)}


@router.get("/designations", response_class=HTMLResponse)
def designations_page(request: Request, user: UserDep) -> HTMLResponse:
    """The designations in the user's scope: search by title, number, leader or unit; filters."""
    require(user, Permission.READ)
    flt, f = registry_filter(request)
    page = f.page()
    with reading(request) as uow:
        flt = visible_union(uow, flt, f, user.read_scope)
        scope = user.read_scope
        page, result = within_pages(
            lambda n: registry_page(
                uow, flt, scope=scope, limit=PER_PAGE, offset=(n - 1) * PER_PAGE
            ),
            page,
            f.problems,
        )
        unions = union_choices(uow, user.read_scope)
    kept = _kept(request)
    return render(
        request,
        "designations.html",
        {
            "result": result,
            # the filter in the words of the scheme chosen, else of all the tree's schemes
            "statuses": own_tree(request).status_labels(kept.get("scheme")),
            "leader_word": own_tree(request).listed_leader_word,
            "schemes": own_tree(request).schemes,
            "unions": unions,
            "filters": f.shown(*FILTER_NAMES),
            "problems": f.problems,
            "export_url": "/designations.xlsx?" + urlencode(f.used(kept)),
            **page_links(kept, page, result.has_next),
        },
    )


@router.get("/designations.xlsx")
def designations_export(request: Request, user: UserDep) -> Response:
    """The filtered registry as an Excel workbook that prints (title row, autofilter, landscape);
    a filter the page names and ignores is refused (422), a union out of sight is not found."""
    require(user, Permission.READ)
    flt, f = registry_filter(request)
    f.refuse_ignored()
    as_of = today(request)
    with reading(request) as uow:
        union = uow.unions.get(flt.under or user.union_id, user.read_scope)
        if union is None:
            raise NotFound("工会不存在或不在可见范围内", field="union")
        title = f"{union.name}创新工作室命名记录"
        data, _total = registry_workbook(uow, flt, scope=user.read_scope, title=title, as_of=as_of)
        filename = export_filename(union.name, as_of)
    return xlsx(data, filename)
