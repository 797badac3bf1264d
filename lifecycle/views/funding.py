"""Read models for finance staff: a designation's fund ledger and a union subtree's summary."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.funding import categories as spending
from lifecycle.funding.excellence import excellence_refusal, status_refusal
from lifecycle.funding.grant_refusal import ENDED, unnamed_refusal
from lifecycle.funding.model import (
    APPLICATION_STATUS_LABELS,
    ApplicationStatus,
    AuditFinding,
    FindingResolution,
    Grant,
)
from lifecycle.funding.payer import grant_article, paying_union_of
from lifecycle.funding.refund_queries import StandingRefund
from lifecycle.funding.refunds import REFUNDABLE
from lifecycle.funding.rules import ExpenditureFact, GrantFact, RefundFact, running_ledger
from lifecycle.funding.standing import StandingExpenditure
from lifecycle.funding.vocab import (
    CLOSED_BY_AUDIT_LABEL,
    RESOLUTION_OUTCOME_LABELS,
    GrantKind,
    grant_kind_label,
    one_off_recorded,
)
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import SchemeSettings
from lifecycle.schemes.words import designation_status_label
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus


@dataclass(frozen=True)
class FindingView:
    """A stored finding with its resolution, if any."""

    id: int
    designation_id: int
    kind: str
    kind_label: str
    occurred_on: date
    found_on: date
    amount_fen: int | None
    message: str
    evidence: dict[str, Any]
    found_by: str
    expenditure_id: int | None = None
    grant_id: int | None = None
    outcome: str | None = None
    outcome_label: str | None = None
    resolution_note: str | None = None
    resolved_on: date | None = None
    resolved_by: str | None = None
    closed_by_audit: bool = False  # closed by the audit itself, shown as 系统自动关闭
    refund_fen: int | None = None  # resolved 已退回: the money returned (33r), unless voided
    refund: StandingRefund | None = None  # that refund as it stands (corrected, voided or not)

    @property
    def open(self) -> bool:
        return self.outcome is None

    @property
    def refundable(self) -> bool:
        """Whether 已退回 may answer it: a finding about money the title received (33r)."""
        return self.kind in REFUNDABLE

    @property
    def dated_message(self) -> str:
        """The message after the date it is about, unless the message starts with that date (as
        Chinese text writes it; a finding stored before that, as 2024-02-19)."""
        day = chinese_date(self.occurred_on)
        if self.message.startswith((day, self.occurred_on.isoformat())):
            return self.message
        return f"{day} {self.message}"


@dataclass(frozen=True)
class LedgerLine:
    """One dated line of the fund ledger with the running balance."""

    on: date
    direction: str  # "received", "spent" or "refunded" (returned to the payer)
    item: str  # grant kind or expenditure category (Chinese)
    counterparty: str  # approval 文号 or payee
    description: str
    receipt_ref: str | None
    received_fen: int
    spent_fen: int
    balance_fen: int
    entered_by: str
    findings: tuple[str, ...] = ()  # labels of the findings on this line
    # The record of the line (an auditor's script ties the line to it): an expenditure's id and
    # version (the ``expected_version`` of a change), or a grant's id; and the latest
    # correction's reason and author, if corrected.
    expenditure_id: int | None = None
    version: int = 1
    correction_reason: str | None = None
    corrected_by: str | None = None
    grant_id: int | None = None
    refund_id: int | None = None  # a refund's line: the finding it answers
    finding_id: int | None = None


# The item of a refund's ledger line: money returned to the payer, counted as less received.
REFUND_ITEM = "退回经费"


@dataclass(frozen=True)
class GrantView:
    """A grant as recorded, live or voided, with what can still be done to it."""

    id: int
    kind: str
    kind_label: str
    approval_ref: str
    approved_on: date
    paid_on: date | None
    amount_fen: int
    paying_union_id: int
    achievement_id: int | None
    entered_by: str
    version: int
    correction_reason: str | None
    corrected_by: str | None
    voided_on: date | None
    void_reason: str | None
    voided_by: str | None
    article: str = ""  # the article granting it, e.g. [S10] (on the ledger)

    @property
    def voided(self) -> bool:
        return self.voided_on is not None


@dataclass(frozen=True)
class ApplicationView:
    """An excellence support application with its decision, if any [Y15]."""

    id: int
    achievement_id: int
    achievement_title: str
    year: int
    filed_on: date
    summary: str
    requested_fen: int | None
    filed_by: str
    status: str
    status_label: str
    decided_on: date | None
    decision_ref: str | None
    decision_note: str | None
    decided_by: str | None
    grant_id: int | None
    version: int
    approved_fen: int | None = None  # the amount the 主席办公会议 approved (its grant's)

    @property
    def pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING.value


@dataclass(frozen=True)
class DesignationLedger:
    """Per designation: money received and spent in date order, balance, findings [Y16][S10]."""

    designation_id: int
    title: str
    number: str | None
    scheme_name: str
    lines: tuple[LedgerLine, ...]
    received_fen: int
    spent_fen: int
    balance_fen: int
    pending_grants: tuple[tuple[str, str, int], ...]  # (kind label, 文号, fen) approved, unpaid
    findings: tuple[FindingView, ...]
    grants: tuple[GrantView, ...] = ()  # every grant, voided ones too (not counted above)
    # Every expenditure as it stands, voided ones too (those not counted above), with changes.
    expenditures: tuple[StandingExpenditure, ...] = ()
    unit_union_id: int | None = None  # the union recording (correcting) its expenditures [Y10]
    applications: tuple[ApplicationView, ...] = ()  # excellence support [Y15]
    open_achievements: tuple[tuple[int, str], ...] = ()  # (id, title) not yet applied for
    excellence_support: bool = False  # whether the scheme has excellence support at all [Y15]
    support_closed: str | None = None  # why the title may not apply now (not 已命名) [Y15]
    earmark_article: str | None = None  # the scheme's 专款专用 article, e.g. [Y16], [S10]
    earmark_rule: str = ""
    earmark_lists_uses: bool = False  # [Y16] lists the uses; others only ask 专款专用 (35a)
    # The kinds the 登记补贴 form offers: the one-off grant until one is recorded, and district
    # matching only where the scheme has it [S10]; excellence support is recorded by approving
    # its application [Y15].
    grant_kinds: tuple[tuple[str, str], ...] = ()
    no_grants: str | None = None  # why the title receives no grant at all (never named)
    one_off_recorded: str | None = None  # set once the one-off is recorded: no second [Y14][S10]
    # The scheme's word for its one-off money (乐山's 一次性奖励 [L 三]) and whether the scheme
    # fixes its amount (the form may then leave it blank [Y14][S10]).
    one_off_word: str = "一次性补贴"
    one_off_fixed: bool = False
    # The scheme's word for its money in the ledger's headings (补贴记录; 乐山's 奖励记录 [L 三]).
    grant_word: str = "补贴"
    # Where spending beyond the grants is the unit's own 专项经费, not a finding (乐山 [L]): the
    # article the page cites beside a negative balance (``SchemeSettings.overspending_is_finding``).
    own_funds_article: str | None = None
    # Who writes the money (reading 31a): the union paying each kind offered above and the
    # article, the district union deciding excellence support [Y15], and their names.
    kind_payers: tuple[tuple[str, int, str], ...] = ()  # (kind, paying union id, article)
    support_decider_id: int | None = None
    union_names: dict[int, str] = field(default_factory=dict)
    refunded_fen: int = 0  # returned to the payers (findings 已退回), already less in received
    # The title's standing, in its scheme's words (已撤牌 / 已摘牌 / 已退出管理序列（保留称号）…),
    # and the day an ended one ended: spending after it is a finding [Y16] (reading 30).
    status: DesignationStatus = DesignationStatus.NAMED
    status_label: str = ""
    ended_on: date | None = None

    @property
    def standing(self) -> str:
        """「已撤牌（2026年1月7日终止）」 for an ended title, else its status (「已命名」)."""
        if self.ended_on is None:
            return self.status_label
        return f"{self.status_label}（{chinese_date(self.ended_on)}终止）"


def outcome_label(resolution: FindingResolution) -> str:
    """The outcome shown: a person's (已说明…), or 系统自动关闭 for the audit's own closing."""
    if resolution.by_audit:
        return CLOSED_BY_AUDIT_LABEL
    return RESOLUTION_OUTCOME_LABELS[resolution.outcome]


def resolved_by(resolution: FindingResolution) -> str:
    """Who closed a finding: the person who resolved it, or 系统自动关闭 for the audit (not the
    user whose entry happened to set it off)."""
    return CLOSED_BY_AUDIT_LABEL if resolution.by_audit else resolution.resolved_by


def finding_view(finding: AuditFinding, resolution: FindingResolution | None) -> FindingView:
    """The read form of a stored finding."""
    return FindingView(
        id=finding.id,
        designation_id=finding.designation_id,
        kind=finding.kind.value,
        kind_label=spending.finding_kind_label(finding.kind, finding.evidence.get("article")),
        occurred_on=finding.occurred_on,
        found_on=finding.found_on,
        amount_fen=finding.amount_fen,
        message=finding.message,
        evidence=dict(finding.evidence),
        found_by=finding.found_by,
        expenditure_id=finding.expenditure_id,
        grant_id=finding.grant_id,
        outcome=None if resolution is None else resolution.outcome.value,
        outcome_label=None if resolution is None else outcome_label(resolution),
        resolution_note=None if resolution is None else resolution.note,
        resolved_on=None if resolution is None else resolution.resolved_on,
        resolved_by=None if resolution is None else resolved_by(resolution),
        closed_by_audit=resolution is not None and resolution.by_audit,
    )


def designation_ledger(uow: UnitOfWork, designation_id: int, *, scope: Scope) -> DesignationLedger:
    """The fund ledger of one designation in the caller's scope [Y10][Y16]."""
    designation = uow.designations.require(designation_id, scope)
    recorded = uow.funding.grants_of(designation.id)
    grants = {g.id: g for g in recorded if not g.voided}  # a voided grant was never received
    standing = uow.funding.expenditures_of(designation.id)
    spent = {e.id: e for e in standing if not e.voided}  # a voided one was never spent
    findings = [finding_view(f, r) for f, r in uow.funding.findings_of(designation.id)]
    # Money returned to the payer (a finding resolved 已退回): received money given back.
    standing_refunds = {r.finding_id: r for r in uow.funding.refunds_of(designation.id)}
    refunds = {r.id: r for r in standing_refunds.values() if not r.voided}  # voided: none
    findings = [_with_refund(f, standing_refunds.get(f.id)) for f in findings]
    settings = get_scheme(designation.scheme_code).settings
    on_expenditure: dict[int, list[str]] = {}
    on_grant: dict[int, list[str]] = {}
    for f in findings:
        if not f.open:  # a closed finding stays in the list of findings, off the line
            continue
        if f.expenditure_id is not None:
            on_expenditure.setdefault(f.expenditure_id, []).append(f.kind_label)
        elif f.grant_id is not None:
            on_grant.setdefault(f.grant_id, []).append(f.kind_label)
    steps = running_ledger(
        [GrantFact(g.id, g.kind, g.amount_fen, g.approved_on, g.paid_on) for g in grants.values()],
        [
            ExpenditureFact(e.id, e.spent_on, e.amount_fen, e.category, e.receipt_ref)
            for e in spent.values()
        ],
        [RefundFact(r.id, r.refunded_on, r.amount_fen) for r in refunds.values()],
    )
    lines = []
    for step in steps:
        if step.refund is not None:
            lines.append(_refund_line(refunds[step.refund.id], step.balance_fen))
        elif step.grant is not None:
            line = _grant_line(grants[step.grant.id], step.balance_fen, on_grant, settings)
            lines.append(line)
        elif step.expenditure is not None:
            e = spent[step.expenditure.id]
            lines.append(_expenditure_line(e, step.balance_fen, on_expenditure))
    received = sum(line.received_fen for line in lines)
    paid_out = sum(line.spent_fen for line in lines)
    amounts = {g.id: g.amount_fen for g in recorded}
    # The kinds still to record: the one-off once per title (``grants._check_one_off`` [Y14][S10]).
    one_off_open = uow.funding.one_off_grant(designation.id) is None
    # A title never named receives nothing (``rules.grant_refusal``): no form it would refuse.
    unnamed = unnamed_refusal(designation.status, designation.naming_date)
    kinds = [
        kind
        for kind in (GrantKind.ONE_OFF, GrantKind.MATCHING)
        if unnamed is None
        and (one_off_open if kind is GrantKind.ONE_OFF else settings.has_district_matching)
    ]
    return DesignationLedger(
        designation_id=designation.id,
        title=designation.title,
        number=designation.number,
        scheme_name=settings.name,
        lines=tuple(lines),
        received_fen=received,
        refunded_fen=sum(r.amount_fen for r in refunds.values()),
        spent_fen=paid_out,
        balance_fen=received - paid_out,
        pending_grants=tuple(
            (grant_kind_label(g.kind, settings), g.approval_ref, g.amount_fen)
            for g in grants.values()
            if g.paid_on is None
        ),
        findings=tuple(findings),
        expenditures=tuple(standing),
        unit_union_id=designation.workshop.unit_union_id,
        grants=tuple(
            replace(grant_view(g, settings), article=grant_article(designation, g.kind))
            for g in recorded
        ),
        excellence_support=settings.excellence_support,
        grant_kinds=tuple((kind.value, grant_kind_label(kind, settings)) for kind in kinds),
        no_grants=None if unnamed is None else unnamed.reason,
        one_off_recorded=None if one_off_open else one_off_recorded(settings),
        one_off_word=grant_kind_label(GrantKind.ONE_OFF, settings),
        one_off_fixed=settings.one_off_grant_fen is not None,
        grant_word=settings.grant_word,
        kind_payers=tuple(
            (k.value, paying_union_of(designation, k), grant_article(designation, k)) for k in kinds
        ),
        support_decider_id=designation.district_union_id,
        union_names=uow.unions.names(
            {g.paying_union_id for g in recorded}
            | {paying_union_of(designation, k) for k in kinds}
            | {designation.district_union_id}
        ),
        earmark_article=settings.earmark_article,
        own_funds_article=None if settings.overspending_is_finding else settings.earmark_article,
        earmark_rule=settings.earmark_rule,
        earmark_lists_uses=settings.earmark_lists_uses,
        status=designation.status,
        status_label=designation_status_label(designation.status, designation.scheme_code),
        ended_on=designation.ended_on if designation.status in ENDED else None,
        **(_excellence(uow, designation, amounts) if settings.excellence_support else {}),
    )


def _excellence(
    uow: UnitOfWork, designation: Designation, amounts: dict[int, int]
) -> dict[str, Any]:
    """The designation's applications (with the approved amount: its grant's) and its team's
    achievements still open to one: not yet put forward, and not dated before the naming [Y15]."""
    found = uow.ledgers.achievements_of(designation.workshop_id, scope=EVERYTHING)
    achievements = {a.id: a.title for a in found}
    applications = uow.funding.applications_of(designation.id)
    taken = {a.achievement_id for a in applications}
    taken |= {a for a in achievements if uow.funding.grant_for_achievement(a) is not None}
    naming = designation.naming_date
    taken |= {
        a.id for a in found if excellence_refusal(achieved_on=a.achieved_on, naming_date=naming)
    }
    closed = status_refusal(designation.status)  # as filing would refuse it [Y15]
    return {
        "support_closed": closed,
        "applications": tuple(
            ApplicationView(
                id=a.id,
                achievement_id=a.achievement_id,
                achievement_title=achievements.get(a.achievement_id, str(a.achievement_id)),
                year=a.year,
                filed_on=a.filed_on,
                summary=a.summary,
                requested_fen=a.requested_fen,
                filed_by=a.filed_by,
                status=a.status.value,
                status_label=APPLICATION_STATUS_LABELS[a.status],
                decided_on=a.decided_on,
                decision_ref=a.decision_ref,
                decision_note=a.decision_note,
                decided_by=a.decided_by,
                grant_id=a.grant_id,
                version=a.version,
                approved_fen=None if a.grant_id is None else amounts.get(a.grant_id),
            )
            for a in applications
        ),
        "open_achievements": ()
        if closed
        else tuple((aid, title) for aid, title in achievements.items() if aid not in taken),
    }


def grant_view(g: Grant, settings: SchemeSettings) -> GrantView:
    """The read form of a recorded grant to a title of the scheme ``settings``."""
    return GrantView(
        id=g.id,
        kind=g.kind.value,
        kind_label=grant_kind_label(g.kind, settings),
        approval_ref=g.approval_ref,
        approved_on=g.approved_on,
        paid_on=g.paid_on,
        amount_fen=g.amount_fen,
        paying_union_id=g.paying_union_id,
        achievement_id=g.achievement_id,
        entered_by=g.entered_by,
        version=g.version,
        correction_reason=g.correction_reason,
        corrected_by=g.corrected_by,
        voided_on=g.voided_on,
        void_reason=g.void_reason,
        voided_by=g.voided_by,
    )


def _grant_line(
    g: Grant, balance: int, on_grant: dict[int, list[str]], settings: SchemeSettings
) -> LedgerLine:
    assert g.paid_on is not None
    return LedgerLine(
        on=g.paid_on,
        direction="received",
        item=grant_kind_label(g.kind, settings),
        counterparty=g.approval_ref,
        description=g.note or "",
        receipt_ref=None,
        received_fen=g.amount_fen,
        spent_fen=0,
        balance_fen=balance,
        entered_by=g.entered_by,
        findings=tuple(on_grant.get(g.id, ())),
        correction_reason=g.correction_reason,
        corrected_by=g.corrected_by,
        grant_id=g.id,
    )


def _with_refund(f: FindingView, r: StandingRefund | None) -> FindingView:
    return replace(f, refund=r, refund_fen=r.amount_fen if r and not r.voided else None)


def _refund_line(r: StandingRefund, balance: int) -> LedgerLine:
    """Money returned to the union that paid it: less received, as the finance list counts it."""
    return LedgerLine(
        on=r.refunded_on,
        direction="refunded",
        item=REFUND_ITEM,
        counterparty=r.reference,
        description="审计发现处理结果为“已退回”，退回拨款工会",
        receipt_ref=None,
        received_fen=-r.amount_fen,
        spent_fen=0,
        balance_fen=balance,
        entered_by=r.recorded_by,
        refund_id=r.id,
        finding_id=r.finding_id,
    )


def _expenditure_line(
    e: StandingExpenditure, balance: int, on_expenditure: dict[int, list[str]]
) -> LedgerLine:
    return LedgerLine(
        on=e.spent_on,
        direction="spent",
        item=spending.CATEGORY_LABELS[e.category],
        counterparty=e.payee,
        description=e.description,
        receipt_ref=e.receipt_ref,
        received_fen=0,
        spent_fen=e.amount_fen,
        balance_fen=balance,
        entered_by=e.entered_by,
        findings=tuple(on_expenditure.get(e.id, ())),
        expenditure_id=e.id,
        version=e.version,
        correction_reason=e.correction_reason,
        corrected_by=e.corrected_by,
    )
