"""Correcting (更正) and voiding (作废) a recorded expenditure; the audit follows [Y10][Y16].

The expenditure row stays as first reported (append-only): each change is a row of its own with
its reason and who made it (``model.ExpenditureChange``), so the 修改记录 keeps the original and
every change. A correction passes the same checks as recording; a void counts the expenditure
nowhere (``standing``). ``expected_version`` turns a lost race into ``ConflictError``, and the
database's unique (expenditure, version) refuses the race the check cannot see. Either way the
designation is audited again: findings that only the old values produced close themselves with
a note (``audit.audit_designation``), never deleted.

Who: the unit union that records the title's expenditures (工作室所在单位工会 keeps the
经费使用台账 [Y10], reports the use of the money [Y16]), its contact acting for it; finance staff
read and audit them but do not rewrite what was reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import NotAuthorised
from lifecycle.designations.model import Designation
from lifecycle.errors import ConflictError, FieldProblem, IntegrityConflict, NotFound, Problems
from lifecycle.funding.audit import AuditReport, audit_designation
from lifecycle.funding.expenditures import check_expenditure
from lifecycle.funding.model import ExpenditureChange, ExpenditureChangeKind
from lifecycle.funding.standing import StandingExpenditure
from lifecycle.money import format_fen
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import require_text
from lifecycle.vocab import Role

REASON_MAX = 2000


@dataclass(frozen=True)
class CorrectExpenditure:
    """New values of an expenditure; None keeps the value it has."""

    expenditure_id: int
    reason: str
    expected_version: int | None = None
    spent_on: date | None = None
    amount_yuan: str | None = None
    payee: str | None = None
    category: str | None = None
    description: str | None = None
    receipt_ref: str | None = None  # "" clears it


@dataclass(frozen=True)
class VoidExpenditure:
    """Cancel an expenditure recorded in error; it stays listed as voided."""

    expenditure_id: int
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class ExpenditureChanged:
    """The expenditure after the change and what the audit did about it."""

    expenditure: StandingExpenditure
    settled: AuditReport  # ``closed``: the findings no longer holding after the change


def expenditure_reason_problems(reason: str, *, void: bool) -> list[FieldProblem]:
    """更正原因 or 作废原因: required, within its length (for a form refused before the use case
    runs, so every bad field shows at once)."""
    problems = Problems()
    require_text(problems, "reason", reason, "作废原因" if void else "更正原因", REASON_MAX)
    return problems.items


def may_change_expenditures(unit_union_id: int, *, union_id: int | None, role: Role | None) -> bool:
    """Whether a user of ``union_id`` in ``role`` corrects and voids the title's expenditures:
    the contact of the workshop's unit union, which keeps its 经费使用台账 [Y10][Y16]."""
    return role is Role.UNIT_CONTACT and union_id == unit_union_id


def correct_expenditure(
    uow: UnitOfWork, cmd: CorrectExpenditure, *, actor: Actor, as_of: date, scope: Scope
) -> ExpenditureChanged:
    """Correct a live expenditure with the checks of recording it; the old values stay."""
    now, designation = _load(uow, cmd.expenditure_id, cmd.expected_version, scope, actor)
    problems = Problems(expenditure_reason_problems(cmd.reason, void=False))
    clean = check_expenditure(
        problems,
        spent_on=cmd.spent_on or now.spent_on,
        amount_yuan=cmd.amount_yuan
        if cmd.amount_yuan is not None and str(cmd.amount_yuan).strip()
        else format_fen(now.amount_fen),
        payee=cmd.payee if cmd.payee is not None else now.payee,
        category=cmd.category if cmd.category is not None else now.category.value,
        description=cmd.description if cmd.description is not None else now.description,
        receipt_ref=cmd.receipt_ref if cmd.receipt_ref is not None else now.receipt_ref,
        as_of=as_of,
        founded_on=designation.workshop.founded_on,
    )
    if clean is not None and not problems.items:
        same = (
            clean.spent_on, clean.amount_fen, clean.payee, clean.category, clean.description,
            clean.receipt_ref,
        ) == (
            now.spent_on, now.amount_fen, now.payee, now.category, now.description, now.receipt_ref
        )  # fmt: skip
        if same:
            problems.add("_form", "no_change", "没有需要更正的内容")
    problems.raise_if_any()
    assert clean is not None
    change = ExpenditureChange(
        kind=ExpenditureChangeKind.CORRECTION,
        spent_on=clean.spent_on,
        amount_fen=clean.amount_fen,
        payee=clean.payee,
        category=clean.category,
        description=clean.description,
        receipt_ref=clean.receipt_ref,
    )
    why = f"支出记录（{chinese_date(now.spent_on)} {now.payee}）更正：{cmd.reason.strip()}"
    return _store(uow, now, change, cmd.reason, actor=actor, as_of=as_of, scope=scope, why=why)


def void_expenditure(
    uow: UnitOfWork, cmd: VoidExpenditure, *, actor: Actor, as_of: date, scope: Scope
) -> ExpenditureChanged:
    """Void an expenditure: kept and shown as voided, counted nowhere."""
    now, _ = _load(uow, cmd.expenditure_id, cmd.expected_version, scope, actor)
    Problems(expenditure_reason_problems(cmd.reason, void=True)).raise_if_any()
    change = ExpenditureChange(kind=ExpenditureChangeKind.VOID)
    why = f"支出记录（{chinese_date(now.spent_on)} {now.payee}）作废：{cmd.reason.strip()}"
    return _store(uow, now, change, cmd.reason, actor=actor, as_of=as_of, scope=scope, why=why)


def _store(
    uow: UnitOfWork,
    now: StandingExpenditure,
    change: ExpenditureChange,
    reason: str,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
    why: str,
) -> ExpenditureChanged:
    change.expenditure_id = now.id
    change.version = now.version + 1
    change.reason = reason.strip()
    change.changed_on = as_of
    change.changed_by = actor.name
    change.changed_by_user_id = actor.user_id
    try:
        # A savepoint: a change committed meanwhile from the same version fails here, on the
        # unique (expenditure, version), refused as a stale version is.
        with uow.session.begin_nested():
            uow.funding.add_expenditure_change(change)
    except IntegrityConflict:
        raise _stale() from None
    settled = audit_designation(uow, now.designation_id, as_of=as_of, actor=actor, why=why)
    after = uow.funding.standing_expenditure(now.id, scope)
    assert after is not None
    return ExpenditureChanged(after, settled)


def _load(
    uow: UnitOfWork, expenditure_id: int, expected_version: int | None, scope: Scope, actor: Actor
) -> tuple[StandingExpenditure, Designation]:
    """The expenditure in scope as it stands, changed only by the unit union recording the
    title's expenditures (refused before anything else is checked)."""
    now = uow.funding.standing_expenditure(expenditure_id, scope)
    if now is None:
        raise NotFound("支出记录不存在或不在可见范围内", field="expenditure_id")
    designation = uow.designations.get(now.designation_id, scope=scope)
    assert designation is not None  # the expenditure's foreign key, in scope with it
    unit_union_id = designation.workshop.unit_union_id
    if not may_change_expenditures(unit_union_id, union_id=actor.union_id, role=actor.role):
        unit = uow.unions.get(unit_union_id, EVERYTHING)  # only its name, in the refusal
        name = unit.name if unit is not None else "工作室所在单位工会"
        article = get_scheme(designation.scheme_code).settings.earmark_article
        basis = f"（{article}）" if article else ""
        raise NotAuthorised(
            f"支出由工作室所在单位工会如实登记，其更正和作废须由{name}的联络人办理{basis}",
            field="actor",
            rule=article,
        )
    if now.voided:  # said first: a page read before the void has a stale version too
        assert now.voided_on is not None
        problems = Problems()
        problems.add("expenditure_id", "voided", f"该支出记录已于{chinese_date(now.voided_on)}作废")
        problems.raise_if_any()
    if expected_version is not None and expected_version != now.version:
        raise _stale()
    return now, designation


def _stale() -> ConflictError:
    """The version read is not the record's now: changed since, by anyone (the same user in
    another tab too), so the message names no one."""
    return ConflictError("该支出记录已在您打开后被修改，请刷新后重试", field="expected_version")
