"""One audit entry per inserted, updated or deleted domain row: who, when, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime


class AuditEntry(Base):
    """Append-only: the ORM and database triggers refuse to rewrite it."""

    __tablename__ = "audit_log"
    __append_only__ = True
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # No foreign key: the log outlives anything it mentions.
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    entity: Mapped[str] = mapped_column(String(60))  # the table name
    entity_id: Mapped[str] = mapped_column(String(60))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Why, where the change's use case asks (``UnitOfWork.because``); None elsewhere.
    reason: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        return f"AuditEntry(id={self.id}, {self.action} {self.entity}#{self.entity_id})"
