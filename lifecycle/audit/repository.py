"""Reading the audit trail: per record, newest last."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lifecycle.audit.model import AuditEntry


class AuditRepository:
    """Queries on the audit log (written only by the unit of work's flush listener)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def for_record(
        self,
        entity: str,
        entity_id: int | str,
        *,
        limit: int = 100,
        offset: int = 0,
        newest_first: bool = False,
    ) -> Sequence[AuditEntry]:
        query = (
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.id.desc() if newest_first else AuditEntry.id)
            .limit(limit)
            .offset(offset)
        )
        return self.session.scalars(query).all()

    def count_for_record(self, entity: str, entity_id: int | str) -> int:
        query = select(func.count(AuditEntry.id)).where(
            AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id)
        )
        return int(self.session.scalar(query) or 0)

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(AuditEntry.id))) or 0)

    def by_user(self, user_id: int, *, limit: int = 100) -> Sequence[AuditEntry]:
        query = (
            select(AuditEntry)
            .where(AuditEntry.user_id == user_id)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
        return self.session.scalars(query).all()
