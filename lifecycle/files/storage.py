"""Content-addressed file storage with size and type limits; bytes on disk, metadata in the DB."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from lifecycle.actors import Actor
from lifecycle.errors import Problems
from lifecycle.files.model import DESCRIPTION_MAX, StoredFile
from lifecycle.validation import invisible_characters

if TYPE_CHECKING:
    from lifecycle.uow import UnitOfWork

# Accepted types: by extension, confirmed by the content's leading bytes (never the client's word).
_SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
}
ALLOWED_EXTENSIONS = tuple(sorted(_SIGNATURES))
# The accepted types as a refusal names them: 「PDF、DOCX、JPG、JPEG、PNG、XLSX」.
ACCEPTED_TYPES = "、".join(e.lstrip(".").upper() for e in _SIGNATURES)
# The media types a stored file is served with (its type as confirmed on upload).
STORED_MEDIA_TYPES = tuple(sorted({media for media, _ in _SIGNATURES.values()}))


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the user gave and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class FileStorage:
    """Where uploaded bytes live and how large they may be."""

    root: Path
    max_bytes: int = 10 * 1024 * 1024

    def path_for(self, key: str) -> Path:
        return self.root / key

    def read(self, stored: StoredFile) -> bytes:
        return self.path_for(stored.storage_key).read_bytes()

    def write(self, key: str, data: bytes) -> bool:
        """Write atomically; an existing file with this key already holds the same bytes.
        True when this call created the file (``remove`` may take it back)."""
        target = self.path_for(key)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return True

    def remove(self, key: str) -> None:
        """Take back bytes no record names (written for a commit that then failed)."""
        self.path_for(key).unlink(missing_ok=True)


def attached_file_problems(
    description: str, upload: Upload | None, storage: FileStorage
) -> Problems:
    """What an attached file (``AttachedFile``) is refused for: a note too long, and the file
    (none chosen, or ``upload_problems``), all at once."""
    problems = Problems()
    if len(description.strip()) > DESCRIPTION_MAX:
        problems.add("description", "too_long", f"说明不能超过{DESCRIPTION_MAX}个字符")
    if upload is None:
        problems.add("file", "required", "请选择文件")
    else:
        problems.items += upload_problems(upload, storage, "file").items
    return problems


FILENAME_INVISIBLE = "文件名不能包含控制字符或不可见字符（如文字方向控制符、零宽字符）"


def filename_problem(name: str) -> str | None:
    """Why an uploaded file's name is refused (None: it is not): it is shown on the record's
    page and given back as the download's name, so it holds visible characters only, as every
    name typed does (a U+202E before 「fdp.exe.pdf」 shows 「fdp.exe」 reversed)."""
    return FILENAME_INVISIBLE if invisible_characters(name) else None


FILENAME_MAX = 255  # ``StoredFile.filename``


def kept_name(name: str) -> str:
    """The name a file is kept and given back under: a name past ``FILENAME_MAX`` characters
    is shortened before its extension, which stays (cutting the end off, as before, dropped
    「.pdf」, so the download came back with no type to open it by)."""
    if len(name) <= FILENAME_MAX:
        return name
    suffix = PurePath(name).suffix
    return name[: FILENAME_MAX - len(suffix)] + suffix


def upload_problems(upload: Upload, storage: FileStorage, field: str) -> Problems:
    """Why an upload is refused: empty, too large, a type we do not accept, or a name with
    invisible characters."""
    problems = Problems()
    name = PurePath(upload.filename or "").name
    ext = PurePath(name).suffix.lower()
    if not name:
        problems.add(f"{field}.filename", "required", "文件名不能为空")
    elif (refused := filename_problem(name)) is not None:
        problems.add(field, "invisible_character", refused)
    if len(upload.data) == 0:
        problems.add(field, "empty_file", "文件为空")
    elif len(upload.data) > storage.max_bytes:
        limit = storage.max_bytes // (1024 * 1024)
        problems.add(field, "file_too_large", f"文件不能超过 {limit} MB")
    if ext not in _SIGNATURES:
        problems.add(field, "file_type_refused", f"不接受此类文件（只接受 {ACCEPTED_TYPES}）")
    elif upload.data and not upload.data.startswith(_SIGNATURES[ext][1]):
        problems.add(field, "file_content_mismatch", "文件内容与扩展名不符")
    return problems


def keep_at_commit(uow: UnitOfWork, storage: FileStorage, data: bytes) -> tuple[str, str]:
    """The content hash and storage key of ``data``, whose bytes the unit writes when it
    commits: a request refused after this (a bad date beside the file, a lost race) leaves no
    file behind that no record names (``UnitOfWork.commit``)."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest[:2]}/{digest}"
    uow.write_at_commit(storage, key, data)
    return digest, key


def store_upload(
    uow: UnitOfWork, storage: FileStorage, upload: Upload, *, actor: Actor, field: str = "file"
) -> StoredFile:
    """Check and keep an upload; returns its metadata row (hash-named bytes are shared)."""
    upload_problems(upload, storage, field).raise_if_any()
    digest, key = keep_at_commit(uow, storage, upload.data)
    ext = PurePath(upload.filename).suffix.lower()
    return uow.files.add(
        StoredFile(
            filename=kept_name(PurePath(upload.filename).name),
            content_type=_SIGNATURES[ext][0],
            size_bytes=len(upload.data),
            sha256=digest,
            storage_key=key,
            uploaded_by=actor.name,
        )
    )
