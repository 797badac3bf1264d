"""Attachment screens of an application: upload under a kind, download [C 三（五）][L 四]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api import downloads
from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, config, reading, redirect
from api.web.forms import text, upload
from api.web.ids import IdPath
from api.web.intake_applications import application_page_with_errors
from api.web.intake_forms import refused_status
from api.web.submit import Refused, on_page, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import DomainError, FieldProblem, NotFound
from lifecycle.intake.attachments import attach, attachments_of
from lifecycle.intake.repository import IntakeRepository

router = APIRouter(route_class=HtmlRoute)


@router.post("/intake/applications/{application_id}/attachments")
async def upload_attachment(
    request: Request, user: UserDep, form: FormDep, application_id: IdPath
) -> Response:
    """Keep one file under the chosen kind; a refusal is named beside the field it concerns
    (附件类别 or 文件), and the kind chosen stays chosen (a browser cannot refill a file)."""
    require(user, Permission.INTAKE_APPLY)
    file = await upload(form, "file")
    storage, kind = config(request).storage, text(form, "kind")
    chosen = {"kind": kind}
    missing: dict[str, str] = {}
    if not kind:
        missing["kind"] = "请选择附件类别"
    if file is None:
        missing["file"] = "请选择文件"
    if missing or file is None:
        return application_page_with_errors(
            request, user, application_id, missing, upload_values=chosen
        )
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            attach(uow, storage, application_id, kind, file, actor=user.actor, scope=user.scope).id
        ),
        propagate=on_page,
    )
    if isinstance(outcome, Refused):
        return application_page_with_errors(
            request,
            user,
            application_id,
            _beside(outcome.error),
            upload_values=chosen,
            status_code=refused_status(outcome.error),
        )
    return redirect(f"/intake/applications/{application_id}#attachments")


def _beside(refused: DomainError) -> dict[str, str]:
    """A refused upload's problems by the field they concern: the kind's beside 附件类别, the
    rest (type, size, content, count) beside 文件."""
    by_field: dict[str, list[str]] = {}
    for p in refused.problems or [FieldProblem("file", refused.code, refused.message)]:
        by_field.setdefault("kind" if p.field == "kind" else "file", []).append(p.message)
    return {field: "；".join(messages) for field, messages in by_field.items()}


@router.get("/intake/applications/{application_id}/attachments/{attachment_id}")
def download(
    request: Request, user: UserDep, application_id: IdPath, attachment_id: IdPath
) -> Response:
    """One attachment, only inside the user's scope."""
    require(user, Permission.READ)
    with reading(request) as uow:
        app = IntakeRepository(uow.session).application(application_id, user.read_scope)
        found = (
            [s for a, s in attachments_of(uow, app.id) if a.id == attachment_id]
            if app is not None
            else []
        )
        if not found:
            raise NotFound("附件不存在或不在可见范围内", field="attachment_id")
        stored = found[0]
        data = config(request).storage.read(stored)
        return downloads.download(data, stored.filename, stored.content_type)
