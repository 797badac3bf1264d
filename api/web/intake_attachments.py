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
from api.web.submit import Refused, on_page, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import NotFound
from lifecycle.intake.attachments import attach, attachments_of
from lifecycle.intake.repository import IntakeRepository

router = APIRouter(route_class=HtmlRoute)


@router.post("/intake/applications/{application_id}/attachments")
async def upload_attachment(
    request: Request, user: UserDep, form: FormDep, application_id: IdPath
) -> Response:
    """Keep one file under the chosen kind; a refused file is named beside the upload field."""
    require(user, Permission.INTAKE_APPLY)
    file = await upload(form, "file")
    if file is None:
        return application_page_with_errors(request, user, application_id, {"file": "请选择文件"})
    storage, kind = config(request).storage, text(form, "kind")
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            attach(uow, storage, application_id, kind, file, actor=user.actor, scope=user.scope).id
        ),
        propagate=on_page,
    )
    if isinstance(outcome, Refused):
        refused = outcome.error
        message = "；".join(p.message for p in refused.problems) or refused.message
        return application_page_with_errors(request, user, application_id, {"file": message})
    return redirect(f"/intake/applications/{application_id}#attachments")


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
