"""整改通知 list: the written 整改通知 issued in the user's scope, filtered by status, paged,
and exported as shown [Y12]."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import xlsx
from api.web.auth import UserDep, require
from api.web.core import HtmlRoute, page_links, reading, render, today
from api.web.filters import Filters
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import NotFound
from lifecycle.notices.model import NOTICE_STATUS_LABELS, NoticeStatus
from lifecycle.views.notice_register import (
    export_filename,
    notice_register_page,
    notice_register_workbook,
)
from lifecycle.views.paging import PER_PAGE, within_pages

router = APIRouter(route_class=HtmlRoute)


@router.get("/notices", response_class=HTMLResponse)
def notices_page(request: Request, user: UserDep) -> HTMLResponse:
    """The notices in the user's scope, latest issued first; filter by status."""
    require(user, Permission.READ)
    f = Filters(request.query_params)
    status = f.choice("status", NoticeStatus, "状态")
    page = f.page()
    with reading(request) as uow:
        page, result = within_pages(
            lambda n: notice_register_page(
                uow,
                scope=user.read_scope,
                status=status,
                limit=PER_PAGE,
                offset=(n - 1) * PER_PAGE,
            ),
            page,
            f.problems,
        )
    kept = {"status": status.value} if status is not None else {}
    return render(
        request,
        "notice_register.html",
        {
            "result": result,
            "statuses": NOTICE_STATUS_LABELS,
            "filters": f.shown("status"),
            "problems": f.problems,
            "export_url": "/notices.xlsx?" + urlencode(kept),
            **page_links(kept, page, result.has_next),
        },
    )


@router.get("/notices.xlsx")
def notices_export(request: Request, user: UserDep) -> Response:
    """The notices listed, as an Excel workbook that prints (title row, autofilter, landscape);
    a 状态 the page names and ignores is refused (422)."""
    require(user, Permission.READ)
    f = Filters(request.query_params)
    status = f.choice("status", NoticeStatus, "状态")
    f.refuse_ignored()
    as_of = today(request)
    with reading(request) as uow:
        union = uow.unions.get(user.union_id, user.read_scope) if user.union_id else None
        if union is None:
            raise NotFound("工会不存在或不在可见范围内", field="union")
        data = notice_register_workbook(
            uow,
            scope=user.read_scope,
            status=status,
            title=f"{union.name}整改通知",
            as_of=as_of,
        )
        filename = export_filename(union.name, as_of)
    return xlsx(data, filename)
