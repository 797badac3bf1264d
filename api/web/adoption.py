"""Adoption pages: the registry workbook in and out, import progress, bulk actions on titles."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.downloads import xlsx
from api.web.adoption_jobs import ImportJobs, new_job
from api.web.auth import FormDep, UserDep, own_tree, require
from api.web.core import HtmlRoute, now, reading, redirect, render, today, unit_of_work
from api.web.forms import parse_date, text, upload
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.adoption.bulk import BulkRejected, BulkRow, schedule_inspections, send_reminders
from lifecycle.adoption.export import export_registry, export_titles
from lifecycle.adoption.guide import ImportGuide, import_guide, workbook_sheets
from lifecycle.adoption.reader import refuse_oversize
from lifecycle.adoption.template import registry_workbook
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError
from lifecycle.listings.repository import Window
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import ascii_digits
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus

router = APIRouter(route_class=HtmlRoute)
PAGE_SIZE = 200
MAX_ID_DIGITS = 9  # ids are 32-bit integers


def _jobs(request: Request) -> ImportJobs:
    jobs = getattr(request.app.state, "adoption_jobs", None)
    if jobs is None:
        jobs = request.app.state.adoption_jobs = ImportJobs()
    assert isinstance(jobs, ImportJobs)
    return jobs


def _guide(request: Request) -> ImportGuide:
    """The sheets' notes as the rules of the user's own city tree have them (乐山's [L])."""
    return import_guide(own_tree(request).schemes)


@router.get("/adoption", response_class=HTMLResponse)
def adoption_page(request: Request, user: UserDep, error: str = "") -> HTMLResponse:
    """Download the template or the registry, upload a filled one (dry run or import)."""
    require(user, Permission.REGISTRY_IMPORT)
    return render(request, "adoption/index.html", {"guide": _guide(request), "error": error})


@router.get("/adoption/template.xlsx")
def template_download(request: Request, user: UserDep) -> Response:
    """The blank workbook in the words of the user's own city tree (乐山's 层级 and notes [L])."""
    require(user, Permission.READ)
    content = registry_workbook(sheets=workbook_sheets(own_tree(request)))
    return xlsx(content, "工作室名册导入模板.xlsx")


@router.get("/adoption/export.xlsx")
def export_download(request: Request, user: UserDep) -> Response:
    """The user's registry in the template, to correct in Excel and import again."""
    require(user, Permission.REGISTRY_IMPORT)
    with reading(request) as uow:
        content = export_registry(uow, scope=user.scope, as_of=today(request))
    return xlsx(content, "工作室名册.xlsx")


@router.post("/adoption/import")
async def start_import(request: Request, user: UserDep, form: FormDep) -> Response:
    """Start the import beside the request; the job page shows its progress and its report."""
    require(user, Permission.REGISTRY_IMPORT)
    file = await upload(form, "file")
    if file is None:
        return render(
            request,
            "adoption/index.html",
            {"guide": _guide(request), "error": "请选择要导入的 Excel 文件"},
            status_code=422,
        )
    try:
        refuse_oversize(len(file.data), request.app.state.settings.max_upload_bytes)
    except DomainError as err:
        context = {"guide": _guide(request), "error": err.message}
        return render(request, "adoption/index.html", context, status_code=422)
    job = new_job(user.user_id, file.filename, dry_run=text(form, "dry_run") == "1")
    _jobs(request).start(
        request.app.state.session_factory, file.data, job=job, actor=user.actor,
        as_of=today(request), scope=user.scope,
    )  # fmt: skip
    return redirect(f"/adoption/jobs/{job.id}")


@router.get("/adoption/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, user: UserDep, job_id: str) -> HTMLResponse:
    """Progress while the import runs (the page refreshes itself), then the final report."""
    require(user, Permission.REGISTRY_IMPORT)
    job = _jobs(request).get(job_id, user.user_id)
    if job is None:
        gone = {"title": "未找到", "message": "导入任务不存在或已过期", "status": 404}
        return render(request, "error.html", gone, status_code=404)
    return render(request, "adoption/job.html", {"job": job})


def _filters(
    status: str, scheme: str, named_to: str, schemes: dict[str, str]
) -> tuple[DesignationStatus | None, str | None, date | None]:
    wanted = DesignationStatus(status) if status in set(DesignationStatus) else None
    codes = set(schemes)
    try:
        until = date.fromisoformat(named_to) if named_to else None
    except ValueError:
        until = None
    return wanted, scheme if scheme in codes else None, until


@router.get("/adoption/bulk", response_class=HTMLResponse)
def bulk_page(
    request: Request, user: UserDep, status: str = "named", scheme: str = "", named_to: str = ""
) -> HTMLResponse:
    """A filtered list of titles to select from, and the actions to take on the selection."""
    require(user, Permission.INSPECTION_RECORD)
    return _bulk_page(request, user.scope, status, scheme, named_to)


def _bulk_page(
    request: Request,
    scope: Scope,
    status: str,
    scheme: str,
    named_to: str,
    *,
    report: list[BulkRow] | None = None,
    error: str = "",
    selected: set[int] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    schemes = own_tree(request).schemes  # the user's own city tree's
    wanted, code, until = _filters(status, scheme, named_to, schemes)
    with reading(request) as uow:
        listing = uow.listings.designations(
            scope,
            Window(PAGE_SIZE, 0),
            status=wanted,
            scheme=code,
            named_to=until,
        )
        items: list[Designation] = list(listing.items)
        # Rendered inside the unit of work: leaving it expires the loaded rows.
        return render(
            request,
            "adoption/bulk.html",
            {
                "items": items,
                "total": listing.total,
                "statuses": DESIGNATION_STATUS_LABELS,
                "schemes": schemes,
                "filters": {"status": status, "scheme": scheme, "named_to": named_to},
                "report": report,
                "error": error,
                "selected": selected or set(),
            },
            status_code=status_code,
        )


@router.post("/adoption/bulk")
def bulk_action(request: Request, user: UserDep, form: FormDep) -> Response:
    """Run the chosen action on the selected titles: all of them, or none with each refusal."""
    require(user, Permission.INSPECTION_RECORD)
    ids = [
        int(v)
        for v in form.getlist("designation_id")
        if isinstance(v, str) and ascii_digits(v) and len(v) <= MAX_ID_DIGITS
    ]
    action = text(form, "action")
    back = (text(form, "status"), text(form, "scheme"), text(form, "named_to"))
    if action == "export":
        require(user, Permission.REGISTRY_IMPORT)
        with reading(request) as uow:
            content = export_titles(uow, ids, scope=user.scope, as_of=today(request))
        return xlsx(content, "所选工作室名册.xlsx")
    errors: dict[str, str] = {}
    refused: BulkRejected | None = None
    rows = None
    with unit_of_work(request, user.actor) as uow:
        try:
            rows = _act(uow, request, user=user, form=form, action=action, ids=ids, errors=errors)
            if rows is not None:
                uow.commit()
        except BulkRejected as err:
            refused = err
        except DomainError as err:
            errors["_form"] = "；".join(p.message for p in err.problems) or err.message
    # Leaving the unit of work ended (rolled back) a refused transaction: now render.
    if refused is not None:
        return _bulk_page(
            request, user.scope, *back, report=refused.rows, error=refused.message,
            selected=set(ids), status_code=422,
        )  # fmt: skip
    if rows is None:
        message = "；".join(errors.values()) or "请选择要执行的操作"
        return _bulk_page(
            request, user.scope, *back, error=message, selected=set(ids), status_code=422
        )
    return _bulk_page(request, user.scope, *back, report=rows)


def _act(
    uow: UnitOfWork,
    request: Request,
    *,
    user: Principal,
    form: FormData,
    action: str,
    ids: list[int],
    errors: dict[str, str],
) -> list[BulkRow] | None:
    """The chosen action's use case; None when the form itself is incomplete."""
    if action == "inspect":
        day = parse_date(form, "scheduled_on", "检查日期", errors)
        if day is None:
            return None
        return schedule_inspections(
            uow, ids, scheduled_on=day, place=text(form, "place"),
            inspectors=text(form, "inspectors"), actor=user.actor,
            as_of=today(request), scope=user.scope,
        )  # fmt: skip
    if action == "remind":
        due = parse_date(form, "due_on", "办理期限", errors)
        if due is None:
            return None
        return send_reminders(
            uow, ids, message=text(form, "message"), due_on=due,
            actor=user.actor, now=now(request), scope=user.scope,
        )  # fmt: skip
    return None
