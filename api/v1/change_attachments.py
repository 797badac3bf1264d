"""Files attached to a 附件3 request over JSON: upload (the stamped form, proofs) and download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from api.deps import ReaderDep, SettingsDep, UowDep
from api.downloads import STORED_FILE_RESPONSE, download
from api.v1.changes import ChangeAttachmentOut
from api.v1.common import CallerDep, IdPath, found
from lifecycle.changes.attachments import AttachChangeFile, attach_change_file
from lifecycle.changes.model import ATTACHMENT_KIND_LABELS
from lifecycle.files.model import DESCRIPTION_MAX
from lifecycle.files.storage import FileStorage, Upload

router = APIRouter(tags=["change-requests"])
_KINDS = "; ".join(f"{k.value}: {label}" for k, label in ATTACHMENT_KIND_LABELS.items())


def _storage(settings: SettingsDep) -> FileStorage:
    return FileStorage(settings.files_dir, settings.max_upload_bytes)


@router.post(
    "/change-requests/{request_id}/attachments",
    response_model=ChangeAttachmentOut,
    status_code=201,
)
def attach(
    *,
    request_id: IdPath,
    caller: CallerDep,
    uow: UowDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="盖章的附件3扫描件或证明材料（pdf、jpg、png…）")],
    kind: Annotated[str, Form(max_length=30, description=_KINDS)],
    description: Annotated[str | None, Form(max_length=DESCRIPTION_MAX)] = None,
) -> ChangeAttachmentOut:
    """Attach a file as the union acting at the request's step, or the one that filed it [C]."""
    actor = caller.principal.actor
    upload = Upload(file.filename or "upload", file.file.read(settings.max_upload_bytes + 1))
    cmd = AttachChangeFile(request_id, caller.principal.union_id, kind, description or "")
    with uow(actor) as u:
        attached = attach_change_file(
            u, _storage(settings), cmd, upload, actor=actor, scope=caller.scope
        )
        u.commit()
        return ChangeAttachmentOut.model_validate(attached)


@router.get(
    "/change-requests/{request_id}/attachments/{attachment_id}",
    response_class=Response,
    responses=STORED_FILE_RESPONSE,
)
def attachment_file(
    request_id: IdPath,
    attachment_id: IdPath,
    caller: CallerDep,
    u: ReaderDep,
    settings: SettingsDep,
) -> Response:
    """One attached file under its own name and type, only inside the caller's scope."""
    attached = found(u.change_requests.attachment(request_id, attachment_id, caller.scope))
    data = _storage(settings).read(attached.file)
    return download(data, attached.filename, attached.content_type)
