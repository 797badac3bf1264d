"""Adoption pages: the registry workbook in and out, and import progress (bulk actions on the
titles: ``api.web.bulk``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import xlsx
from api.web.adoption_jobs import ImportJobs, new_job
from api.web.auth import FormDep, UserDep, own_tree, require
from api.web.core import HtmlRoute, reading, redirect, render, today
from api.web.forms import text, upload
from lifecycle.accounts.permissions import Permission
from lifecycle.adoption.export import export_registry
from lifecycle.adoption.guide import ImportGuide, import_guide, workbook_sheets
from lifecycle.adoption.reader import refuse_oversize
from lifecycle.adoption.template import registry_workbook
from lifecycle.errors import DomainError

router = APIRouter(route_class=HtmlRoute)


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
