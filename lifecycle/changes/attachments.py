"""Files attached to a 附件3 request: the form as signed and stamped, and supporting proofs [C]."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.actors import Actor
from lifecycle.changes import checks
from lifecycle.changes.model import (
    ATTACHMENT_KIND_LABELS,
    AttachmentKind,
    ChangeRequest,
    ChangeRequestAttachment,
    ChangeRequestStatus,
    ChangeStep,
    status_labels,
)
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError, NotYourStep, Problems
from lifecycle.files.storage import FileStorage, Upload, attached_file_problems, store_upload
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork

# Decided by the city (agreed and applied, or not agreed): its decision document, and the form as
# the deciding body signed and stamped it, may still be attached by that body [C 三（六）].
DECIDED = frozenset({ChangeRequestStatus.APPLIED, ChangeRequestStatus.REJECTED})
AFTER_DECISION = (AttachmentKind.DECISION_DOCUMENT, AttachmentKind.SIGNED_FORM)


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
    union, the deciding city) and the union that filed it; once the city has decided, the city
    alone (its decision document); nobody once the request is withdrawn [C 三（六）]."""
    waiting = request.waiting_step
    if waiting is None:
        if request.status in DECIDED:
            return (checks.step_union_id(designation, ChangeStep.CITY),)
        return ()
    unions = [checks.step_union_id(designation, waiting)]
    if filer_union_id is not None and filer_union_id not in unions:
        unions.append(filer_union_id)
    return tuple(unions)


def attachable_kinds(
    request: ChangeRequest, designation: Designation, union_id: int | None
) -> tuple[AttachmentKind, ...]:
    """The kinds of file ``union_id`` may attach now: before the decision the form and the
    proofs, the decision document only by the deciding body at its step; after the decision
    that body's decision document and the form it signed [C 三（六）]."""
    decider = union_id == checks.step_union_id(designation, ChangeStep.CITY)
    if request.status in DECIDED:
        return AFTER_DECISION if decider else ()
    if decider and request.waiting_step is ChangeStep.CITY:
        return tuple(AttachmentKind)
    return tuple(k for k in AttachmentKind if k is not AttachmentKind.DECISION_DOCUMENT)


def _refusal(
    uow: UnitOfWork, request: ChangeRequest, designation: Designation, acting: int
) -> None:
    allowed = attaching_unions(request, designation, uow.change_requests.filer_union_id(request.id))
    status = status_labels(designation.scheme_code)[request.status]
    if not allowed:
        raise DomainError(
            f"该申请已办结（{status}），不能再上传附件", code="request_closed", field="request_id"
        )
    if acting in allowed:
        return
    names = []
    for union_id in allowed:
        union = uow.unions.get(union_id, scope=EVERYTHING)
        names.append(union.name if union is not None else "对应工会")
    if request.status in DECIDED:
        raise DomainError(
            f"该申请已办结（{status}），此后只能由作出审定的{names[0]}上传审定决定文件"
            "或签字盖章的申请表，当前工会无权上传",
            code="request_decided",
            field="acting_union_id",
        )
    raise NotYourStep(
        f"该申请的附件应由当前环节的办理工会或提出申请的工会（{'、'.join(names)}）上传，"
        "当前工会无权上传",
        field="acting_union_id",
    )


def kind_problem(
    problems: Problems, request: ChangeRequest, designation: Designation, kind: str, acting: int
) -> None:
    """A kind the acting union may not attach now (``attachable_kinds``), named beside 附件类别."""
    if kind not in set(AttachmentKind):
        return  # refused as missing by ``attach_problems``
    kinds = attachable_kinds(request, designation, acting)
    if AttachmentKind(kind) in kinds:
        return
    allowed = "、".join(ATTACHMENT_KIND_LABELS[k] for k in kinds)
    problems.add("kind", "kind_not_now", f"当前只能上传：{allowed}")


def attach_problems(
    kind: str, description: str, upload: Upload | None, storage: FileStorage
) -> Problems:
    """What is refused in the typed fields and the file (type, size, content), all at once."""
    problems = Problems()
    if kind not in set(AttachmentKind):
        problems.add("kind", "required", "请选择附件类别")
    problems.items += attached_file_problems(description, upload, storage).items
    return problems


def attach_change_file(
    uow: UnitOfWork,
    storage: FileStorage,
    cmd: AttachChangeFile,
    upload: Upload | None,
    *,
    actor: Actor,
    scope: Scope,
) -> ChangeRequestAttachment:
    """Keep a file on an open request, by the union acting at its step or the one that filed it,
    or on a decided one by the deciding body (its decision document) [C 三（六）]; refused whole
    (no row, no file named) when the request, the union, the kind or the file (none chosen
    included) is wrong, every bad field at once."""
    request, designation = checks.load(uow, cmd.request_id, scope, lock=True)
    _refusal(uow, request, designation, cmd.acting_union_id)
    problems = attach_problems(cmd.kind, cmd.description, upload, storage)
    kind_problem(problems, request, designation, cmd.kind, cmd.acting_union_id)
    problems.raise_if_any()
    assert upload is not None  # none chosen is refused above, beside 文件
    step = request.waiting_step or ChangeStep.CITY  # decided: the deciding body's, after it
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
