"""Funding over JSON: a designation's grants, expenditures and audit findings; record, resolve."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.body_rules import required
from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.common import (
    CallerDep,
    CitedText,
    Id,
    IdPath,
    Inbound,
    Instant,
    Out,
    Page,
    PagingDep,
    Year,
    YuanText,
    found,
    today,
)
from api.v1.expenditure_changes import ExpenditureOut, StandingExpenditureOut
from api.v1.ledger_scope import ledger_write
from api.v1.schemas import AuditEntryOut, audit_page, listed
from lifecycle.funding import expenditures as spending
from lifecycle.funding.applications import (
    DecideApplication,
    FileApplication,
    decide_application,
    file_application,
)
from lifecycle.funding.audit import (
    NOTE_MAX,
    AuditReport,
    ResolveFinding,
    resolve_finding,
    run_audit,
)
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import DESCRIPTION_MAX, RecordExpenditure, record_expenditure
from lifecycle.funding.grant_changes import (
    CorrectGrant,
    GrantChanged,
    RecordPayment,
    VoidGrant,
    correct_grant,
    record_payment,
    void_grant,
)
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import ApplicationStatus, AuditFinding, FindingResolution
from lifecycle.funding.refund_queries import StandingRefund
from lifecycle.funding.refunds import Refund
from lifecycle.funding.vocab import FindingKind, GrantKind, ResolutionOutcome
from lifecycle.scope import Scope
from lifecycle.views.funding import resolved_by

router = APIRouter(tags=["funding"])


class GrantOut(Out):
    id: int
    designation_id: int
    kind: GrantKind
    paying_union_id: int
    approval_ref: str
    approved_on: date
    paid_on: date | None
    amount_fen: int
    achievement_id: int | None
    note: str | None
    entered_by: str
    created_at: Instant
    version: int
    correction_reason: str | None
    corrected_by: str | None
    voided: bool
    voided_on: date | None
    void_reason: str | None
    voided_by: str | None


class GrantChangedOut(BaseModel):
    grant: GrantOut
    findings_stored: int = Field(description="本次重新审计新增的审计发现条数")
    findings_superseded: list[int] = Field(description="因更正或作废而不再成立、已自动关闭的发现")

    @classmethod
    def of(cls, changed: GrantChanged) -> GrantChangedOut:
        return cls(
            grant=GrantOut.model_validate(changed.grant),
            findings_stored=changed.settled.stored,
            findings_superseded=list(changed.settled.closed),
        )


Ref = Annotated[str, Field(min_length=1, max_length=200, description="批准文号")]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
Yuan = Annotated[YuanText, Field(min_length=1, max_length=30, description="元，如 10,000.00")]


class GrantIn(Inbound):
    kind: GrantKind
    approval_ref: Ref
    approved_on: date
    paid_on: date | None = None
    amount_yuan: Yuan | None = Field(
        default=None, description="方案规定金额的一次性补贴可省略（乐山一次性奖励须填写）"
    )
    paying_union_id: Id | None = None
    achievement_id: Id | None = None
    note: Annotated[str | None, Field(default=None, max_length=2000)] = None


class CorrectionIn(Inbound):
    record_kind = "grant_correction"
    reason: Reason
    expected_version: Annotated[int | None, Field(default=None, ge=1)] = None
    approval_ref: Ref | None = None
    approved_on: date | None = None
    paid_on: date | None = None
    amount_yuan: Yuan | None = None
    paying_union_id: Id | None = None


class VoidIn(Inbound):
    record_kind = "grant_void"
    reason: Reason
    expected_version: Annotated[int | None, Field(default=None, ge=1)] = None


class PaymentIn(Inbound):
    paid_on: date
    expected_version: Annotated[int | None, Field(default=None, ge=1)] = None


class ApplicationOut(Out):
    id: int
    designation_id: int
    achievement_id: int
    year: int
    filed_on: date
    summary: str
    requested_fen: int | None
    filed_by: str
    status: ApplicationStatus
    decided_on: date | None
    decision_ref: str | None
    decision_note: str | None
    decided_by: str | None
    grant_id: int | None
    version: int


class ApplicationIn(Inbound):
    achievement_id: Id
    year: Annotated[Year, Field(description="年底备案的年度")]
    filed_on: date
    summary: Annotated[str, Field(min_length=1, max_length=5000, description="申请理由")]
    requested_yuan: Yuan | None = None


class DecisionIn(Inbound):
    record_kind = "support_decision"
    decision: Literal["approve", "reject"]
    decided_on: date
    expected_version: Annotated[int | None, Field(default=None, ge=1)] = None
    decision_ref: Ref | None = Field(default=None, description="主席办公会议审定文号（同意时必填）")
    amount_yuan: Yuan | None = Field(default=None, description="审定金额（同意时必填）")
    paid_on: date | None = None
    reason: Reason | None = Field(default=None, description="不予扶持的理由（不同意时必填）")


class ResolutionOut(Out):
    id: int
    finding_id: int
    outcome: ResolutionOutcome
    note: str
    resolved_on: date
    resolved_by: str
    resolved_by_user_id: int | None
    by_audit: bool = Field(
        description="true：审计发现不再成立或金额已变化，由系统自动关闭（非人员处理），"
        "resolved_by 为「系统自动关闭」，resolved_by_user_id 为空"
    )

    refund_fen: int | None = Field(
        default=None, description="处理结果为 refunded 时登记的退回金额（分）"
    )
    refunded_on: date | None = Field(default=None, description="退回日期")
    refund_ref: str | None = Field(default=None, description="退回凭证号")
    refund_id: int | None = Field(
        default=None, description="退回记录编号（更正或作废：POST /api/v1/refunds/{refund_id}/…）"
    )
    refund_version: int | None = Field(
        default=None, description="退回记录的版本号（更正或作废时作为 expected_version 提交）"
    )
    refund_voided_on: date | None = Field(
        default=None, description="退回记录作废的日期（作废后不再计入经费台帐）"
    )

    @classmethod
    def of(cls, r: FindingResolution, refund: StandingRefund | None = None) -> ResolutionOut:
        """The resolution as shown, with its refund as it stands (corrected values, voided
        or not): the audit's own closing names no person."""
        shown = cls.model_validate(r)
        if refund is not None:
            shown = shown.model_copy(
                update={
                    "refund_fen": refund.amount_fen,
                    "refunded_on": refund.refunded_on,
                    "refund_ref": refund.reference,
                    "refund_id": refund.id,
                    "refund_version": refund.version,
                    "refund_voided_on": refund.voided_on,
                }
            )
        if not r.by_audit:
            return shown
        return shown.model_copy(update={"resolved_by": resolved_by(r), "resolved_by_user_id": None})


class FindingOut(BaseModel):
    id: int
    designation_id: int
    kind: FindingKind
    found_on: date
    occurred_on: date
    amount_fen: int | None
    expenditure_id: int | None
    grant_id: int | None
    message: CitedText
    evidence: dict[str, Any]
    resolution: ResolutionOut | None


class ExpenditureIn(Inbound):
    record_kind = "expenditure"
    spent_on: date
    amount_yuan: Annotated[
        YuanText, Field(min_length=1, max_length=30, description="元，如 1,234.50")
    ]
    payee: Annotated[str, Field(min_length=1, max_length=200), required(spending.PAYEE)]
    category: ExpenditureCategory
    description: Annotated[
        str, Field(min_length=1, max_length=DESCRIPTION_MAX), required(spending.DESCRIPTION)
    ]
    receipt_ref: Annotated[str | None, Field(default=None, max_length=100)] = None


class ResolveIn(Inbound):
    record_kind = "finding_resolution"
    outcome: ResolutionOutcome
    note: Annotated[str, Field(min_length=1, max_length=NOTE_MAX)]
    resolved_on: date
    refund_yuan: Yuan | None = Field(
        default=None,
        description="退回拨款工会的金额（元，如 1,200.00）：处理结果为 refunded 时必填，"
        "不超过该审计发现所涉金额；其他处理结果不填",
    )
    refunded_on: date | None = Field(
        default=None, description="退回日期（处理结果为 refunded 时必填）"
    )
    refund_ref: Annotated[str | None, Field(default=None, max_length=100)] = Field(
        default=None, description="退回凭证号，如转账凭证或收据号（处理结果为 refunded 时必填）"
    )


# A missing record, or one outside the caller's scope, named by its path parameter, as the
# funding routes that write (``grants.record_grant``…) and the fund ledger name it.
_NO_DESIGNATION = ("命名记录不存在或不在可见范围内", "designation_id")


@router.get("/designations/{designation_id}/grants", response_model=Page[GrantOut])
def grants(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[GrantOut]:
    found(u.designations.get(designation_id, caller.scope), *_NO_DESIGNATION)
    rows = u.funding.grants_page(designation_id, paging.window)
    return listed(rows, GrantOut.model_validate, paging)


@ledger_write(router, "/designations/{designation_id}/grants", GrantOut, 201)
def new_grant(
    designation_id: IdPath, body: GrantIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> GrantOut:
    """Record a grant (one-off, matching or excellence support) [Y14][Y15][S10]."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = RecordGrant(designation_id, **body.model_dump())
        grant = record_grant(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return GrantOut.model_validate(grant)


@ledger_write(router, "/grants/{grant_id}/correction", GrantChangedOut)
def correct(
    grant_id: IdPath, body: CorrectionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> GrantChangedOut:
    """Correct 文号, dates, amount or paying union; the audit log keeps before and after."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = CorrectGrant(grant_id, **body.model_dump())
        changed = correct_grant(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return GrantChangedOut.of(changed)


@ledger_write(router, "/grants/{grant_id}/void", GrantChangedOut)
def void(
    grant_id: IdPath, body: VoidIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> GrantChangedOut:
    """Void a grant recorded in error: kept and shown as voided, no longer counted as received."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = VoidGrant(grant_id, **body.model_dump())
        changed = void_grant(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return GrantChangedOut.of(changed)


@ledger_write(router, "/grants/{grant_id}/payment", GrantChangedOut)
def payment(
    grant_id: IdPath, body: PaymentIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> GrantChangedOut:
    """Record the day an approved grant arrived (到账), once; a wrong date is corrected."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = RecordPayment(grant_id, **body.model_dump())
        changed = record_payment(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return GrantChangedOut.of(changed)


@router.get("/grants/{grant_id}/audit", response_model=Page[AuditEntryOut])
def grant_audit(
    grant_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    """Who recorded, corrected or voided the grant, with each amount before and after."""
    found(u.funding.get_grant(grant_id, caller.scope), "补贴记录不存在或不在可见范围内", "grant_id")
    return audit_page(u, "funding_grants", grant_id, paging)


@router.get(
    "/designations/{designation_id}/excellence-applications", response_model=Page[ApplicationOut]
)
def applications(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[ApplicationOut]:
    found(u.designations.get(designation_id, caller.scope), *_NO_DESIGNATION)
    rows = u.funding.applications_page(designation_id, paging.window)
    return listed(rows, ApplicationOut.model_validate, paging)


@ledger_write(router, "/designations/{designation_id}/excellence-applications", ApplicationOut, 201)
def new_application(
    designation_id: IdPath, body: ApplicationIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationOut:
    """Apply for excellence support for one achievement at the year-end filing [Y15]."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = FileApplication(designation_id, **body.model_dump())
        filed = file_application(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ApplicationOut.model_validate(filed)


@ledger_write(router, "/excellence-applications/{application_id}/decision", ApplicationOut)
def decide(
    application_id: IdPath, body: DecisionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationOut:
    """The 主席办公会议 decision: approve with 文号 and amount (the grant) or reject [Y15]."""
    actor = caller.principal.actor
    fields = body.model_dump(exclude={"decision"})
    with uow(actor) as u:
        cmd = DecideApplication(application_id, approve=body.decision == "approve", **fields)
        done = decide_application(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ApplicationOut.model_validate(done)


@router.get(
    "/designations/{designation_id}/expenditures", response_model=Page[StandingExpenditureOut]
)
def expenditures(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[StandingExpenditureOut]:
    """A page of the expenditures as they stand, voided ones too (``voided``), with their
    changes, by the date first recorded."""
    found(u.designations.get(designation_id, caller.scope), *_NO_DESIGNATION)
    rows = u.funding.expenditures_page(designation_id, paging.window)
    return listed(rows, StandingExpenditureOut.model_validate, paging)


@ledger_write(router, "/designations/{designation_id}/expenditures", ExpenditureOut, 201)
def new_expenditure(
    designation_id: IdPath, body: ExpenditureIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ExpenditureOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = RecordExpenditure(designation_id, **body.model_dump())
        stored = record_expenditure(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ExpenditureOut.model_validate(stored)


@router.get("/designations/{designation_id}/findings", response_model=Page[FindingOut])
def findings(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[FindingOut]:
    found(u.designations.get(designation_id, caller.scope), *_NO_DESIGNATION)
    # One query for every refund of the title, as it stands (voided ones too).
    refunds = {r.finding_id: r for r in u.funding.refunds_of(designation_id)}
    rows = u.funding.findings_page(designation_id, paging.window)
    return listed(rows, lambda row: _finding_out(row[0], row[1], refunds), paging)


def _finding_out(
    f: AuditFinding, r: FindingResolution | None, refunds: dict[int, StandingRefund]
) -> FindingOut:
    return FindingOut(
        id=f.id,
        designation_id=f.designation_id,
        kind=f.kind,
        found_on=f.found_on,
        occurred_on=f.occurred_on,
        amount_fen=f.amount_fen,
        expenditure_id=f.expenditure_id,
        grant_id=f.grant_id,
        message=f.message,
        evidence=f.evidence,
        resolution=ResolutionOut.of(r, refunds.get(f.id)) if r is not None else None,
    )


@ledger_write(router, "/findings/{finding_id}/resolution", ResolutionOut, 201)
def resolve(
    finding_id: IdPath, body: ResolveIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ResolutionOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        refund = Refund(body.refund_yuan, body.refunded_on, body.refund_ref)
        cmd = ResolveFinding(finding_id, body.outcome, body.note, body.resolved_on, refund)
        done = resolve_finding(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ResolutionOut.of(done, u.funding.refund_of(finding_id))


class AuditRunOut(Out):
    """What an audit of the caller's union subtree found, as of today."""

    as_of: date
    designations: int = Field(description="审计的有经费记录的命名数")
    present: int = Field(description="现有发现数")
    stored: int = Field(description="其中新增")
    closed: int = Field(description="不再成立而关闭的发现数")
    by_kind: dict[FindingKind, int]

    @classmethod
    def of(cls, report: AuditReport) -> AuditRunOut:
        return cls(
            as_of=report.as_of,
            designations=report.designations,
            present=report.present,
            stored=report.stored,
            closed=len(report.closed),
            by_kind={FindingKind(k): n for k, n in report.by_kind.items()},
        )


@router.post("/unions/{union_id}/funding-audit", response_model=AuditRunOut)
def audit_now(union_id: IdPath, caller: CallerDep, uow: UowDep, clock: ClockDep) -> AuditRunOut:
    """Audit now the money of every designation in a union's subtree inside the caller's own (the
    scheduler audits the whole registry daily): new findings stored, those no longer holding
    closed with a note [Y16][S10]."""
    actor = caller.principal.actor
    with uow(actor) as u:
        union = found(
            u.unions.get(union_id, caller.scope), "工会不存在或不在管辖范围内", "union_id"
        )
        scope = Scope.subtree(union.path)
        report = run_audit(u, as_of=today(clock), actor=actor, scope=scope)
        u.commit()
    return AuditRunOut.of(report)
