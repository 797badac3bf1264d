"""The 附件3 management change request and its append-only step log [C 三（六）][S9]."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.files.model import AttachedFile
from lifecycle.schemes import get_scheme


class ChangeReason(StrEnum):
    """申请原因 on 附件3: 领衔工匠已故、离职、退休或其他."""

    DECEASED = "deceased"
    LEFT = "left"
    RETIRED = "retired"
    OTHER = "other"


CHANGE_REASON_LABELS = {
    ChangeReason.DECEASED: "已故",
    ChangeReason.LEFT: "离职",
    ChangeReason.RETIRED: "退休",
    ChangeReason.OTHER: "其他",
}


class ChangeMeasure(StrEnum):
    """The measure proposed on 附件3 and decided by the city [C 三（六）]."""

    LEADER_CHANGE = "leader_change"  # 领衔人变更
    EXIT_KEEPING_TITLE = "exit_keeping_title"  # 退出管理序列，保留工作室称号
    REVOKE = "revoke"  # 退出管理序列，摘牌


CHANGE_MEASURE_LABELS = {
    ChangeMeasure.LEADER_CHANGE: "领衔人变更",
    ChangeMeasure.EXIT_KEEPING_TITLE: "退出管理序列（保留工作室称号）",
    ChangeMeasure.REVOKE: "退出管理序列（摘牌）",
}


class ChangeStep(StrEnum):
    """The three steps of 附件3: unit union opinion, district review, city office decision."""

    UNIT = "unit"  # 本单位工会意见
    DISTRICT = "district"  # 区局（产业）工会审核
    CITY = "city"  # the scheme's deciding body 审定 (``step_labels``)


CHANGE_STEP_LABELS = {
    ChangeStep.UNIT: "本单位工会意见",
    ChangeStep.DISTRICT: "区局（产业）工会审核",
    ChangeStep.CITY: "市创建命名办公室审定",
}


class ChangeRequestStatus(StrEnum):
    """Where a request stands; the first four are open (one open request per designation)."""

    PENDING_UNIT = "pending_unit"
    PENDING_DISTRICT = "pending_district"
    PENDING_CITY = "pending_city"
    RETURNED = "returned"  # sent back with reasons; the unit union amends and resubmits
    APPLIED = "applied"  # decided by the city and applied
    REJECTED = "rejected"  # the city did not agree
    WITHDRAWN = "withdrawn"
    # The title was lost by another decision (the city's 摘牌 on the annual 考核 [S9]): the
    # request decides nothing and is not worked on further.
    CLOSED = "closed"


CHANGE_STATUS_LABELS = {
    ChangeRequestStatus.PENDING_UNIT: "待本单位工会签署意见",
    ChangeRequestStatus.PENDING_DISTRICT: "待区局（产业）工会审核",
    ChangeRequestStatus.PENDING_CITY: "待市创建命名办公室审定",
    ChangeRequestStatus.RETURNED: "已退回，待修改后重新提交",
    ChangeRequestStatus.APPLIED: "已审定并执行",
    ChangeRequestStatus.REJECTED: "市创建命名办公室不同意",
    ChangeRequestStatus.WITHDRAWN: "已撤回",
    ChangeRequestStatus.CLOSED: "称号已摘牌，申请终止办理",
}


def step_labels(scheme_code: str) -> dict[ChangeStep, str]:
    """The steps as the title's scheme names them: the city step is its own deciding body's —
    the craftsman notice's 市创建命名办公室 [C 三（六）], 上海市总工会 for a 劳模 title [S9]."""
    decider = get_scheme(scheme_code).settings.change_decider
    return {**CHANGE_STEP_LABELS, ChangeStep.CITY: f"{decider}审定"}


def status_labels(scheme_code: str) -> dict[ChangeRequestStatus, str]:
    """The statuses as the title's scheme names its deciding body (``step_labels``)."""
    decider = get_scheme(scheme_code).settings.change_decider
    return {
        **CHANGE_STATUS_LABELS,
        ChangeRequestStatus.PENDING_CITY: f"待{decider}审定",
        ChangeRequestStatus.REJECTED: f"{decider}不同意",
    }


# Closed without a decision applied: the leader's case stays owed where the title lives on.
UNDECIDED_CHANGE_STATUSES = (
    ChangeRequestStatus.WITHDRAWN,
    ChangeRequestStatus.REJECTED,
    ChangeRequestStatus.CLOSED,
)

OPEN_CHANGE_STATUSES = (
    ChangeRequestStatus.PENDING_UNIT,
    ChangeRequestStatus.PENDING_DISTRICT,
    ChangeRequestStatus.PENDING_CITY,
    ChangeRequestStatus.RETURNED,
)

# The step each open status waits for (a returned request waits for the unit union again).
WAITING_STEP = {
    ChangeRequestStatus.PENDING_UNIT: ChangeStep.UNIT,
    ChangeRequestStatus.PENDING_DISTRICT: ChangeStep.DISTRICT,
    ChangeRequestStatus.PENDING_CITY: ChangeStep.CITY,
    ChangeRequestStatus.RETURNED: ChangeStep.UNIT,
}

_OPEN_SQL = "status IN ({})".format(", ".join(f"'{s.value}'" for s in OPEN_CHANGE_STATUSES))


class StepAction(StrEnum):
    """What one entry of the step log did."""

    FILED = "filed"
    APPROVED = "approved"
    SENT_BACK = "sent_back"
    REJECTED = "rejected"
    RESUBMITTED = "resubmitted"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"  # ended by the title's 摘牌 on the 考核 [S9]


STEP_ACTION_LABELS = {
    StepAction.FILED: "提交申请",
    StepAction.APPROVED: "同意",
    StepAction.SENT_BACK: "退回",
    StepAction.REJECTED: "不同意",
    StepAction.RESUBMITTED: "修改后重新提交",
    StepAction.WITHDRAWN: "撤回",
    StepAction.CLOSED: "终止办理",
}


class ChangeRequest(Base):
    """One 附件3 request; `version` guards concurrent decisions (optimistic locking)."""

    __tablename__ = "change_requests"
    __table_args__ = (
        # One open request per designation, enforced by the database on both backends.
        Index(
            "uq_change_requests_open_designation",
            "designation_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="RESTRICT"))
    reason: Mapped[ChangeReason] = mapped_column(str_enum(ChangeReason, 20))
    reason_details: Mapped[str] = mapped_column(Text)
    measure: Mapped[ChangeMeasure] = mapped_column(str_enum(ChangeMeasure, 30))
    old_leader_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    new_leader_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT")
    )
    new_leader_honours: Mapped[str | None] = mapped_column(String(300))  # as printed on 附件3
    leader_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("leader_events.id", ondelete="RESTRICT")
    )
    status: Mapped[ChangeRequestStatus] = mapped_column(str_enum(ChangeRequestStatus, 20))
    round: Mapped[int] = mapped_column(Integer, default=1)  # +1 on each resubmission
    waiting_since: Mapped[date]
    filed_on: Mapped[date]
    filed_by: Mapped[str] = mapped_column(String(100))
    unit_on: Mapped[date | None]
    unit_signer: Mapped[str | None] = mapped_column(String(100))
    unit_opinion: Mapped[str | None] = mapped_column(Text)
    district_on: Mapped[date | None]
    district_signer: Mapped[str | None] = mapped_column(String(100))
    district_opinion: Mapped[str | None] = mapped_column(Text)
    city_on: Mapped[date | None]
    city_signer: Mapped[str | None] = mapped_column(String(100))
    city_opinion: Mapped[str | None] = mapped_column(Text)
    decision_ref: Mapped[str | None] = mapped_column(String(200))
    returned_step: Mapped[ChangeStep | None] = mapped_column(str_enum(ChangeStep, 20))
    returned_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, onupdate=now_utc)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    # The stamped form and supporting documents, oldest first (``ChangeRequestAttachment``).
    attachments: Mapped[list[ChangeRequestAttachment]] = relationship(
        lazy="selectin", order_by="ChangeRequestAttachment.id", viewonly=True
    )

    @property
    def is_open(self) -> bool:
        """Whether the request still waits for a step."""
        return self.status in OPEN_CHANGE_STATUSES

    @property
    def waiting_step(self) -> ChangeStep | None:
        """The step the request waits for, None once closed."""
        return WAITING_STEP.get(self.status)


class ChangeRequestStep(Base):
    """One append-only entry of a request's log: who did what at which step, with what opinion."""

    __tablename__ = "change_request_steps"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    change_request_id: Mapped[int] = mapped_column(
        ForeignKey("change_requests.id", ondelete="RESTRICT"), index=True
    )
    designation_id: Mapped[int] = mapped_column(ForeignKey("designations.id", ondelete="RESTRICT"))
    step: Mapped[ChangeStep] = mapped_column(str_enum(ChangeStep, 20))
    action: Mapped[StepAction] = mapped_column(str_enum(StepAction, 20))
    acting_union_id: Mapped[int | None] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT")
    )
    decided_on: Mapped[date]
    signer: Mapped[str] = mapped_column(String(100))
    opinion: Mapped[str] = mapped_column(Text)
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class AttachmentKind(StrEnum):
    """What a file attached to 附件3 is: the form as signed and stamped, or a supporting proof."""

    SIGNED_FORM = "signed_form"
    DEATH_CERTIFICATE = "death_certificate"
    DEPARTURE_PROOF = "departure_proof"
    RETIREMENT_PROOF = "retirement_proof"
    OTHER = "other"
    DECISION_DOCUMENT = "decision_document"  # the deciding body's own, at or after its decision


ATTACHMENT_KIND_LABELS = {
    AttachmentKind.SIGNED_FORM: "签字盖章的管理变更申请表（附件3）扫描件",
    AttachmentKind.DEATH_CERTIFICATE: "死亡证明",
    AttachmentKind.DEPARTURE_PROOF: "离职证明",
    AttachmentKind.RETIREMENT_PROOF: "退休证明",
    AttachmentKind.OTHER: "其他证明材料",
    AttachmentKind.DECISION_DOCUMENT: "审定决定文件",
}


class ChangeRequestAttachment(AttachedFile, Base):
    """One file attached to a request (append-only): which kind, at which step, by which union."""

    __tablename__ = "change_request_attachments"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    change_request_id: Mapped[int] = mapped_column(
        ForeignKey("change_requests.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[AttachmentKind] = mapped_column(str_enum(AttachmentKind, 30))
    step: Mapped[ChangeStep] = mapped_column(str_enum(ChangeStep, 20))  # the step it waited for
    acting_union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
