"""Calls, applications, their append-only step log, recommendation batches and naming decisions."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum


class ApplicationStatus(StrEnum):
    """Where an application stands; the stage it waits at is `Application.stage`."""

    DRAFT = "draft"  # 草稿: saved, not submitted
    IN_REVIEW = "in_review"  # 审核中: waiting at `stage`
    RETURNED = "returned"  # 退回补充材料: the applicant edits and resubmits
    REJECTED = "rejected"  # 不同意
    NAMED = "named"  # 已命名: the decision created the designation
    WITHDRAWN = "withdrawn"  # 已撤回: the applying unit withdrew it while in review (reading I5)


APPLICATION_STATUS_LABELS = {
    ApplicationStatus.DRAFT: "草稿",
    ApplicationStatus.IN_REVIEW: "审核中",
    ApplicationStatus.RETURNED: "已退回补充材料",
    ApplicationStatus.REJECTED: "未通过",
    ApplicationStatus.NAMED: "已命名",
    ApplicationStatus.WITHDRAWN: "已撤回",
}


class BatchStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class IntakeCall(Base):
    """A 征集/申报通知: scheme, year, window, deadline and target, issued by the naming union."""

    __tablename__ = "intake_calls"
    __table_args__ = (UniqueConstraint("scheme_code", "year", "naming_union_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_code: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    naming_union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), index=True
    )
    union_path: Mapped[str] = mapped_column(String(400))  # the naming union's path (scope)
    opens_on: Mapped[date]
    deadline: Mapped[date]  # 「…前」: the last day on which a submission is accepted
    target_count: Mapped[int | None]  # 拟命名数: the namer's target, never a refusal
    document_ref: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class NamingDecision(Base):
    """One naming decision (主席办公会议审定) with its 文号; it may name many applications."""

    __tablename__ = "intake_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("intake_calls.id", ondelete="RESTRICT"))
    document_ref: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date]
    signer: Mapped[str] = mapped_column(String(100))
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class Batch(Base):
    """A recommending union's 推荐批次 for one call: ranked, checked, submitted once; a union
    may send supplementary batches (``seq`` 2, 3, …) until the call's deadline (reading I7)."""

    __tablename__ = "intake_batches"
    __table_args__ = (UniqueConstraint("call_id", "union_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("intake_calls.id", ondelete="RESTRICT"))
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    union_path: Mapped[str] = mapped_column(String(400), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)  # 1: the first; 2…: 补充推荐
    status: Mapped[BatchStatus] = mapped_column(str_enum(BatchStatus, 20))
    submitted_on: Mapped[date | None]
    submitted_by: Mapped[str | None] = mapped_column(String(100))
    checks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Application(Base):
    """One application to a call: the form as data, its stage, round and linked title."""

    __tablename__ = "intake_applications"
    __table_args__ = (Index("ix_intake_applications_call_status", "call_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("intake_calls.id", ondelete="RESTRICT"))
    scheme_code: Mapped[str] = mapped_column(String(40))
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="RESTRICT"), index=True
    )
    unit_union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    union_path: Mapped[str] = mapped_column(String(400), index=True)  # the unit union's path
    # The 社团 the unit applies through, which reviews and recommends it in place of its
    # 区局（产业）工会 [C 二（二）] (None: its district's route); the path is its scope key too.
    recommender_union_id: Mapped[int | None] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT")
    )
    recommender_path: Mapped[str | None] = mapped_column(String(400), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(str_enum(ApplicationStatus, 20))
    stage: Mapped[str | None] = mapped_column(String(40))
    round: Mapped[int] = mapped_column(Integer)
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_on: Mapped[date | None]
    returned_stage: Mapped[str | None] = mapped_column(String(40))
    returned_reason: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("intake_batches.id"))
    rank: Mapped[int | None]
    non_public: Mapped[bool] = mapped_column(default=False)  # host unit 非公 at submission
    preference: Mapped[int] = mapped_column(Integer, default=0)  # 优先 items met (advisory)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("intake_decisions.id"))
    designation_id: Mapped[int | None] = mapped_column(ForeignKey("designations.id"))
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, onupdate=now_utc)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ApplicationStep(Base):
    """One append-only row of an application's history: who did what at which stage, round."""

    __tablename__ = "intake_steps"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("intake_applications.id", ondelete="RESTRICT"), index=True
    )
    round: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    acting_union_id: Mapped[int | None] = mapped_column(ForeignKey("unions.id"))
    decided_on: Mapped[date]
    signer: Mapped[str] = mapped_column(String(100))
    opinion: Mapped[str] = mapped_column(Text)
    consent: Mapped[str | None] = mapped_column(Text)  # 本单位党政同意 [Y7]
    form_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what was submitted
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class Attachment(Base):
    """A file attached to an application under one of its pack's kinds (证书, 照片, 视频)."""

    __tablename__ = "intake_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("intake_applications.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
