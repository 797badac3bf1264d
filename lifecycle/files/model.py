"""Metadata of an uploaded file; the bytes live under the configured storage directory."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime


class StoredFile(Base):
    """One uploaded file: name as given, type, size and SHA-256 of the content."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    storage_key: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    uploaded_by: Mapped[str] = mapped_column(String(100))


# The note an attached file may carry (e.g. 人事处出具).
DESCRIPTION_MAX = 200


class AttachedFile:
    """The columns and reads of a row that attaches one stored file to a record (a 附件3
    request's attachment, a leader event's proof): the file, its note, who uploaded it, when."""

    description: Mapped[str | None] = mapped_column(String(DESCRIPTION_MAX))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    @declared_attr
    def file_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))

    @declared_attr
    def file(cls) -> Mapped[StoredFile]:
        return relationship(StoredFile, lazy="joined", viewonly=True)

    @property
    def filename(self) -> str:
        return self.file.filename

    @property
    def content_type(self) -> str:
        return self.file.content_type

    @property
    def size_bytes(self) -> int:
        return self.file.size_bytes
