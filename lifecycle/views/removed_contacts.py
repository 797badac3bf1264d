"""Removed union contacts: the row is gone, its 修改记录 stays (the audit log keeps what it was,
and whose union it was, so a reader of that union's subtree still finds it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lifecycle.audit.model import AuditEntry
from lifecycle.clock import to_shanghai
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged


@dataclass(frozen=True)
class RemovedContact:
    """A contact as it was when removed, who removed it and when (Asia/Shanghai)."""

    id: int
    name: str
    email: str
    union_id: int
    union_name: str
    removed_at: datetime
    removed_by: str


def removed_contacts_page(
    uow: UnitOfWork, scope: Scope, *, limit: int, offset: int
) -> Paged[RemovedContact]:
    """The contacts removed from the unions inside ``scope``, newest removal first."""
    rows, total = uow.audit.removed_contacts(scope, limit=limit, offset=offset)
    names = uow.unions.names({_union_id(r) for r in rows})
    return Paged([_removed(r, names) for r in rows], total, limit, offset)


def removed_contact(uow: UnitOfWork, contact_id: int, scope: Scope) -> RemovedContact | None:
    """Contact ``contact_id`` if it was removed from a union inside ``scope``."""
    row = uow.audit.removed_contact(contact_id, scope)
    if row is None:
        return None
    return _removed(row, uow.unions.names({_union_id(row)}))


def _union_id(row: AuditEntry) -> int:
    return int((row.before or {})["union_id"])


def _removed(row: AuditEntry, names: dict[int, str]) -> RemovedContact:
    was: dict[str, Any] = row.before or {}
    union_id = _union_id(row)
    return RemovedContact(
        id=int(row.entity_id),
        name=str(was.get("name", "")),
        email=str(was.get("email", "")),
        union_id=union_id,
        union_name=names.get(union_id, ""),
        removed_at=to_shanghai(row.at),
        removed_by=row.actor_name,
    )
