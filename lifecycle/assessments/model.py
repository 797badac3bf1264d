"""One year's 考核 of a city title: unit step → district step → (on failure) city decision."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum


class AssessmentOutcome(StrEnum):
    PENDING_UNIT = "pending_unit"  # 待单位工会考核
    PENDING_DISTRICT = "pending_district"  # 待区局（产业）工会考核
    PASSED = "passed"  # 考核合格
    REVOCATION_APPLIED = "revocation_applied"  # 已向市总工会申请摘牌
    REVOKED = "revoked"  # 市总工会决定摘牌
    KEPT = "kept"  # 市总工会决定保留
    CLOSED = "closed"  # 称号已另经摘牌，本年度考核终止办理


ASSESSMENT_OUTCOME_LABELS = {
    AssessmentOutcome.PENDING_UNIT: "待单位工会考核",
    AssessmentOutcome.PENDING_DISTRICT: "待区局（产业）工会考核",
    AssessmentOutcome.PASSED: "考核合格",
    AssessmentOutcome.REVOCATION_APPLIED: "已申请摘牌，待市总工会决定",
    AssessmentOutcome.REVOKED: "市总工会决定摘牌",
    AssessmentOutcome.KEPT: "市总工会决定保留",
    AssessmentOutcome.CLOSED: "称号已摘牌，考核终止办理",
}

# A year's 考核 still to be settled: a step of a union or the city's decision is awaited [S9].
UNSETTLED_OUTCOMES = frozenset(
    {
        AssessmentOutcome.PENDING_UNIT,
        AssessmentOutcome.PENDING_DISTRICT,
        AssessmentOutcome.REVOCATION_APPLIED,
    }
)


class AnnualAssessment(Base):
    """The year-end 考核 of one designation for one year [S9]."""

    __tablename__ = "annual_assessments"
    __table_args__ = (UniqueConstraint("designation_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[AssessmentOutcome] = mapped_column(str_enum(AssessmentOutcome, 30))
    unit_passed: Mapped[bool | None]
    unit_on: Mapped[date | None]
    unit_signer: Mapped[str | None] = mapped_column(String(100))
    unit_opinion: Mapped[str | None] = mapped_column(Text)
    district_passed: Mapped[bool | None]
    district_on: Mapped[date | None]
    district_signer: Mapped[str | None] = mapped_column(String(100))
    district_opinion: Mapped[str | None] = mapped_column(Text)
    city_revoke: Mapped[bool | None]
    city_on: Mapped[date | None]
    city_signer: Mapped[str | None] = mapped_column(String(100))
    city_opinion: Mapped[str | None] = mapped_column(Text)
    decision_ref: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
