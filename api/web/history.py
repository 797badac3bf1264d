"""修改记录: who changed a record and how, for the roles that may read the audit log."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.auth import UserDep, require
from api.web.core import HtmlRoute, reading, render
from api.web.filters import Filters
from api.web.ids import IdPath
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import NotFound
from lifecycle.views.expenditure_history import expenditure_history
from lifecycle.views.history import RECORDS, Record, record_history

router = APIRouter(route_class=HtmlRoute)


# Before the route of the audit log's records, which would take "expenditure" for one of them.
@router.get("/history/expenditure/{expenditure_id}", response_class=HTMLResponse)
def expenditure_history_page(
    request: Request, user: UserDep, expenditure_id: IdPath
) -> HTMLResponse:
    """An expenditure's recording, 更正 and 作废: read by whoever reads its ledger, in the
    ledger's scope (part of the 经费使用台账 [Y10][Y16], not of the audit log)."""
    require(user, Permission.READ)
    with reading(request) as uow:
        view = expenditure_history(uow, expenditure_id, scope=user.read_scope)
    return render(request, "expenditure_history.html", {"h": view})


@router.get("/history/{record}/{record_id}", response_class=HTMLResponse)
def history_page(request: Request, user: UserDep, record: str, record_id: IdPath) -> HTMLResponse:
    """One record's changes, newest first, 50 to a page, in the scope its audit API reads."""
    require(user, Permission.AUDIT_READ)
    if record not in {r.value for r in Record}:
        raise NotFound("没有这类记录的修改记录", field="record")
    kind = RECORDS[Record(record)]
    scope = user.scope if kind.acting else user.read_scope
    page = Filters(request.query_params).page()
    with reading(request) as uow:
        view = record_history(uow, Record(record), record_id, scope=scope, page=page)
    if kind.page_needs is not None and not user.can(kind.page_needs):
        view = replace(view, page_url="")  # the record's page would refuse this reader
    base = f"/history/{record}/{record_id}"
    return render(
        request,
        "history.html",
        {
            "h": view,
            "prev_url": f"{base}?page={view.page - 1}" if view.page > 1 else "",
            "next_url": f"{base}?page={view.page + 1}" if view.page < view.pages else "",
        },
    )
