"""Every query on stored-file metadata."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.files.model import StoredFile


class FileRepository:
    """Stored files."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, file_id: int) -> StoredFile | None:
        return self.session.get(StoredFile, file_id)

    def names(self, file_ids: Collection[int]) -> dict[int, str]:
        """The file name of each stored file."""
        if not file_ids:
            return {}
        stmt = select(StoredFile.id, StoredFile.filename).where(StoredFile.id.in_(sorted(file_ids)))
        return {file_id: str(name) for file_id, name in self.session.execute(stmt).all()}

    def by_hash(self, sha256: str) -> StoredFile | None:
        stmt = select(StoredFile).where(StoredFile.sha256 == sha256).limit(1)
        return self.session.scalars(stmt).first()

    def names_key(self, storage_key: str) -> bool:
        """Whether a stored file's record names these bytes."""
        stmt = select(StoredFile.id).where(StoredFile.storage_key == storage_key).limit(1)
        return self.session.scalars(stmt).first() is not None

    def add(self, stored: StoredFile) -> StoredFile:
        self.session.add(stored)
        self.session.flush()
        return stored
