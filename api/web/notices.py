"""整改通知 screens: the notice page, its printable HTML and its PDF [Y12]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import download
from api.security import document_response
from api.web.auth import UserDep, require
from api.web.core import HtmlRoute, reading, render, today
from api.web.ids import IdPath
from lifecycle.accounts.permissions import Permission
from lifecycle.inspections.model import INSPECTION_RESULT_LABELS
from lifecycle.notices.html import render_notice_html
from lifecycle.notices.model import NOTICE_STATUS_LABELS
from lifecycle.notices.pdf import render_notice_pdf
from lifecycle.views.inspection import notice_view

router = APIRouter(route_class=HtmlRoute)
# The .pdf route comes first: "/notices/{id}" would otherwise claim "7.pdf".


@router.get("/notices/{notice_id}.pdf")
def notice_pdf(request: Request, user: UserDep, notice_id: IdPath) -> Response:
    """The notice as a GB/T 9704-style PDF."""
    require(user, Permission.READ)
    with reading(request) as uow:
        document = notice_view(uow, notice_id, scope=user.read_scope).document
    pdf = render_notice_pdf(document)
    return download(pdf, f"{document.number}.pdf", "application/pdf", inline=True)


@router.get("/notices/{notice_id}", response_class=HTMLResponse)
def notice_page(request: Request, user: UserDep, notice_id: IdPath) -> HTMLResponse:
    """The notice with its number, addressee, failures, deadline and print/PDF links."""
    require(user, Permission.READ)
    with reading(request) as uow:
        view = notice_view(
            uow, notice_id, scope=user.read_scope, as_of=today(request), actor=user.actor
        )
        return render(
            request,
            "notice.html",
            {
                "view": view,
                "status_labels": NOTICE_STATUS_LABELS,
                "result_labels": INSPECTION_RESULT_LABELS,
            },
        )


@router.get("/notices/{notice_id}/print", response_class=HTMLResponse)
def notice_print(request: Request, user: UserDep, notice_id: IdPath) -> HTMLResponse:
    """The notice as a self-contained A4 page for the browser's print dialog."""
    require(user, Permission.READ)
    with reading(request) as uow:
        document = notice_view(uow, notice_id, scope=user.read_scope).document
    return document_response(render_notice_html(document))
