"""Request and response models of the intake API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field

from api.body_rules import (
    INTAKE_WITHDRAWAL_REASON_RULE,
    SIGNER_RULE,
    STEP_OPINION_RULE,
    required,
)
from api.v1.common import CitedText, Id, Inbound, Instant, Out, Version, Year
from lifecycle.intake.calls import CALL_TITLE, TARGET_MAX
from lifecycle.intake.model import ApplicationStatus, BatchStatus
from lifecycle.intake.naming import NAMING_REF, NAMING_SIGNER
from lifecycle.intake.routes import Action
from lifecycle.intake.service import CONSENT_MAX

# 签署人 of a step, a withdrawal or a batch (100 characters, as its column and its rule).
Signer = Annotated[str, Field(min_length=1, max_length=100), SIGNER_RULE]


class CallIn(Inbound):
    record_kind = "call"
    scheme: Annotated[str, Field(min_length=1, max_length=40)]
    year: Year
    title: Annotated[str, Field(min_length=1, max_length=300), required(CALL_TITLE)]
    opens_on: date
    deadline: date
    target_count: Annotated[int | None, Field(default=None, ge=1, le=TARGET_MAX)] = None
    document_ref: Annotated[str | None, Field(default=None, max_length=200)] = None
    notes: Annotated[str | None, Field(default=None, max_length=5000)] = None
    naming_union_id: Id | None = None  # default: the caller's own union


class CallOut(Out):
    id: int
    scheme_code: str
    year: int
    title: str
    naming_union_id: int
    opens_on: date
    deadline: date
    target_count: int | None
    document_ref: str | None
    notes: str | None


class RecommenderOut(Out):
    id: int
    name: str


class CallDetailOut(CallOut):
    # The 社团 an application to the call may go through (recommender_union_id) [C 二（二）];
    # empty where the scheme's route has none.
    recommenders: list[RecommenderOut]


class ApplicationIn(Inbound):
    workshop_id: Id
    form: dict[str, Any] = Field(default_factory=dict)
    # The 社团 the unit applies through; none: its 区局（产业）工会 recommends it [C 二（二）].
    recommender_union_id: Id | None = None


class FormIn(Inbound):
    form: dict[str, Any]
    expected_version: Version = None


class SubmitIn(Inbound):
    expected_version: Version = None


class CountOut(BaseModel):
    name: str
    label: str
    count: int
    guide: int | None
    minimum: int | None
    maximum: int | None


class ApplicationOut(Out):
    id: int
    call_id: int
    scheme_code: str
    workshop_id: int
    unit_union_id: int
    recommender_union_id: int | None
    status: ApplicationStatus
    stage: str | None
    round: int
    form: dict[str, Any]
    submitted_on: date | None
    returned_stage: str | None
    returned_reason: str | None
    batch_id: int | None
    rank: int | None
    non_public: bool
    preference: int
    decision_id: int | None
    designation_id: int | None
    version: int


class VerdictOut(Out):
    rule: str = Field(description="规则代码")
    passed: bool = Field(description="是否符合")
    message: str = Field(description="结论及所依据的条款")


class HonourOut(Out):
    honour: str = Field(description="荣誉称号代码")
    label: str = Field(description="荣誉称号")
    year: int = Field(description="获得年份")


class LeaderOut(Out):
    person_id: int = Field(description="带头人的人员编号")
    name: str = Field(description="带头人姓名")
    employment_status: str = Field(description="在职状态")
    skill_level: str = Field(description="技能等级")
    honours: list[HonourOut] = Field(description="截至当日已获得的荣誉称号（劳模、工匠等，含年份）")
    verdicts: list[VerdictOut] = Field(description="本方案带头人条件在当日的结论")


class SourceTitleOut(Out):
    designation_id: int = Field(description="命名编号（记录）")
    title: str = Field(description="称号名称")
    scheme_name: str = Field(description="命名方案")
    number: str | None = Field(description="称号编号（如 杨浦 2023-015）")
    naming_date: date | None = Field(description="命名日期")
    status: str = Field(description="命名状态代码")
    status_label: str = Field(description="命名状态")
    accepted: bool = Field(description="当日是否可作为推荐来源（已命名并运行一年以上）")


class SourceOut(Out):
    titles: list[SourceTitleOut] = Field(description="本工作室的区局级命名")
    verdict: VerdictOut = Field(description="推荐来源条件在当日的结论")


class ApplicationDetail(BaseModel):
    application: ApplicationOut
    stage_label: str | None = Field(description="当前审核环节的名称")
    waiting_union_id: int | None = Field(description="当前须办理的工会")
    actions: list[Action] = Field(
        description="调用者现在可办理的意见（POST …/steps 的 action）：仅当轮到调用者所在工会"
        "办理、且其角色可办理审核环节时列出，否则为空"
    )
    counts: list[CountOut] = Field(description="申报表各文字栏目的字数")
    facts_as_of: date = Field(description="带头人和推荐来源情况的截至日期（当日）")
    leader: LeaderOut = Field(description="工作室带头人及其荣誉称号，和本方案带头人条件的结论")
    recommended_from: SourceOut | None = Field(
        description="推荐来源：本工作室的区局级命名（编号、命名日期、状态）及《上海市“劳模创新"
        "工作室”管理办法（修订）》第七条的结论；方案不要求推荐来源时为 null"
    )


class StepOut(Out):
    id: int
    round: int
    stage: str
    action: str
    acting_union_id: int | None
    decided_on: date
    signer: str
    opinion: str
    consent: str | None
    form_snapshot: dict[str, Any] | None
    actor_name: str
    recorded_at: Instant


class StepIn(Inbound):
    stage: Annotated[str, Field(min_length=1, max_length=40)]
    action: Action
    decided_on: date
    signer: Signer
    opinion: Annotated[str, Field(max_length=5000), STEP_OPINION_RULE] = ""
    consent: Annotated[str | None, Field(default=None, max_length=CONSENT_MAX)] = None
    expected_version: Version = None


class WithdrawIn(Inbound):
    """撤回: the applying unit's date, signer and reason (kept in the history)."""

    decided_on: date
    signer: Signer
    reason: Annotated[str, Field(min_length=1, max_length=5000), INTAKE_WITHDRAWAL_REASON_RULE]
    expected_version: Version = None


class BatchEntryIn(Inbound):
    rank: Annotated[int | None, Field(default=None, ge=1, le=1000)] = None


class CheckOut(BaseModel):
    rule: str
    article: str
    passed: bool
    message: CitedText


class BatchOut(BaseModel):
    id: int
    call_id: int
    union_id: int
    seq: int  # the union's 1st, 2nd… batch of the call: 2 and later are 补充推荐 (reading I7)
    label: str  # 推荐批次 / 补充推荐批次（第2批）
    status: BatchStatus
    submitted_on: date | None
    version: int
    application_ids: list[int]
    checks: list[CheckOut]


class BatchSubmitIn(Inbound):
    signer: Signer
    expected_version: Version = None


class NamingIn(Inbound):
    application_ids: Annotated[list[Id], Field(min_length=1, max_length=1000)]
    document_ref: Annotated[str, Field(min_length=1, max_length=200), required(NAMING_REF)]
    decided_on: date
    signer: Annotated[str, Field(min_length=1, max_length=100), required(NAMING_SIGNER)]
    grant_amount_yuan: Annotated[str | None, Field(default=None, max_length=20)] = None


class NamedOut(BaseModel):
    application_id: int
    designation_id: int
    number: str | None
    title: str
    naming_date: date | None
    grant_fen: int
    first_occasion_kind: str | None
    first_occasion_due_on: date | None


class NamingOut(BaseModel):
    decision_id: int
    document_ref: str
    named: list[NamedOut]


class AttachmentOut(BaseModel):
    id: int
    kind: str
    file_id: int
    filename: str
    content_type: str
    size_bytes: int
    uploaded_by: str


def attachment_out(a: Any, stored: Any) -> AttachmentOut:
    return AttachmentOut(
        id=a.id,
        kind=a.kind,
        file_id=stored.id,
        filename=stored.filename,
        content_type=stored.content_type,
        size_bytes=stored.size_bytes,
        uploaded_by=a.uploaded_by,
    )
