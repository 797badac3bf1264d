"""A union's cut-over date: the day the service took over its calendar (系统启用日期)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime


class UnionCutover(Base):
    """Occasions of the union's titles due before ``cutover_on`` count as settled outside."""

    __tablename__ = "union_cutovers"

    union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="CASCADE"), primary_key=True
    )
    cutover_on: Mapped[date]
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
