"""Correcting (更正) and voiding (作废) a refund on the fund ledger page [Y16][S10] (33r)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, also_refused, reading, today
from api.web.finance import _ledger_action, _ledger_page
from api.web.forms import expected_version, parse_date, text, values
from api.web.ids import IdPath
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import NotFound
from lifecycle.funding.refund_changes import (
    CorrectRefund,
    VoidRefund,
    correct_refund,
    refund_reason_problems,
    void_refund,
)

router = APIRouter(route_class=HtmlRoute)

# Service field paths shown at the top of the form; the use case's names of the refund's fields
# are the resolution form's, as the page shows them.
CHANGE_FIELDS = {
    "refund_id": "_form",
    "expected_version": "_form",
    "actor": "_form",
    "outcome": "_form",
}


def _designation_of(request: Request, user: Principal, refund_id: int) -> int:
    """The designation of a refund in the caller's scope (else 404)."""
    with reading(request) as uow:
        now = uow.funding.standing_refund(refund_id)
        if now is None or uow.funding.get_finding(now.finding_id, user.scope) is None:
            raise NotFound("退回记录不存在或不在可见范围内", field="refund_id")
        return now.designation_id


@router.post("/finance/refunds/{refund_id}/correct")
def correct(request: Request, user: UserDep, form: FormDep, refund_id: IdPath) -> Response:
    """Correct a refund's amount, date or reference, with a reason; the first values stay."""
    require(user, Permission.FINDING_RESOLVE)
    designation_id = _designation_of(request, user, refund_id)
    name = f"refund-correct-{refund_id}"
    errors: dict[str, str] = {}
    refunded_on = parse_date(form, "refunded_on", "退回日期", errors)
    version = expected_version(form, errors)
    reason, amount, reference = (
        text(form, "reason"),
        text(form, "refund_yuan"),
        text(form, "refund_ref"),
    )
    if not amount:  # the form shows the amount: emptied is a mistake, not "keep it"
        errors["refund_yuan"] = "请填写退回金额（元）"
    if not reference:
        errors["refund_ref"] = "请填写退回凭证号"
    if errors or refunded_on is None:
        also_refused(errors, refund_reason_problems(reason, void=False))
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    cmd = CorrectRefund(
        refund_id, reason, expected_version=version, amount_yuan=amount, refunded_on=refunded_on,
        reference=reference,
    )  # fmt: skip
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="findings", fields=CHANGE_FIELDS,
        act=lambda uow: correct_refund(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip


@router.post("/finance/refunds/{refund_id}/void")
def void(request: Request, user: UserDep, form: FormDep, refund_id: IdPath) -> Response:
    """Void a refund recorded in error: it stays listed as voided, counted nowhere."""
    require(user, Permission.FINDING_RESOLVE)
    designation_id = _designation_of(request, user, refund_id)
    name = f"refund-void-{refund_id}"
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    reason = text(form, "reason")
    if errors:
        also_refused(errors, refund_reason_problems(reason, void=True))
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    cmd = VoidRefund(refund_id, reason, expected_version=version)
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="findings", fields=CHANGE_FIELDS,
        act=lambda uow: void_refund(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip
