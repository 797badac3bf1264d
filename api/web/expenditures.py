"""Recording one expenditure on the fund ledger page, as reported; the audit flags misuse [Y16]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import TEMPLATES, HtmlRoute, also_refused, today
from api.web.finance import _ledger_action, _ledger_page  # the ledger page's one form runner
from api.web.forms import parse_date, text, values
from api.web.ids import IdPath
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import Problems
from lifecycle.funding.categories import (
    CATEGORY_LABELS,
    EARMARK_READING,
    LISTED_USES,
    forbidden_mark,
)
from lifecycle.funding.expenditures import RecordExpenditure, check_expenditure, record_expenditure

router = APIRouter(route_class=HtmlRoute)

# Every category can be chosen: what was spent is recorded as reported and the forbidden uses
# become audit findings; the label says so as the title's scheme does (``forbidden_mark``:
# 属禁止用途 only where its article lists them, [Y16]; reading 35a).
TEMPLATES.env.globals["expenditure_categories"] = [
    (
        c.value,
        label,
        {True: forbidden_mark(c, lists_uses=True), False: forbidden_mark(c, lists_uses=False)},
    )
    for c, label in CATEGORY_LABELS.items()
]
TEMPLATES.env.globals["earmark_reading"] = EARMARK_READING
TEMPLATES.env.globals["listed_uses"] = LISTED_USES


@router.post("/finance/designations/{designation_id}/expenditures")
def new_expenditure(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath
) -> Response:
    """Record one expenditure: date, amount, payee, category, use and receipt [Y16][S10]."""
    require(user, Permission.EXPENDITURE_WRITE)
    errors: dict[str, str] = {}
    spent_on = parse_date(form, "spent_on", "支出日期", errors)
    amount, payee, category = text(form, "amount_yuan"), text(form, "payee"), text(form, "category")
    description, receipt_ref = text(form, "description"), text(form, "receipt_ref") or None
    as_of = today(request)
    if errors or spent_on is None:
        typed = Problems()  # the other fields' problems too, so every bad field shows at once
        check_expenditure(
            typed, spent_on=None, amount_yuan=amount, payee=payee, category=category,
            description=description, receipt_ref=receipt_ref, as_of=as_of,
        )  # fmt: skip
        also_refused(errors, typed.items)
        return _ledger_page(
            request, user, designation_id, errors, form="spend", form_values=values(form)
        )
    cmd = RecordExpenditure(
        designation_id, spent_on, amount, payee, category, description, receipt_ref
    )
    return _ledger_action(
        request, user, designation_id, form, name="spend", anchor="ledger",
        fields={"designation_id": "_form"},
        act=lambda uow: record_expenditure(
            uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope
        ).id,
    )  # fmt: skip
