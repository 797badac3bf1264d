"""Attachments of an application: each kind's file types, size and count as the pack declares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from lifecycle.actors import Actor
from lifecycle.errors import ConflictError, NotFound, Problems, ValidationFailed
from lifecycle.files.model import StoredFile
from lifecycle.files.storage import (
    FileStorage,
    Upload,
    filename_problem,
    keep_at_commit,
    kept_name,
)
from lifecycle.intake.model import Application, ApplicationStatus, Attachment
from lifecycle.intake.packs import PACKS, AttachmentSpec, intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork

# Content checks by extension (the client's word is never taken): leading bytes, or an ISO media
# box type at offset 4 for video.
_TYPES: dict[str, tuple[str, bytes, int]] = {
    ".pdf": ("application/pdf", b"%PDF-", 0),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff", 0),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff", 0),
    ".gif": ("image/gif", b"GIF8", 0),
    ".bmp": ("image/bmp", b"BM", 0),
    ".mp4": ("video/mp4", b"ftyp", 4),
    ".mov": ("video/quicktime", b"ftyp", 4),
}


# The largest file any pack accepts (the craftsman video [C 三（五）]); uploads are read up to it.
MAX_ATTACHMENT_BYTES = max(
    (a.max_bytes for p in PACKS.values() for a in p.attachments), default=10 * 2**20
)


def attachments_of(uow: UnitOfWork, application_id: int) -> Sequence[tuple[Attachment, StoredFile]]:
    """The application's attachments with their stored files, oldest first."""
    return IntakeRepository(uow.session).attachments(application_id)


def _spec(application: Application, kind: str) -> AttachmentSpec:
    for spec in intake_pack(application.scheme_code).attachments:
        if spec.kind == kind:
            return spec
    raise ValidationFailed("该申报表没有此类附件", field="kind", code="unknown_kind")


def attach(
    uow: UnitOfWork,
    storage: FileStorage,
    application_id: int,
    kind: str,
    upload: Upload,
    *,
    actor: Actor,
    scope: Scope,
) -> Attachment:
    """Keep one file under ``kind`` while the application is a draft or returned [C 三（五）]."""
    application = IntakeRepository(uow.session).application(application_id, scope)
    if application is None:
        raise NotFound("申报不存在或不在管辖范围内", field="application_id")
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
        raise ConflictError("申报已提交，审核中不能添加附件", field="status", code="not_editable")
    spec = _spec(application, kind)
    problems = Problems()
    name = PurePath(upload.filename or "").name
    ext = PurePath(name).suffix.lower()
    if not name:
        problems.add("file", "required", "请选择文件")
    elif (refused := filename_problem(name)) is not None:
        problems.add("file", "invisible_character", refused)
    if ext not in spec.extensions or ext not in _TYPES:
        allowed = "、".join(e.lstrip(".") for e in spec.extensions)
        problems.add("file", "file_type_refused", f"{spec.label}仅限：{allowed}")
    elif not upload.data:
        problems.add("file", "empty_file", "文件为空")
    else:
        _, magic, offset = _TYPES[ext]
        if upload.data[offset : offset + len(magic)] != magic:
            problems.add("file", "file_content_mismatch", "文件内容与扩展名不符")
    if len(upload.data) > spec.max_bytes:
        problems.add(
            "file", "file_too_large", f"{spec.label}每个不能超过{spec.max_bytes // 2**20} MB"
        )
    held = sum(1 for a, _ in attachments_of(uow, application.id) if a.kind == kind)
    if held >= spec.max_count:
        problems.add("kind", "too_many", f"{spec.label}最多{spec.max_count}个")
    problems.raise_if_any()
    digest, key = keep_at_commit(uow, storage, upload.data)
    stored = uow.files.add(
        StoredFile(
            filename=kept_name(name),
            content_type=_TYPES[ext][0],
            size_bytes=len(upload.data),
            sha256=digest,
            storage_key=key,
            uploaded_by=actor.name,
        )
    )
    row = Attachment(
        application_id=application.id, kind=kind, file_id=stored.id, uploaded_by=actor.name
    )
    IntakeRepository(uow.session).keep(row)
    uow.flush()
    return row


def missing_attachments(uow: UnitOfWork, application: Application, problems: Problems) -> None:
    """Every kind below its required count is a problem at submission [C 三（五）][L 四]."""
    held = Counter(a.kind for a, _ in attachments_of(uow, application.id))
    for spec in intake_pack(application.scheme_code).attachments:
        if held[spec.kind] < spec.min_count:
            problems.add(
                f"attachments.{spec.kind}",
                "attachment_missing",
                f"{spec.label}应上传{spec.min_count}个，现有{held[spec.kind]}个（{spec.article}）",
            )
