"""A yearly filing: self-check or unit evaluation, for one year, with its file [Y11]."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.files.model import StoredFile


class FilingKind(StrEnum):
    SELF_CHECK = "self_check"  # 工作室自查
    UNIT_EVALUATION = "unit_evaluation"  # 所在单位工会评估


FILING_KIND_LABELS = {
    FilingKind.SELF_CHECK: "工作室年度自查",
    FilingKind.UNIT_EVALUATION: "单位工会年度评估",
}


class YearlyFiling(Base):
    """One filing for one year; each kind once per designation and year [Y11]."""

    __tablename__ = "yearly_filings"
    __table_args__ = (UniqueConstraint("designation_id", "year", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[FilingKind] = mapped_column(str_enum(FilingKind, 20))
    filed_on: Mapped[date]
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))
    filed_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    file: Mapped[StoredFile | None] = relationship(lazy="joined")
