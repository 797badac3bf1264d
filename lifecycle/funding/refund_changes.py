"""Correcting (更正) and voiding (作废) a recorded refund; the audit follows [Y16][S10] (33r).

A refund recorded with a finding resolved 已退回 is append-only: a typo in its amount, date or
reference is put right by a change of its own (``model.FundingRefundChange``) with its reason,
who and when, so its 修改记录 keeps the refund as first recorded and every change. A
correction passes the checks of recording (not beyond the finding's amount, not before the
finding's day nor after today, a reference); a void counts it nowhere (the title holds the money
again), keeps it listed as voided and opens the finding again (the audit stores its next
occurrence while it holds: the 已退回 answered with money that never came back, reading 33v).
``expected_version`` turns a lost race into ``ConflictError``, the unique (refund, version) the
race the check cannot see. Either way the title is audited again. Who: the finance staff who
answer the finding (``audit``'s authority).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.errors import ConflictError, FieldProblem, IntegrityConflict, NotFound, Problems
from lifecycle.funding.audit import AuditReport, audit_designation, require_finding_answerer
from lifecycle.funding.model import AuditFinding, FundingRefundChange, RefundChangeKind
from lifecycle.funding.refund_queries import StandingRefund
from lifecycle.funding.refunds import Refund, refund_problems
from lifecycle.money import format_fen
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import require_text

REASON_MAX = 2000


@dataclass(frozen=True)
class CorrectRefund:
    """New values of a refund; None (or blank) keeps the value it has."""

    refund_id: int
    reason: str
    expected_version: int | None = None
    amount_yuan: str | None = None
    refunded_on: date | None = None
    reference: str | None = None


@dataclass(frozen=True)
class VoidRefund:
    """Cancel a refund recorded in error; it stays listed as voided."""

    refund_id: int
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class RefundChanged:
    """The refund after the change and what the audit did about it."""

    refund: StandingRefund
    settled: AuditReport
    # A void leaves the finding answered by no money: the audit opens it again (reading 33v).
    reopened_finding_id: int | None = None


def refund_reason_problems(reason: str, *, void: bool) -> list[FieldProblem]:
    """更正原因 or 作废原因: required, within its length."""
    problems = Problems()
    require_text(problems, "reason", reason, "作废原因" if void else "更正原因", REASON_MAX)
    return problems.items


def correct_refund(
    uow: UnitOfWork, cmd: CorrectRefund, *, actor: Actor, as_of: date, scope: Scope
) -> RefundChanged:
    """Correct a live refund with the checks of recording it; the old values stay."""
    now, finding = _load(uow, cmd.refund_id, cmd.expected_version, scope, actor)
    problems = Problems(refund_reason_problems(cmd.reason, void=False))
    typed = Refund(
        cmd.amount_yuan if (cmd.amount_yuan or "").strip() else format_fen(now.amount_fen),
        cmd.refunded_on or now.refunded_on,
        cmd.reference if (cmd.reference or "").strip() else now.reference,
    )
    fen = refund_problems(problems, finding, typed, as_of=as_of)
    assert typed.refunded_on is not None
    assert typed.reference is not None
    reference = typed.reference.strip()
    same = (fen, typed.refunded_on, reference) == (now.amount_fen, now.refunded_on, now.reference)
    if fen is not None and not problems.items and same:
        problems.add("_form", "no_change", "没有需要更正的内容")
    problems.raise_if_any()
    assert fen is not None
    change = FundingRefundChange(
        kind=RefundChangeKind.CORRECTION,
        amount_fen=fen,
        refunded_on=typed.refunded_on,
        reference=reference,
    )
    why = f"退回经费（{chinese_date(now.refunded_on)} {now.reference}）更正：{cmd.reason.strip()}"
    return _store(uow, now, change, cmd.reason, actor=actor, as_of=as_of, why=why)


def void_refund(
    uow: UnitOfWork, cmd: VoidRefund, *, actor: Actor, as_of: date, scope: Scope
) -> RefundChanged:
    """Void a refund: kept and shown as voided, counted nowhere."""
    now, finding = _load(uow, cmd.refund_id, cmd.expected_version, scope, actor)
    Problems(refund_reason_problems(cmd.reason, void=True)).raise_if_any()
    change = FundingRefundChange(
        kind=RefundChangeKind.VOID,
        amount_fen=now.amount_fen,
        refunded_on=now.refunded_on,
        reference=now.reference,
    )
    why = f"退回经费（{chinese_date(now.refunded_on)} {now.reference}）作废：{cmd.reason.strip()}"
    changed = _store(uow, now, change, cmd.reason, actor=actor, as_of=as_of, why=why)
    # No money came back: the 已退回 answered nothing, so the finding, if it still holds, is
    # open again as its key's next occurrence (``audit.occurrence_to_store``), stored above.
    return replace(changed, reopened_finding_id=uow.funding.open_recurrence(finding))


def _store(
    uow: UnitOfWork,
    now: StandingRefund,
    change: FundingRefundChange,
    reason: str,
    *,
    actor: Actor,
    as_of: date,
    why: str,
) -> RefundChanged:
    change.refund_id = now.id
    change.version = now.version + 1
    change.reason = reason.strip()
    change.changed_on = as_of
    change.changed_by = actor.name
    change.changed_by_user_id = actor.user_id
    try:
        with uow.session.begin_nested():  # a change made meanwhile from the same version
            uow.funding.add_refund_change(change)
    except IntegrityConflict:
        raise _stale() from None
    settled = audit_designation(uow, now.designation_id, as_of=as_of, actor=actor, why=why)
    after = uow.funding.standing_refund(now.id)
    assert after is not None
    return RefundChanged(after, settled)


def _load(
    uow: UnitOfWork, refund_id: int, expected_version: int | None, scope: Scope, actor: Actor
) -> tuple[StandingRefund, AuditFinding]:
    """The refund in scope as it stands, changed only by finance staff answering its finding
    (refused before anything else is checked)."""
    now = uow.funding.standing_refund(refund_id)
    finding = uow.funding.get_finding(now.finding_id, scope) if now is not None else None
    if now is None or finding is None:
        raise NotFound("退回记录不存在或不在可见范围内", field="refund_id")
    require_finding_answerer(uow, finding, actor=actor, scope=scope)
    if now.voided_on is not None:
        problems = Problems()
        problems.add("refund_id", "voided", f"该退回记录已于{chinese_date(now.voided_on)}作废")
        problems.raise_if_any()
    if expected_version is not None and expected_version != now.version:
        raise _stale()
    return now, finding


def _stale() -> ConflictError:
    return ConflictError("该退回记录已在您打开后被修改，请刷新后重试", field="expected_version")
