"""The 考核 step form: unit union, then district union, then the city's 摘牌 decision [S9]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.changes import can_file
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    reading,
    redirect,
    render,
    today,
    unit_of_work,
)
from api.web.forms import parse_date, parse_int, parse_year, text, values
from api.web.ids import IdPath
from api.web.pages import designation_pages_query, title_page_back
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.assessments.service import (
    AssessmentStep,
    Step,
    record_step,
    step_field_problems,
)
from lifecycle.assessments.steps_done import lost_step
from lifecycle.errors import ConflictError, DomainError
from lifecycle.views.assessment import NoAssessment, assessment_form

router = APIRouter(route_class=HtmlRoute)

_FIELDS = {"designation_id": "_form", "expected_version": "_form", "step": "_form"}
# The form's inputs; a refusal on any other field (the year, the acting union) shows above it.
_INPUTS = ("passed", "decided_on", "signer", "opinion", "decision_ref")


def _page(
    request: Request,
    user: Principal,
    designation_id: int,
    year: int | None,
    *,
    form_values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    # Read in a transaction of its own: a refused post has ended its own before this runs.
    try:
        with reading(request) as uow:
            form = assessment_form(
                uow, designation_id, year, today(request), actor=user.actor, scope=user.read_scope
            )
    except NoAssessment as none:  # the page's answer, not a page that does not exist
        context = {
            "designation": none.designation,
            "message": none.message,
            "pages_query": designation_pages_query(request.query_params),
        }
        return render(request, "assessment_none.html", context, status_code=422 if errors else 200)
    # No verdict is chosen for the union: it must say 合格 or not itself.
    initial = {
        "decided_on": today(request).isoformat(),
        "expected_version": str(form.assessment.version) if form.assessment else "",
    }
    return render(
        request,
        "assessment_step.html",
        {
            "form": form,
            "may_file": can_file(user),  # the 附件3 form's link, only to those who file it
            "values": form_values or initial,
            "errors": errors or {},
            "today": today(request),
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        },
        status_code=422 if errors else 200,
    )


@router.get("/designations/{designation_id}/assessments/new", response_class=HTMLResponse)
def step_form(
    request: Request, user: UserDep, designation_id: IdPath, year: int | None = None
) -> HTMLResponse:
    """The step that is due for the year, with a form only for the union whose step it is."""
    require(user, Permission.READ)
    return _page(request, user, designation_id, year)


@router.post("/designations/{designation_id}/assessments")
def record(request: Request, user: UserDep, form: FormDep, designation_id: IdPath) -> Response:
    """Record the due step; a refusal shows the form again with what was typed."""
    require(user, Permission.ASSESSMENT_RECORD)
    errors: dict[str, str] = {}
    # The year is the one the page showed (hidden): a tampered one is said above the form.
    year = parse_year(form, "year", "考核年度", errors, required=True)
    if "year" in errors:
        errors["_form"] = errors.pop("year")
    decided_on = parse_date(form, "decided_on", "日期", errors)
    version = parse_int(form, "expected_version", "版本", errors)
    step_raw, passed_raw = text(form, "step"), text(form, "passed")
    if step_raw not in set(Step):
        errors["_form"] = "考核环节不正确，请刷新后重试"
    if passed_raw not in ("yes", "no"):
        errors["passed"] = "请选择考核结论"
    signer, opinion = text(form, "signer"), text(form, "opinion")
    decision_ref = text(form, "decision_ref") or None
    as_of = today(request)
    if errors or year is None or decided_on is None:
        revoking = step_raw == Step.CITY and passed_raw == "no"
        floor = None
        if year is not None:  # the date's floor of the step the form showed
            try:
                with reading(request) as uow:
                    due = assessment_form(
                        uow, designation_id, year, as_of, actor=user.actor, scope=user.read_scope
                    )
            except NoAssessment as none:  # no 考核 at all: said alone, not the typed fields
                return _page(request, user, designation_id, year, errors={"_form": none.message})
            floor = due.floor if due.step == step_raw else None
        typed = step_field_problems(
            signer, opinion, decided_on, as_of=as_of, revoking=revoking,
            decision_ref=decision_ref, floor=floor,
        )  # fmt: skip
        also_refused(errors, typed)
        return _page(request, user, designation_id, year, form_values=values(form), errors=errors)
    cmd = AssessmentStep(
        designation_id=designation_id,
        year=year,
        step=Step(step_raw),
        passed=passed_raw == "yes",
        decided_on=decided_on,
        signer=signer,
        opinion=opinion,
        decision_ref=decision_ref,
        expected_version=version,
    )
    shown: dict[str, str] = {}
    refused: DomainError | None = None
    with unit_of_work(request, user.actor) as uow:
        try:
            record_step(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)
            uow.commit()
        except DomainError as err:
            if err.http_status == 404:
                raise
            refused = err
    if refused is not None:
        if isinstance(refused, ConflictError) and refused.code != "step_already_done":
            # Both passed the version check at once, the database stopped this one: read again
            # and say who recorded the step, as a step posted after it is told.
            with reading(request) as again:
                refused = lost_step(again, cmd, scope=user.scope) or refused
        shown = form_errors(refused, _FIELDS, fields=_INPUTS)
    if shown:
        return _page(request, user, designation_id, year, form_values=values(form), errors=shown)
    return redirect(title_page_back(designation_id, request.query_params, "assessments"))
