"""Money in, on a designation's ledger page: grants recorded, corrected and voided
[Y14][S10]; excellence support applied for and decided [Y15]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, also_refused, reading, today
from api.web.finance import _ledger_action, _ledger_page
from api.web.forms import expected_version, parse_date, parse_int, parse_year, text, values
from api.web.ids import IdPath
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import NotFound
from lifecycle.funding.applications import (
    DecideApplication,
    FileApplication,
    achievement_problems,
    application_field_problems,
    decide_application,
    decision_field_problems,
    file_application,
)
from lifecycle.funding.grant_changes import (
    CorrectGrant,
    RecordPayment,
    VoidGrant,
    change_reason_problems,
    correct_grant,
    record_payment,
    void_grant,
)
from lifecycle.funding.grants import RecordGrant, grant_field_problems, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.schemes import get_scheme
from lifecycle.uow import UnitOfWork

router = APIRouter(route_class=HtmlRoute)

# Form names of the grant forms beside the service's field paths.
GRANT_FIELDS = {"grant_id": "_form", "expected_version": "_form", "designation_id": "_form"}


@router.post("/finance/designations/{designation_id}/grants")
def new_grant(request: Request, user: UserDep, form: FormDep, designation_id: IdPath) -> Response:
    """Record a grant: one-off or district matching [Y14][S10] (excellence support [Y15] is
    recorded by approving its application; the service refuses it here)."""
    require(user, Permission.FUNDING_MANAGE)
    errors: dict[str, str] = {}
    approved_on = parse_date(form, "approved_on", "批准日期", errors)
    paid_on = parse_date(form, "paid_on", "到账日期", errors) if text(form, "paid_on") else None
    kind = text(form, "kind")
    if kind not in set(GrantKind):
        errors["kind"] = f"请选择{_grant_word(request, user, designation_id)}类别"
    ref, amount, note = text(form, "approval_ref"), text(form, "amount_yuan"), text(form, "note")
    if errors or approved_on is None:
        also_refused(errors, grant_field_problems(ref, amount or None, note or None))
        return _ledger_page(
            request, user, designation_id, errors, form="new", form_values=values(form)
        )
    cmd = RecordGrant(
        designation_id,
        GrantKind(kind),
        ref,
        approved_on,
        paid_on,
        amount_yuan=amount or None,
        note=note or None,
    )
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name="new", anchor="grants",
        fields={"designation_id": "_form"},
        act=lambda uow: record_grant(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip


def _grant_word(request: Request, user: Principal, designation_id: int) -> str:
    """What the title's scheme calls its money (补贴; 乐山's 奖励 [L 三]), for a refusal made
    before the use case reads the title."""
    with reading(request) as uow:
        designation = uow.designations.require(designation_id, user.read_scope)
        return get_scheme(designation.scheme_code).settings.grant_word


def _grant_designation(request: Request, user: Principal, grant_id: int) -> int:
    """The designation of a grant in the caller's scope (else 404)."""
    with reading(request) as uow:
        grant = uow.funding.get_grant(grant_id, user.scope)
        if grant is None:
            raise NotFound("补贴记录不存在或不在可见范围内", field="grant_id")
        return grant.designation_id


@router.post("/finance/grants/{grant_id}/correct")
def correct(request: Request, user: UserDep, form: FormDep, grant_id: IdPath) -> Response:
    """Correct a grant's 文号, dates or amount; the audit log keeps the old values."""
    require(user, Permission.FUNDING_MANAGE)
    designation_id = _grant_designation(request, user, grant_id)
    errors: dict[str, str] = {}
    approved_on = parse_date(form, "approved_on", "批准日期", errors)
    paid_on = parse_date(form, "paid_on", "到账日期", errors) if text(form, "paid_on") else None
    version = expected_version(form, errors)
    reason, ref = text(form, "reason"), text(form, "approval_ref")
    amount = text(form, "amount_yuan")
    if errors:
        typed = change_reason_problems(reason, void=False)
        typed += grant_field_problems(ref, amount or None, None)
        also_refused(errors, typed)
        return _ledger_page(
            request, user, designation_id, errors, form=f"correct-{grant_id}",
            form_values=values(form),
        )  # fmt: skip
    cmd = CorrectGrant(
        grant_id,
        reason,
        expected_version=version,
        approval_ref=ref,
        approved_on=approved_on,
        paid_on=paid_on,
        amount_yuan=amount,
    )
    return _change(request, user, designation_id, name=f"correct-{grant_id}", form=form, cmd=cmd)


@router.post("/finance/grants/{grant_id}/payment")
def payment(request: Request, user: UserDep, form: FormDep, grant_id: IdPath) -> Response:
    """Record the day an approved grant arrived (到账)."""
    require(user, Permission.FUNDING_MANAGE)
    designation_id = _grant_designation(request, user, grant_id)
    errors: dict[str, str] = {}
    paid_on = parse_date(form, "paid_on", "到账日期", errors)
    version = expected_version(form, errors)
    name = f"pay-{grant_id}"
    if errors or paid_on is None:
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    cmd = RecordPayment(grant_id, paid_on, expected_version=version)
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="grants", fields=GRANT_FIELDS,
        act=lambda uow: record_payment(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip


@router.post("/finance/grants/{grant_id}/void")
def void(request: Request, user: UserDep, form: FormDep, grant_id: IdPath) -> Response:
    """Void a grant recorded in error: it stays in the ledger as voided."""
    require(user, Permission.FUNDING_MANAGE)
    designation_id = _grant_designation(request, user, grant_id)
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    reason = text(form, "reason")
    if errors:
        also_refused(errors, change_reason_problems(reason, void=True))
    cmd = VoidGrant(grant_id, reason, expected_version=version)
    name = f"void-{grant_id}"
    return _change(request, user, designation_id, name=name, form=form, cmd=cmd, errors=errors)


def _change(
    request: Request,
    user: Principal,
    designation_id: int,
    *,
    name: str,
    form: FormData,
    cmd: CorrectGrant | VoidGrant,
    errors: dict[str, str] | None = None,
) -> Response:
    if errors:
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    as_of = today(request)

    def act(uow: UnitOfWork) -> object:
        if isinstance(cmd, CorrectGrant):
            return correct_grant(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)
        return void_grant(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)

    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="grants", fields=GRANT_FIELDS,
        act=act,
    )  # fmt: skip


@router.post("/finance/designations/{designation_id}/applications")
def apply(request: Request, user: UserDep, form: FormDep, designation_id: IdPath) -> Response:
    """File an excellence support application for one achievement [Y15]."""
    require(user, Permission.FILING_SUBMIT)
    errors: dict[str, str] = {}
    achievement_id = parse_int(form, "achievement_id", "创新成果", errors, required=True)
    year = parse_year(form, "year", "备案年度", errors, required=True)
    filed_on = parse_date(form, "filed_on", "申请日期", errors)
    summary, requested = text(form, "summary"), text(form, "requested_yuan") or None
    as_of = today(request)
    if errors or achievement_id is None or year is None or filed_on is None:
        typed = application_field_problems(year, filed_on, summary, requested, as_of=as_of)
        if achievement_id is not None:  # a chosen achievement is checked with the rest
            with reading(request) as uow:
                designation = uow.designations.require(designation_id, user.scope)
                typed += achievement_problems(
                    uow, designation, achievement_id, year=year, filed_on=filed_on,
                    scope=user.scope,
                )  # fmt: skip
        also_refused(errors, typed)
        return _ledger_page(
            request, user, designation_id, errors, form="apply", form_values=values(form)
        )
    cmd = FileApplication(
        designation_id, achievement_id, year, filed_on, summary, requested_yuan=requested
    )
    return _ledger_action(
        request, user, designation_id, form, name="apply", anchor="applications",
        fields={"designation_id": "_form"},
        act=lambda uow: file_application(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip


@router.post("/finance/applications/{application_id}/decide")
def decide(request: Request, user: UserDep, form: FormDep, application_id: IdPath) -> Response:
    """Record the 主席办公会议 decision: approve (文号, amount → grant) or reject (reason)."""
    require(user, Permission.FUNDING_MANAGE)
    with reading(request) as uow:
        application = uow.funding.get_application(application_id, user.scope)
        if application is None:
            raise NotFound("扶持申请不存在或不在可见范围内", field="application_id")
        designation_id = application.designation_id
    name = f"decide-{application_id}"
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "decided_on", "审定日期", errors)
    paid_on = parse_date(form, "paid_on", "到账日期", errors) if text(form, "paid_on") else None
    version = expected_version(form, errors)
    decision = text(form, "decision")
    if decision not in ("approve", "reject"):
        errors["_form"] = "请选择同意扶持或不予扶持"
    ref, amount = text(form, "decision_ref") or None, text(form, "amount_yuan") or None
    reason, as_of = text(form, "reason") or None, today(request)
    if errors or decided_on is None:
        approve = decision == "approve" if decision in ("approve", "reject") else None
        typed = decision_field_problems(approve, decided_on, ref, amount, reason, as_of=as_of)
        also_refused(errors, typed)
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    cmd = DecideApplication(
        application_id,
        approve=decision == "approve",
        decided_on=decided_on,
        expected_version=version,
        decision_ref=ref,
        amount_yuan=amount,
        paid_on=paid_on,
        reason=reason,
    )
    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="applications",
        fields={"application_id": "_form", "expected_version": "_form"},
        act=lambda uow: decide_application(
            uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope
        ),
    )  # fmt: skip
