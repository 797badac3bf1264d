"""An inspection: scheduled, then recorded per criterion (五个有) with evidence and a result."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import NEVER_REUSED_IDS, Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.files.model import StoredFile

if TYPE_CHECKING:
    from lifecycle.notices.model import RectificationNotice


class InspectionKind(StrEnum):
    CYCLE_END = "cycle_end"  # 周期末实地走访检查 [Y12]
    RE_INSPECTION = "re_inspection"  # 整改复查 [Y12]


class InspectionResult(StrEnum):
    PASS = "pass"  # noqa: S105 - an inspection result, not a password
    FAIL = "fail"


INSPECTION_KIND_LABELS = {
    InspectionKind.CYCLE_END: "周期末实地检查",
    InspectionKind.RE_INSPECTION: "整改复查",
}
INSPECTION_RESULT_LABELS = {InspectionResult.PASS: "合格", InspectionResult.FAIL: "不合格"}


class Inspection(Base):
    """A scheduled on-site inspection and, once recorded, its outcome."""

    __tablename__ = "inspections"
    __table_args__ = NEVER_REUSED_IDS  # a withdrawn inspection is deleted

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[InspectionKind] = mapped_column(str_enum(InspectionKind, 20))
    cycle_no: Mapped[int | None] = mapped_column(Integer)
    # The notice a re-inspection checks (None for a cycle-end inspection).
    notice_id: Mapped[int | None] = mapped_column(
        ForeignKey("rectification_notices.id", ondelete="RESTRICT", use_alter=True), index=True
    )
    scheduled_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(300))
    inspectors: Mapped[str] = mapped_column(String(500))
    scheduled_by: Mapped[str] = mapped_column(String(100))
    result: Mapped[InspectionResult | None] = mapped_column(str_enum(InspectionResult, 10))
    recorded_on: Mapped[date | None]
    recorded_by: Mapped[str | None] = mapped_column(String(100))
    summary: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    outcomes: Mapped[list[CriterionOutcome]] = relationship(
        back_populates="inspection", lazy="selectin", order_by="CriterionOutcome.id"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="inspection", lazy="selectin", order_by="Evidence.id"
    )
    # The 整改通知 this inspection's failure issued (a notice's inspection is unique).
    issued_notice: Mapped[RectificationNotice | None] = relationship(
        primaryjoin="Inspection.id == foreign(RectificationNotice.inspection_id)",
        viewonly=True,
        lazy="selectin",
        uselist=False,
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CriterionOutcome(Base):
    """Pass or fail of one criterion, with the inspector's notes."""

    __tablename__ = "inspection_outcomes"
    __table_args__ = (UniqueConstraint("inspection_id", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"))
    criterion_code: Mapped[str] = mapped_column(String(40))
    passed: Mapped[bool]
    notes: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="outcomes", lazy="raise")


class Evidence(Base):
    """A file supporting one criterion's outcome (or the inspection as a whole)."""

    __tablename__ = "inspection_evidence"
    __table_args__ = NEVER_REUSED_IDS  # deleted with a withdrawn inspection

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    criterion_code: Mapped[str | None] = mapped_column(String(40))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))

    inspection: Mapped[Inspection] = relationship(back_populates="evidence", lazy="raise")
    file: Mapped[StoredFile] = relationship(lazy="joined")
