"""整改通知 screens: the notice page, its printable HTML and its PDF, and the addressed union's
written 整改 report [Y12]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import download
from api.security import document_response
from api.web.auth import FormDep, UserDep, require
from api.web.changes import upload_hint
from api.web.core import HtmlRoute, config, now, reading, redirect, render, today
from api.web.filters import Filters
from api.web.forms import parse_date, text, unsaved_file, upload
from api.web.ids import IdPath
from api.web.ledger_pages import back_to, pages_query, stored_pager
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import NotFound
from lifecycle.inspections.model import INSPECTION_RESULT_LABELS
from lifecycle.notices.html import render_notice_html
from lifecycle.notices.model import NOTICE_STATUS_LABELS
from lifecycle.notices.pdf import render_notice_pdf
from lifecycle.notices.reports import ReportRectification, notice_in_scope, report_rectification
from lifecycle.uow import UnitOfWork
from lifecycle.views.inspection import notice_view

router = APIRouter(route_class=HtmlRoute)
# The page parameter of the notice page's list (its reports).
_PAGES = ("reports_page",)
# The .pdf route comes first: "/notices/{id}" would otherwise claim "7.pdf".


@router.get("/notices/{notice_id}.pdf")
def notice_pdf(request: Request, user: UserDep, notice_id: IdPath) -> Response:
    """The notice as a GB/T 9704-style PDF."""
    require(user, Permission.READ)
    with reading(request) as uow:
        document = notice_view(uow, notice_id, scope=user.read_scope).document
    pdf = render_notice_pdf(document)
    return download(pdf, f"{document.number}.pdf", "application/pdf", inline=True)


def _page(
    request: Request,
    user: Principal,
    notice_id: int,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    unsaved: str | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        view = notice_view(
            uow,
            notice_id,
            scope=user.read_scope,
            as_of=today(request),
            actor=user.actor,
            reports_page=Filters(request.query_params).page("reports_page"),
        )
        pager = stored_pager(
            request.query_params,
            (),
            "reports_page",
            number=view.reports_page,
            paged=view.reports,
            anchor="reports",
            note=view.reports_note,
        )
        context = {
            "reports_pager": pager,
            "pages_query": pages_query({"reports_page": view.reports_page}),
            "view": view,
            "status_labels": NOTICE_STATUS_LABELS,
            "result_labels": INSPECTION_RESULT_LABELS,
            "may_report": user.can(Permission.NOTICE_REPORT) and view.report_refusal is None,
            "errors": errors or {},
            "typed": typed or {"reported_on": today(request).isoformat()},
            "upload_hint": upload_hint(config(request).storage),
            "unsaved_file": unsaved,
        }
        return render(request, "notice.html", context, status_code=422 if errors else 200)


@router.get("/notices/{notice_id}", response_class=HTMLResponse)
def notice_page(request: Request, user: UserDep, notice_id: IdPath) -> HTMLResponse:
    """The notice with its number, addressee, failures, deadline, its progress and written
    reports, and print/PDF links."""
    require(user, Permission.READ)
    return _page(request, user, notice_id)


@router.post("/notices/{notice_id}/reports")
async def report(request: Request, user: UserDep, form: FormDep, notice_id: IdPath) -> Response:
    """Keep the addressed union's written report; a refused one is named beside its fields,
    what was typed kept [Y12]."""
    require(user, Permission.NOTICE_REPORT)
    typed = {"reported_on": text(form, "reported_on"), "description": text(form, "description")}
    errors: dict[str, str] = {}
    reported_on = parse_date(form, "reported_on", "报送日期", errors)
    file = await upload(form, "file")  # None: refused beside 文件
    storage = config(request).storage
    cmd = ReportRectification(notice_id, reported_on, typed["description"])

    def act(uow: UnitOfWork) -> None:
        report_rectification(
            uow, storage, cmd, file, actor=user.actor, scope=user.scope, now=now(request)
        )

    outcome = submit(request, user.actor, act, propagate=lambda e: e.http_status in (403, 404))
    if isinstance(outcome, Refused):
        for p in outcome.error.problems or []:
            field = "file" if (p.field or "").startswith("file") else p.field
            key = field if field in ("reported_on", "description", "file") else "_form"
            if key == "reported_on" and key in errors:
                continue  # the typed date's own fault is said first, once
            errors[key] = f"{errors[key]}；{p.message}" if key in errors else p.message
        errors = errors or {"_form": outcome.error.message}
        chosen = unsaved_file(file, errors)
        return _page(request, user, notice_id, errors=errors, typed=typed, unsaved=chosen)
    # Back on the page of the reports the user was on (the form's address kept it).
    return redirect(back_to(f"/notices/{notice_id}", request.query_params, _PAGES, "reports"))


@router.get("/notices/{notice_id}/reports/{report_id}")
def report_file(request: Request, user: UserDep, notice_id: IdPath, report_id: IdPath) -> Response:
    """One written report's file under its own name and type, only inside the user's scope."""
    require(user, Permission.READ)
    with reading(request) as uow:
        notice_in_scope(uow, notice_id, user.read_scope)
        kept = uow.notices.report(notice_id, report_id)
        if kept is None:
            raise NotFound("整改情况报告不存在或不在可见范围内", field="report_id")
        data = config(request).storage.read(kept.file)
        return download(data, kept.filename, kept.content_type)


@router.get("/notices/{notice_id}/print", response_class=HTMLResponse)
def notice_print(request: Request, user: UserDep, notice_id: IdPath) -> HTMLResponse:
    """The notice as a self-contained A4 page for the browser's print dialog."""
    require(user, Permission.READ)
    with reading(request) as uow:
        document = notice_view(uow, notice_id, scope=user.read_scope).document
    return document_response(render_notice_html(document))
