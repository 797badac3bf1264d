"""The 附件3 request page's files: attach the stamped form or a proof, download [C 三（六）]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.downloads import download
from api.web.auth import FormDep, UserDep, require
from api.web.changes import _page
from api.web.core import HtmlRoute, config, reading, redirect
from api.web.forms import text, upload, values
from api.web.ids import IdPath
from api.web.pages import designation_pages_query
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.changes.attachments import AttachChangeFile, attach_change_file
from lifecycle.errors import DomainError, NotFound
from lifecycle.uow import UnitOfWork

router = APIRouter(route_class=HtmlRoute)
_FIELDS = ("kind", "description")


def _shown(err: DomainError) -> dict[str, str]:
    """Each refusal beside its field (the file's name and bytes under 「文件」); a refusal of the
    request or the union above the form."""
    errors: dict[str, str] = {}
    for p in err.problems or []:
        field = p.field or ""
        key = "file" if field.startswith("file") else field if field in _FIELDS else "_form"
        errors[key] = f"{errors[key]}；{p.message}" if key in errors else p.message
    return errors or {"_form": err.message}


@router.post("/changes/{request_id}/attachments")
async def attach(request: Request, user: UserDep, form: FormDep, request_id: IdPath) -> Response:
    """Keep one file on the request as the user's union; a refused one is named, nothing kept."""
    require(user, Permission.CHANGE_REQUEST_ATTACH)
    typed = {k: v for k, v in values(form).items() if k in _FIELDS}
    file = await upload(form, "file")  # None: refused beside 文件 with the other fields
    cmd = AttachChangeFile(request_id, user.union_id, text(form, "kind"), text(form, "description"))
    storage = config(request).storage

    def act(uow: UnitOfWork) -> None:
        attach_change_file(uow, storage, cmd, file, actor=user.actor, scope=user.scope)

    outcome = submit(
        request,
        user.actor,
        act,
        propagate=lambda err: err.http_status == 404 and err.field == "request_id",
    )
    if isinstance(outcome, Refused):
        shown = _shown(outcome.error)
        if file is not None and "file" not in shown:  # a good file, not kept: choose it again
            typed["unsaved_file"] = file.filename
        return _page(request, user, request_id, attach_errors=shown, attach_values=typed)
    kept = designation_pages_query(request.query_params)  # back to the title page's pages
    return redirect(f"/changes/{request_id}{kept}#attachments")


@router.get("/changes/{request_id}/attachments/{attachment_id}")
def attachment_download(
    request: Request, user: UserDep, request_id: IdPath, attachment_id: IdPath
) -> Response:
    """One attached file, only inside the user's scope (another district's: not found)."""
    require(user, Permission.READ)
    with reading(request) as uow:
        attached = uow.change_requests.attachment(request_id, attachment_id, user.read_scope)
        if attached is None:
            raise NotFound("附件不存在或不在可见范围内", field="attachment_id")
        data = config(request).storage.read(attached.file)
        return download(data, attached.filename, attached.content_type)
