"""Grants, expenditures and audit findings of a designation [Y14][Y15][Y16][S10]."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.vocab import FindingKind, GrantKind, ResolutionOutcome

# The one-off grant is unique per designation in the database itself [Y14][S10]: a partial
# unique index, which SQLite and PostgreSQL both enforce. A voided grant no longer counts, so a
# new one-off grant may follow it.
ONE_OFF_ONLY = text("kind = 'one_off' AND voided_on IS NULL")


class Grant(Base):
    """Money paid to a designation: one-off grant, district matching or excellence support.

    Corrected in place (the audit log keeps before and after, ``version`` guards lost races);
    voided, never deleted: a voided grant stays in the ledger and no longer counts as received.
    """

    __tablename__ = "funding_grants"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", "amount_positive"),
        CheckConstraint(
            "(kind = 'excellence') = (achievement_id IS NOT NULL)", "excellence_has_achievement"
        ),
        Index(
            "uq_funding_grants_one_off_designation",
            "designation_id",
            unique=True,
            sqlite_where=ONE_OFF_ONLY,
            postgresql_where=ONE_OFF_ONLY,
        ),
        # Once per achievement even after a void: one application per achievement [Y15].
        UniqueConstraint("achievement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[GrantKind] = mapped_column(str_enum(GrantKind, 20))
    paying_union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    approval_ref: Mapped[str] = mapped_column(String(200))  # 文号
    approved_on: Mapped[date]
    paid_on: Mapped[date | None]
    # The day the service learnt of the payment (its record, or the 到账 entered later): the
    # district matching it opens arose then (``MatchingFact.paid_known_on``) [S10].
    paid_recorded_on: Mapped[date | None]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    achievement_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_achievements.id", ondelete="RESTRICT")
    )
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_by_user_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    correction_reason: Mapped[str | None] = mapped_column(Text)  # the latest correction's reason
    corrected_by: Mapped[str | None] = mapped_column(String(100))
    voided_on: Mapped[date | None]
    void_reason: Mapped[str | None] = mapped_column(Text)
    voided_by: Mapped[str | None] = mapped_column(String(100))
    voided_by_user_id: Mapped[int | None]

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def voided(self) -> bool:
        return self.voided_on is not None


class Expenditure(Base):
    """One reported use of the funds, kept as reported whatever the audit finds [Y16]."""

    __tablename__ = "funding_expenditures"
    __append_only__ = True
    __table_args__ = (
        CheckConstraint("amount_fen > 0", "amount_positive"),
        Index("ix_funding_expenditures_designation_spent", "designation_id", "spent_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(ForeignKey("designations.id", ondelete="RESTRICT"))
    spent_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    payee: Mapped[str] = mapped_column(String(200))
    category: Mapped[ExpenditureCategory] = mapped_column(str_enum(ExpenditureCategory, 30))
    description: Mapped[str] = mapped_column(Text)
    receipt_ref: Mapped[str | None] = mapped_column(String(100))
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_by_user_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class ExpenditureChangeKind(StrEnum):
    """What a change of a recorded expenditure does."""

    CORRECTION = "correction"  # 更正: the expenditure's values from now on
    VOID = "void"  # 作废: recorded in error, counts nowhere


class ExpenditureChange(Base):
    """A correction or void of a recorded expenditure, with its reason [Y10][Y16].

    Expenditures are append-only (as reported, never rewritten), so a change is a row of its
    own: a correction carries every value of the expenditure from then on, a void none. The
    expenditure as it stands is its row with its changes applied in turn
    (``expenditure_changes.current``); ``version`` is the version the change makes (the row as
    first recorded is 1), unique per expenditure, so of two changes made from the same version
    one fails: a lost race is refused, not merged.
    """

    __tablename__ = "funding_expenditure_changes"
    __append_only__ = True
    __table_args__ = (
        UniqueConstraint("expenditure_id", "version"),
        CheckConstraint("amount_fen IS NULL OR amount_fen > 0", "amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    expenditure_id: Mapped[int] = mapped_column(
        ForeignKey("funding_expenditures.id", ondelete="RESTRICT")
    )
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ExpenditureChangeKind] = mapped_column(str_enum(ExpenditureChangeKind, 20))
    spent_on: Mapped[date | None]
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    payee: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[ExpenditureCategory | None] = mapped_column(str_enum(ExpenditureCategory, 30))
    description: Mapped[str | None] = mapped_column(Text)
    receipt_ref: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    changed_on: Mapped[date]
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_by_user_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


GRANT_FINDINGS = text("grant_id IS NOT NULL")


class AuditFinding(Base):
    """A finding of the 专款专用 audit with its evidence; never updated nor deleted [Y16][S10].

    When a key holds again after the audit closed it as no longer holding, a new finding, the
    key's next ``occurrence``, is stored beside the closed one (``audit._audit``). Whether a
    finding is open lives in ``funding_resolutions`` (a finding row is never updated), so the
    database keeps each key's occurrences apart and the audit adds one only after the last closed.
    """

    __tablename__ = "funding_findings"
    __append_only__ = True
    __table_args__ = (
        UniqueConstraint("designation_id", "key", "occurrence"),
        # Only for the RESTRICT check should a grant row ever be deleted (grants are not
        # append-only in the database): partial, as most findings are on expenditures. No index
        # on expenditure_id: no query looks findings up by it, and expenditures can be neither
        # deleted nor updated (append-only triggers), so its RESTRICT check never runs.
        Index(
            "ix_funding_findings_grant_id",
            "grant_id",
            sqlite_where=GRANT_FINDINGS,
            postgresql_where=GRANT_FINDINGS,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(ForeignKey("designations.id", ondelete="RESTRICT"))
    kind: Mapped[FindingKind] = mapped_column(str_enum(FindingKind, 30))
    # Stable per fact, e.g. forbidden_category:17: re-running the audit finds it, adds nothing.
    key: Mapped[str] = mapped_column(String(120))
    # 1, then 2, 3…: the key found again after the audit closed its previous occurrence.
    occurrence: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    found_on: Mapped[date]
    occurred_on: Mapped[date]
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    expenditure_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_expenditures.id", ondelete="RESTRICT")
    )
    grant_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_grants.id", ondelete="RESTRICT")
    )
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    found_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class FindingResolution(Base):
    """Finance staff's resolution of one finding: outcome and note; the finding stays [Y16]."""

    __tablename__ = "funding_resolutions"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("funding_findings.id", ondelete="RESTRICT"), unique=True
    )
    outcome: Mapped[ResolutionOutcome] = mapped_column(str_enum(ResolutionOutcome, 20))
    note: Mapped[str] = mapped_column(Text)
    resolved_on: Mapped[date]
    resolved_by: Mapped[str] = mapped_column(String(100))
    resolved_by_user_id: Mapped[int | None]
    # Closed by the audit because the finding no longer held (not a person's judgement): should
    # the same key hold again, the audit stores its next occurrence. A person's resolution answers
    # for the key's facts, which are not raised again while unchanged.
    by_audit: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class FundingRefund(Base):
    """Money a title returned to the union that paid it, answering a finding resolved 已退回
    [Y16][S10]: what was spent or granted against 专款专用 goes back. A money fact of its own
    (amount, date, the reference of the transfer), recorded by the resolving use case with its
    resolution and counted in the title's funds: what it received less what it returned."""

    __tablename__ = "funding_refunds"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("funding_findings.id", ondelete="RESTRICT"), unique=True
    )
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    refunded_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(100))
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_by_user_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class RefundChangeKind(StrEnum):
    """What a change of a recorded refund does."""

    CORRECTION = "correction"  # 更正: the refund's amount, date and reference from now on
    VOID = "void"  # 作废: recorded in error, counts nowhere


class FundingRefundChange(Base):
    """A correction or void of a recorded refund, with its reason and who made it [Y16][S10].

    Refunds are append-only, so a change is a row of its own carrying every value of the refund
    from then on (a void the values it voided); the refund as it stands is its row with its
    last change (``refund_queries``). ``version`` is the version the change makes (the refund as
    first recorded is 1), unique per refund: of two changes from the same version one fails.
    """

    __tablename__ = "funding_refund_changes"
    __append_only__ = True
    __table_args__ = (
        UniqueConstraint("refund_id", "version"),
        CheckConstraint("amount_fen > 0", "amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[int] = mapped_column(
        ForeignKey("funding_refunds.id", ondelete="RESTRICT"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RefundChangeKind] = mapped_column(str_enum(RefundChangeKind, 20))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    refunded_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    changed_on: Mapped[date]
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_by_user_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class ApplicationStatus(StrEnum):
    """Where an excellence support application stands [Y15]."""

    PENDING = "pending"  # 待审定
    APPROVED = "approved"  # 主席办公会议审定同意，已形成拨款记录
    REJECTED = "rejected"  # 不予扶持


APPLICATION_STATUS_LABELS = {
    ApplicationStatus.PENDING: "待审定",
    ApplicationStatus.APPROVED: "已审定拨付",
    ApplicationStatus.REJECTED: "不予扶持",
}


class ExcellenceApplication(Base):
    """优秀创新成果项目扶持资金申请: filed at the year-end filing, decided by the district [Y15].

    One application per achievement, ever ("同一成果只能提出一次扶持申请"): the database
    enforces it. An approval names the 主席办公会议 decision (文号) and amount and becomes the
    excellence grant (``grant_id``).
    """

    __tablename__ = "funding_applications"
    __table_args__ = (
        UniqueConstraint("achievement_id"),
        CheckConstraint("requested_fen IS NULL OR requested_fen > 0", "requested_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("ledger_achievements.id", ondelete="RESTRICT")
    )
    year: Mapped[int]  # the year-end filing it was made at
    filed_on: Mapped[date]
    summary: Mapped[str] = mapped_column(Text)
    requested_fen: Mapped[int | None] = mapped_column(BigInteger)
    filed_by: Mapped[str] = mapped_column(String(100))
    filed_by_user_id: Mapped[int | None]
    status: Mapped[ApplicationStatus] = mapped_column(str_enum(ApplicationStatus, 20))
    decided_on: Mapped[date | None]
    decision_ref: Mapped[str | None] = mapped_column(String(200))  # 主席办公会议 文号
    decision_note: Mapped[str | None] = mapped_column(Text)  # the reason of a rejection
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_by_user_id: Mapped[int | None]
    grant_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_grants.id", ondelete="RESTRICT")
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
