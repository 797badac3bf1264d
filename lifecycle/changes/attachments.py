"""Files attached to a 附件3 request: the form as signed and stamped, and supporting proofs [C]."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.actors import Actor
from lifecycle.changes import checks
from lifecycle.changes.model import (
    AttachmentKind,
    ChangeRequest,
    ChangeRequestAttachment,
    status_labels,
)
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError, Problems
from lifecycle.files.storage import FileStorage, Upload, store_upload, upload_problems
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork

DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class AttachChangeFile:
    """One file for a request: its kind (as typed; checked here) and an optional note."""

    request_id: int
    acting_union_id: int
    kind: str
    description: str = ""


def attaching_unions(
    request: ChangeRequest, designation: Designation, filer_union_id: int | None
) -> tuple[int, ...]:
    """Who may attach files now: the union whose step the request waits for (unit union, district
    union, the deciding city) and the union that filed it; nobody once it is closed [C 三（六）]."""
    waiting = request.waiting_step
    if waiting is None:
        return ()
    unions = [checks.step_union_id(designation, waiting)]
    if filer_union_id is not None and filer_union_id not in unions:
        unions.append(filer_union_id)
    return tuple(unions)


def _refusal(
    uow: UnitOfWork, request: ChangeRequest, designation: Designation, acting: int
) -> None:
    if request.waiting_step is None:
        status = status_labels(designation.scheme_code)[request.status]
        raise DomainError(
            f"该申请已办结（{status}），不能再上传附件", code="request_closed", field="request_id"
        )
    allowed = attaching_unions(request, designation, uow.change_requests.filer_union_id(request.id))
    if acting in allowed:
        return
    names = []
    for union_id in allowed:
        union = uow.unions.get(union_id, scope=EVERYTHING)
        names.append(union.name if union is not None else "对应工会")
    raise DomainError(
        f"该申请的附件应由当前环节的办理工会或提出申请的工会（{'、'.join(names)}）上传，"
        "当前工会无权上传",
        code="not_your_step",
        field="acting_union_id",
    )


def attach_problems(kind: str, description: str, upload: Upload, storage: FileStorage) -> Problems:
    """What is refused in the typed fields and the file (type, size, content), all at once."""
    problems = Problems()
    if kind not in set(AttachmentKind):
        problems.add("kind", "required", "请选择附件类别")
    if len(description.strip()) > DESCRIPTION_MAX:
        problems.add("description", "too_long", f"说明不能超过{DESCRIPTION_MAX}个字符")
    problems.items += upload_problems(upload, storage, "file").items
    return problems


def attach_change_file(
    uow: UnitOfWork,
    storage: FileStorage,
    cmd: AttachChangeFile,
    upload: Upload,
    *,
    actor: Actor,
    scope: Scope,
) -> ChangeRequestAttachment:
    """Keep a file on an open request, by the union acting at its step or the one that filed it;
    refused whole (no row, no file named) when the request, the union or the file is wrong."""
    request, designation = checks.load(uow, cmd.request_id, scope, lock=True)
    _refusal(uow, request, designation, cmd.acting_union_id)
    attach_problems(cmd.kind, cmd.description, upload, storage).raise_if_any()
    step = request.waiting_step
    assert step is not None  # checked by _refusal
    stored = store_upload(uow, storage, upload, actor=actor, field="file")
    return uow.change_requests.add_attachment(
        ChangeRequestAttachment(
            change_request_id=request.id,
            file_id=stored.id,
            kind=AttachmentKind(cmd.kind),
            description=cmd.description.strip() or None,
            step=step,
            acting_union_id=cmd.acting_union_id,
            uploaded_by=actor.name,
            actor_user_id=actor.user_id,
        )
    )
