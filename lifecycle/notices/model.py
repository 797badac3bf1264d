"""A rectification notice and the per-union, per-year counter that numbers notices without gaps."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.files.model import AttachedFile
from lifecycle.notices.rules import deadline_note, deadline_still_provisional


class NoticeStatus(StrEnum):
    OPEN = "open"  # 整改中
    RECTIFIED = "rectified"  # 复查合格，恢复命名
    REVOKED = "revoked"  # 逾期未整改，已撤牌


NOTICE_STATUS_LABELS = {
    NoticeStatus.OPEN: "整改中",
    NoticeStatus.RECTIFIED: "已整改",
    NoticeStatus.REVOKED: "已撤牌",
}


class RectificationNotice(Base):
    """书面整改通知, addressed to the designation's sector/street/direct union [Y12]."""

    __tablename__ = "rectification_notices"
    __table_args__ = (UniqueConstraint("issuing_union_id", "year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT"), unique=True
    )
    issuing_union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    addressee_union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    issued_on: Mapped[date]
    deadline: Mapped[date]
    deadline_provisional: Mapped[bool]
    status: Mapped[NoticeStatus] = mapped_column(str_enum(NoticeStatus, 20), index=True)
    closed_on: Mapped[date | None]
    closing_inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspections.id", ondelete="RESTRICT")
    )
    decision_ref: Mapped[str | None] = mapped_column(String(200))
    issued_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    # The addressed union's written reports (read where asked: the notice's 修改记录).
    reports: Mapped[list[RectificationReport]] = relationship(
        lazy="select", viewonly=True, order_by="RectificationReport.id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def deadline_still_provisional(self) -> bool:
        """The deadline is said to be provisional (open and not yet confirmed) [Y12]."""
        return deadline_still_provisional(
            self.status == NoticeStatus.OPEN, self.deadline_provisional
        )

    @property
    def deadline_note(self) -> str:
        """「节假日安排未公布，暂定」 beside the deadline, or none [Y12]."""
        return deadline_note(self.status == NoticeStatus.OPEN, self.deadline_provisional)


class NoticeCounter(Base):
    """The last sequence number a union used in a year; bumped under a row lock."""

    __tablename__ = "notice_counters"

    issuing_union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class RectificationReport(AttachedFile, Base):
    """整改情况书面报告: the addressed sector/street/direct union's written report of its 整改,
    sent to the issuing district union within the deadline (the notice asks for it), with the
    day it was sent (append-only) [Y12]."""

    __tablename__ = "rectification_reports"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("rectification_notices.id", ondelete="RESTRICT"), index=True
    )
    reported_on: Mapped[date]
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
