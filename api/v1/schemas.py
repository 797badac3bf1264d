"""Response models shared by several routers, and the per-record audit page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.v1.common import Out, Page, Paging
from lifecycle.uow import UnitOfWork


class AuditEntryOut(Out):
    id: int
    at: datetime
    user_id: int | None
    actor_name: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def audit_page(
    uow: UnitOfWork, entity: str, entity_id: int | str, paging: Paging
) -> Page[AuditEntryOut]:
    """Who changed one record, oldest first, with before and after."""
    rows = uow.audit.for_record(entity, entity_id, limit=paging.limit, offset=paging.offset)
    return Page(
        items=[AuditEntryOut.model_validate(r) for r in rows],
        total=uow.audit.count_for_record(entity, entity_id),
        limit=paging.limit,
        offset=paging.offset,
    )
