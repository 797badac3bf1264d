"""Correcting (更正) and voiding (作废) an expenditure on the fund ledger page [Y10][Y16]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import TEMPLATES, HtmlRoute, also_refused, reading, today
from api.web.finance import _ledger_action, _ledger_page
from api.web.forms import expected_version, parse_date, text, values
from api.web.ids import IdPath
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import NotFound, Problems
from lifecycle.funding.categories import CATEGORY_LABELS
from lifecycle.funding.expenditure_changes import (
    CorrectExpenditure,
    VoidExpenditure,
    correct_expenditure,
    expenditure_reason_problems,
    void_expenditure,
)
from lifecycle.funding.expenditures import check_expenditure

router = APIRouter(route_class=HtmlRoute)

TEMPLATES.env.globals["category_labels"] = {c.value: label for c, label in CATEGORY_LABELS.items()}

# Service field paths shown at the top of the form rather than beside a field.
CHANGE_FIELDS = {"expenditure_id": "_form", "expected_version": "_form", "actor": "_form"}


def _designation_of(request: Request, user: Principal, expenditure_id: int) -> int:
    """The designation of an expenditure in the caller's scope (else 404)."""
    with reading(request) as uow:
        found = uow.funding.get_expenditure(expenditure_id, user.scope)
        if found is None:
            raise NotFound("支出记录不存在或不在可见范围内", field="expenditure_id")
        return found.designation_id


@router.post("/finance/expenditures/{expenditure_id}/correct")
def correct(request: Request, user: UserDep, form: FormDep, expenditure_id: IdPath) -> Response:
    """Correct an expenditure's date, amount, payee, category, use or receipt, with a reason."""
    require(user, Permission.EXPENDITURE_WRITE)
    designation_id = _designation_of(request, user, expenditure_id)
    name = f"spend-correct-{expenditure_id}"
    errors: dict[str, str] = {}
    spent_on = parse_date(form, "spent_on", "支出日期", errors)
    version = expected_version(form, errors)
    reason, amount, payee = text(form, "reason"), text(form, "amount_yuan"), text(form, "payee")
    category, description = text(form, "category"), text(form, "description")
    receipt_ref, as_of = text(form, "receipt_ref"), today(request)
    if not amount:  # the form shows the amount: emptied is a mistake, not "keep it"
        errors["amount_yuan"] = "金额不能为空"
    if errors or spent_on is None:
        typed = Problems(expenditure_reason_problems(reason, void=False))
        # The typed date where it was one (else the form's own message stands beside it).
        check_expenditure(
            typed, spent_on=spent_on, amount_yuan=amount, payee=payee, category=category,
            description=description, receipt_ref=receipt_ref or None, as_of=as_of,
        )  # fmt: skip
        also_refused(errors, typed.items)
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    cmd = CorrectExpenditure(
        expenditure_id, reason, expected_version=version, spent_on=spent_on, amount_yuan=amount,
        payee=payee, category=category, description=description, receipt_ref=receipt_ref,
    )  # fmt: skip
    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="expenditures",
        fields=CHANGE_FIELDS,
        act=lambda uow: correct_expenditure(
            uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope
        ),
    )  # fmt: skip


@router.post("/finance/expenditures/{expenditure_id}/void")
def void(request: Request, user: UserDep, form: FormDep, expenditure_id: IdPath) -> Response:
    """Void an expenditure recorded in error: it stays listed as voided, counted nowhere."""
    require(user, Permission.EXPENDITURE_WRITE)
    designation_id = _designation_of(request, user, expenditure_id)
    name = f"spend-void-{expenditure_id}"
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    reason = text(form, "reason")
    if errors:
        also_refused(errors, expenditure_reason_problems(reason, void=True))
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    cmd = VoidExpenditure(expenditure_id, reason, expected_version=version)
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="expenditures",
        fields=CHANGE_FIELDS,
        act=lambda uow: void_expenditure(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip
