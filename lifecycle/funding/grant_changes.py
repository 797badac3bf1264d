"""A recorded grant's arrival, correction and void; the audit follows the money [Y14][Y15][S10].

A correction rewrites the grant in place: the audit log keeps before and after with the acting
user, ``version`` turns a lost race into ``ConflictError``. A void keeps the row (shown in the
ledger as voided, no longer counted as received). Either way the designation is audited again;
open findings that only the old money produced are closed with a note saying why
(``audit.audit_designation``), never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems
from lifecycle.funding.audit import AuditReport, audit_designation
from lifecycle.funding.grants import RecordGrant, check_fields
from lifecycle.funding.model import Grant
from lifecycle.funding.payer import require_payer
from lifecycle.money import format_fen
from lifecycle.schemes import get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text

REASON_MAX = 2000


@dataclass(frozen=True)
class CorrectGrant:
    """New values for a grant's 文号, dates, amount or paying union; None keeps the old value."""

    grant_id: int
    reason: str
    expected_version: int | None = None
    approval_ref: str | None = None
    approved_on: date | None = None
    paid_on: date | None = None
    amount_yuan: str | None = None
    paying_union_id: int | None = None


@dataclass(frozen=True)
class VoidGrant:
    """Cancel a grant recorded in error; it stays visible as voided."""

    grant_id: int
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordPayment:
    """The day a grant recorded as only approved arrived (到账)."""

    grant_id: int
    paid_on: date
    expected_version: int | None = None


@dataclass(frozen=True)
class GrantChanged:
    """The grant after the change and what the audit did about it."""

    grant: Grant
    settled: AuditReport  # ``closed``: the findings no longer holding after the change


def change_reason_problems(reason: str, *, void: bool) -> list[FieldProblem]:
    """Why a correction (更正原因) or a void (作废原因) is made: required, within its length. For
    a form refused before the use case runs (an unreadable date or version), so every bad field
    shows at once; a correction's 文号 and amount as ``grants.grant_field_problems``."""
    problems = Problems()
    require_text(problems, "reason", reason, "作废原因" if void else "更正原因", REASON_MAX)
    return problems.items


def correct_grant(
    uow: UnitOfWork, cmd: CorrectGrant, *, actor: Actor, as_of: date, scope: Scope
) -> GrantChanged:
    """Correct a live grant with the same checks as recording it; the old values stay logged."""
    grant, designation = _load(uow, cmd.grant_id, cmd.expected_version, scope, actor)
    merged = RecordGrant(
        designation_id=grant.designation_id,
        kind=grant.kind,
        approval_ref=cmd.approval_ref if cmd.approval_ref is not None else grant.approval_ref,
        approved_on=cmd.approved_on or grant.approved_on,
        paid_on=cmd.paid_on or grant.paid_on,
        amount_yuan=cmd.amount_yuan
        if cmd.amount_yuan is not None and str(cmd.amount_yuan).strip()
        else format_fen(grant.amount_fen),
        paying_union_id=cmd.paying_union_id or grant.paying_union_id,
    )
    problems = Problems(change_reason_problems(cmd.reason, void=False))
    amount, paying_union_id = check_fields(
        problems, uow, merged, grant.kind, designation, as_of=as_of
    )
    new = {
        "approval_ref": merged.approval_ref.strip(),
        "approved_on": merged.approved_on,
        "paid_on": merged.paid_on,
        "amount_fen": amount,
        "paying_union_id": paying_union_id,
    }
    if not problems.items and all(getattr(grant, k) == v for k, v in new.items()):
        problems.add("_form", "no_change", "没有需要更正的内容")
    problems.raise_if_any()
    if grant.paid_on is None and merged.paid_on is not None:
        grant.paid_recorded_on = as_of  # the day the service heard of the payment
    for key, value in new.items():
        setattr(grant, key, value)
    grant.correction_reason = cmd.reason.strip()
    grant.corrected_by = actor.name
    uow.flush()
    why = f"{_word(designation)}记录（{grant.approval_ref}）更正：{grant.correction_reason}"
    return GrantChanged(
        grant, audit_designation(uow, grant.designation_id, as_of=as_of, actor=actor, why=why)
    )


def void_grant(
    uow: UnitOfWork, cmd: VoidGrant, *, actor: Actor, as_of: date, scope: Scope
) -> GrantChanged:
    """Void a grant: kept and shown as voided, no longer received; a new one may follow."""
    grant, designation = _load(uow, cmd.grant_id, cmd.expected_version, scope, actor)
    Problems(change_reason_problems(cmd.reason, void=True)).raise_if_any()
    grant.voided_on = as_of
    grant.void_reason = cmd.reason.strip()
    grant.voided_by = actor.name
    grant.voided_by_user_id = actor.user_id
    uow.flush()
    why = f"{_word(designation)}记录（{grant.approval_ref}）作废：{grant.void_reason}"
    return GrantChanged(
        grant, audit_designation(uow, grant.designation_id, as_of=as_of, actor=actor, why=why)
    )


def record_payment(
    uow: UnitOfWork, cmd: RecordPayment, *, actor: Actor, as_of: date, scope: Scope
) -> GrantChanged:
    """Record the day an approved grant arrived, once: a paid date is corrected, not re-entered;
    the designation is audited again (the money now counts as received)."""
    grant, designation = _load(uow, cmd.grant_id, cmd.expected_version, scope, actor)
    word = _word(designation)
    problems = Problems()
    if grant.paid_on is not None:
        problems.add("paid_on", "already_paid", f"该笔{word}已于{chinese_date(grant.paid_on)}到账")
    not_after(problems, "paid_on", cmd.paid_on, as_of, "到账日期")
    if cmd.paid_on < grant.approved_on:
        problems.add(
            "paid_on",
            "before_approval",
            f"到账日期不能早于批准日期（{chinese_date(grant.approved_on)}）",
        )
    problems.raise_if_any()
    grant.paid_on = cmd.paid_on
    grant.paid_recorded_on = as_of  # the day the service heard of it (the matching arose)
    uow.flush()
    why = f"{word}记录（{grant.approval_ref}）到账登记"
    return GrantChanged(
        grant, audit_designation(uow, grant.designation_id, as_of=as_of, actor=actor, why=why)
    )


def _load(
    uow: UnitOfWork, grant_id: int, expected_version: int | None, scope: Scope, actor: Actor
) -> tuple[Grant, Designation]:
    """The grant in scope, changed only by finance staff of the union paying it [S10][Y14][Y15]
    (a user who may read it but not change it is refused before anything else is checked)."""
    grant = uow.funding.get_grant(grant_id, scope)
    if grant is None:
        raise NotFound("补贴记录不存在或不在可见范围内", field="grant_id")
    designation = uow.designations.get(grant.designation_id, scope=scope)
    assert designation is not None  # the grant's foreign key, in scope with it
    require_payer(uow, designation, grant.kind, grant.paying_union_id, actor)
    if grant.voided:  # said first: a page read before the void has a stale version too
        assert grant.voided_on is not None
        problems = Problems()
        word = _word(designation)
        problems.add("grant_id", "voided", f"该{word}记录已于{chinese_date(grant.voided_on)}作废")
        problems.raise_if_any()
    if expected_version is not None and expected_version != grant.version:
        raise ConflictError(
            f"该{_word(designation)}记录已在您打开后被修改，请刷新后重试", field="expected_version"
        )
    return grant, designation


def _word(designation: Designation) -> str:
    """What the title's scheme calls its money (补贴; 乐山's 奖励 [L 三])."""
    return get_scheme(designation.scheme_code).settings.grant_word
