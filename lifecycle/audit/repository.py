"""Reading the audit trail: per record, newest last."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from lifecycle.audit.model import AuditEntry
from lifecycle.scope import Scope
from lifecycle.unions.model import Union

CONTACTS = "union_contacts"


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

    def for_records(
        self,
        keys: Sequence[tuple[str, int | str]],
        *,
        limit: int = 100,
        offset: int = 0,
        newest_first: bool = False,
    ) -> Sequence[AuditEntry]:
        """The entries of several records (a record and its parts, as table and id) together."""
        query = (
            select(AuditEntry)
            .where(_any_of(keys))
            .order_by(AuditEntry.id.desc() if newest_first else AuditEntry.id)
            .limit(limit)
            .offset(offset)
        )
        return self.session.scalars(query).all()

    def count_for_records(self, keys: Sequence[tuple[str, int | str]]) -> int:
        query = select(func.count(AuditEntry.id)).where(_any_of(keys))
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

    def removed_contacts(
        self, scope: Scope, *, limit: int, offset: int
    ) -> tuple[Sequence[AuditEntry], int]:
        """The removals of union contacts whose union lies in ``scope`` (the removed row is in
        the entry's ``before``), newest first, a page at a time, with their number."""
        stmt = self._removed(scope)
        total = int(self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
        page = stmt.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
        return self.session.scalars(page).all(), total

    def removed_contact(self, contact_id: int, scope: Scope) -> AuditEntry | None:
        """The removal of contact ``contact_id`` if its union lies in ``scope``."""
        stmt = self._removed(scope).where(AuditEntry.entity_id == str(contact_id))
        return self.session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(1)).first()

    @staticmethod
    def _removed(scope: Scope) -> Select[AuditEntry]:
        union_id = AuditEntry.before["union_id"].as_integer()
        return (
            select(AuditEntry)
            .join(Union, Union.id == union_id)
            .where(
                AuditEntry.entity == CONTACTS,
                AuditEntry.action == "delete",
                scope.clause(Union.path),
            )
        )


def _any_of(keys: Sequence[tuple[str, int | str]]) -> ColumnElement[bool]:
    """Entries of any of ``keys`` (table, id), one ``IN`` per table (the entity index serves)."""
    by_table: dict[str, list[str]] = {}
    for entity, entity_id in keys:
        by_table.setdefault(entity, []).append(str(entity_id))
    return or_(
        *(
            and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
            for entity, ids in by_table.items()
        )
    )
