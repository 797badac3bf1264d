"""The yearly filings' files as the designation page and the API hand them out [Y11]."""

from __future__ import annotations

from lifecycle.errors import NotFound
from lifecycle.files.model import StoredFile
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork


def filing_file(
    uow: UnitOfWork, designation_id: int, filing_id: int, *, scope: Scope
) -> StoredFile:
    """The file of one yearly filing of a designation inside ``scope`` (NotFound outside it)."""
    stored = uow.filings.file_of(designation_id, filing_id, scope)
    if stored is None:
        raise NotFound("备案文件不存在或不在可见范围内", field="filing_id")
    return stored
