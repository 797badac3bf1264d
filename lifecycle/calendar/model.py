"""Admin-maintained official-calendar overrides: holidays and make-up workdays per year."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import NEVER_REUSED_IDS, Base, UTCDateTime


class CalendarOverrideDay(Base):
    """One day of an admin-entered year: `holiday` (day off) or `workday` (调休 make-up day)."""

    __tablename__ = "calendar_override_days"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'workday')", "kind"), NEVER_REUSED_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
