"""Recording expenditures as reported; the audit, not a refusal, flags misuse [Y16][S10]."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.errors import Problems, ValidationFailed
from lifecycle.funding.audit import audit_designation
from lifecycle.funding.categories import ExpenditureCategory, category_from_text
from lifecycle.funding.model import Expenditure
from lifecycle.funding.plausible import implausible_amount
from lifecycle.money import parse_yuan
from lifecycle.plausible_dates import event_date_problems
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, written_number

PAYEE_MAX = 200
DESCRIPTION_MAX = 2000
# The required texts of an expenditure, as recording and correcting check them.
PAYEE = RequiredText("收款方", PAYEE_MAX)
DESCRIPTION = RequiredText("用途说明", DESCRIPTION_MAX)
RECEIPT_MAX = 100


@dataclass(frozen=True)
class RecordExpenditure:
    """One reported expenditure; the amount is yuan text ("1,234.50")."""

    designation_id: int
    spent_on: date
    amount_yuan: str
    payee: str
    category: ExpenditureCategory | str
    description: str
    receipt_ref: str | None = None


@dataclass(frozen=True)
class CleanExpenditure:
    """An expenditure whose every field passed its check."""

    spent_on: date
    amount_fen: int
    payee: str
    category: ExpenditureCategory
    description: str
    receipt_ref: str | None


def check_expenditure(
    problems: Problems,
    *,
    spent_on: date | None,
    amount_yuan: object,
    payee: str | None,
    category: str | None,
    description: str | None,
    receipt_ref: str | None,
    as_of: date,
    founded_on: date | None = None,
) -> CleanExpenditure | None:
    """Check every field (adding each problem under the field's name); the clean values or None.

    The date lies between the workshop's founding (``founded_on``; None: not known here, the
    earliest founding there can be) and today: spent after the title ended is still recorded,
    the audit finds it [Y16]."""
    before = len(problems.items)
    if spent_on is None:
        problems.add("spent_on", "required", "请填写支出日期")
    else:
        event_date_problems(
            problems, "spent_on", spent_on, "支出日期", as_of=as_of, founded_on=founded_on
        )
    amount = 0
    try:
        amount = parse_yuan(_amount_text(amount_yuan), field="amount_yuan")
        if amount == 0:
            problems.add("amount_yuan", "zero_amount", "金额必须大于零")
        elif (implausible := implausible_amount(amount, "amount_yuan")) is not None:
            problems.items.append(implausible)
    except ValidationFailed as err:
        problems.add("amount_yuan", err.code, err.message)
    PAYEE.check(problems, "payee", payee)
    chosen = category_from_text(category or "")
    if not (category or "").strip():  # left empty: asked for, not called "not a choice"
        problems.add("category", "required", "请选择支出类别")
    elif chosen is None:
        problems.add("category", "invalid_category", "支出类别不在可选范围内")
    DESCRIPTION.check(problems, "description", description)
    if receipt_ref is not None and len(receipt_ref.strip()) > RECEIPT_MAX:
        problems.add("receipt_ref", "too_long", f"票据号不能超过{RECEIPT_MAX}个字符")
    if len(problems.items) > before:
        return None
    assert spent_on is not None
    assert chosen is not None
    assert payee is not None
    assert description is not None
    return CleanExpenditure(
        spent_on=spent_on,
        amount_fen=amount,
        payee=payee.strip(),
        category=chosen,
        description=description.strip(),
        receipt_ref=(receipt_ref or "").strip() or None,
    )


def _amount_text(value: object) -> str:
    """Amount input as text for ``parse_yuan``; a float (a spreadsheet's number cell) as written:
    Excel's binary drift (0.30000000000000004) read as the fen it stands for, a real part below
    the fen (0.305) kept, so refused (``validation.written_number``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "?"
    if isinstance(value, float):
        return format(written_number(value), "f")
    return str(value)


def record_expenditure(
    uow: UnitOfWork,
    cmd: RecordExpenditure,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> Expenditure:
    """Store one expenditure as reported and audit its designation at once [Y16]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    problems = Problems()
    clean = check_expenditure(
        problems,
        spent_on=cmd.spent_on,
        amount_yuan=cmd.amount_yuan,
        payee=cmd.payee,
        category=str(cmd.category),
        description=cmd.description,
        receipt_ref=cmd.receipt_ref,
        as_of=as_of,
        founded_on=designation.workshop.founded_on,
    )
    problems.raise_if_any()
    assert clean is not None
    (stored,) = store_expenditures(uow, designation.id, [clean], actor=actor, as_of=as_of)
    return stored


def store_expenditures(
    uow: UnitOfWork,
    designation_id: int,
    rows: Sequence[CleanExpenditure],
    *,
    actor: Actor,
    as_of: date,
) -> Sequence[Expenditure]:
    """Write checked expenditures of one designation, then audit it once."""
    stored = uow.funding.add_expenditures(
        [
            Expenditure(
                designation_id=designation_id,
                spent_on=r.spent_on,
                amount_fen=r.amount_fen,
                payee=r.payee,
                category=r.category,
                description=r.description,
                receipt_ref=r.receipt_ref,
                entered_by=actor.name,
                entered_by_user_id=actor.user_id,
            )
            for r in rows
        ]
    )
    audit_designation(uow, designation_id, as_of=as_of, actor=actor)
    return stored
