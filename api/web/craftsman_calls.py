"""上海工匠 call pages [G]: the city opens a year, registers local selections and findings."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import TITLE_CITY_ONLY, FormDep, UserDep, require
from api.web.core import HtmlRoute, also_refused, form_errors, reading, redirect, render, today
from api.web.craftsman_title import selection_view
from api.web.forms import parse_date, parse_int, parse_number_of, parse_year, text, values
from api.web.ids import IdPath
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.craftsman_title import findings, local_selection, survey
from lifecycle.craftsman_title import service as svc
from lifecycle.errors import ValidationFailed
from lifecycle.money import parse_yuan

router = APIRouter(route_class=HtmlRoute, dependencies=TITLE_CITY_ONLY)


def _selections(
    request: Request,
    user: Principal,
    *,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        items = list(svc.repo(uow).selections())
        day = today(request)
        # The notice's dates of this year, or of the next once this year's have passed [G] 五（四）.
        year = day.year if (day.month, day.day) <= (7, 15) else day.year + 1
        defaults = {
            "year": str(year),
            "self_opens": f"{year}-06-12",
            "self_closes": f"{year}-07-15",
            "union_deadline": f"{year}-07-15",
        }
        context = {
            "items": items,
            # Only 上海市总工会 opens the call; another city's unions take no part in it [G] 一.
            "may_open": svc.may_open_selection(uow, user.scope),
            "errors": errors or {},
            "values": defaults | (form_values or {}),
        }
        code = status_code or (422 if errors else 200)
        return render(request, "craftsman_title/selections.html", context, status_code=code)


@router.get("/craftsman-selections", response_class=HTMLResponse)
def selections(request: Request, user: UserDep) -> HTMLResponse:
    """Every year's call; the latest first; the city opens the next one here."""
    require(user, Permission.READ)
    return _selections(request, user)


@router.post("/craftsman-selections")
def open_post(request: Request, user: UserDep, form: FormDep) -> Response:
    """The city opens a year's call with its dates [G] 二（三）、五（四）."""
    require(user, Permission.CRAFTSMAN_MANAGE)
    errors: dict[str, str] = {}
    year = parse_year(form, "year", "年度", errors, required=True)
    dates = [
        parse_date(form, name, label, errors)
        for name, label in (
            ("self_opens", "个人自荐开始日期"),
            ("self_closes", "个人自荐截止日期"),
            ("union_deadline", "工会及社团申报截止日期"),
        )
    ]
    if errors or year is None or None in dates:
        also_refused(errors, svc.selection_field_problems(year, *dates, as_of=today(request)))
        return _selections(request, user, errors=errors, form_values=values(form))
    opens, closes, deadline = (d for d in dates if d is not None)
    cmd = svc.OpenSelection(year, opens, closes, deadline)
    outcome = submit(
        request,
        user.actor,
        lambda uow: svc.open_selection(uow, cmd, scope=user.scope, as_of=today(request)).id,
    )
    if isinstance(outcome, Refused):
        return _selections(
            request, user, errors=form_errors(outcome.error), form_values=values(form)
        )
    return redirect(f"/craftsman-selections/{outcome}")


# The local-selection form's own inputs (a city officer's also names the association, union_id).
_LOCAL_FIELDS = frozenset(
    {"participants", "local_craftsmen", "since_year", "subordinate_selections", "average_income"}
)


@router.post("/craftsman-selections/{selection_id}/local-selections")
def local_post(request: Request, user: UserDep, form: FormDep, selection_id: IdPath) -> Response:
    """A district union (its own) or, for the city, an association ran a local selection."""
    require(user, Permission.CRAFTSMAN_REVIEW)
    errors: dict[str, str] = {}
    # An unreadable count is named as such, not compared with the other (None to the checks).
    typed_participants = parse_int(form, "participants", "活动参与人数", errors, rule_bounded=True)
    typed_local = parse_int(
        form, "local_craftsmen", "本地区工匠选树人数", errors, rule_bounded=True
    )
    participants, local = typed_participants or 0, typed_local or 0
    counts = {
        "participants": participants if "participants" not in errors else None,
        "local_craftsmen": local if "local_craftsmen" not in errors else None,
    }
    since = parse_year(form, "since_year", "开展年份", errors)
    body = parse_int(form, "union_id", "社团", errors)
    income: int | None = None
    if text(form, "average_income"):
        try:
            income = parse_yuan(text(form, "average_income"), "average_income")
        except ValidationFailed as err:
            errors["average_income"] = survey.amount_refusal(err, local_selection.INCOME_LABEL)
    if errors:
        with reading(request) as uow:
            year = svc.get_selection(uow, selection_id).year
        also_refused(errors, local_selection.local_field_problems(year, since, income, **counts))
        return selection_view(request, user, selection_id, errors=errors, form_values=values(form))
    cmd = local_selection.RecordLocal(
        selection_id,
        union_id=body or user.union_id,
        participants=participants,
        local_craftsmen=local,
        since_year=since,
        subordinate_selections=form.get("subordinate_selections") == "on",
        average_income_fen=income,
    )
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            local_selection.record_local_selection(
                uow, cmd, recording_union_id=user.union_id, scope=user.scope
            ).id
        ),
    )
    if isinstance(outcome, Refused):
        # A district officer's form has no 社团 choice: a refusal of its own record (already
        # recorded this year) is said above the form, not lost on a field it does not show.
        shown = _LOCAL_FIELDS | ({"union_id"} if user.can(Permission.CRAFTSMAN_MANAGE) else set())
        return selection_view(
            request,
            user,
            selection_id,
            errors=form_errors(
                outcome.error, {"average_income_fen": "average_income"}, fields=shown
            ),
            form_values=values(form),
        )
    return redirect(f"/craftsman-selections/{selection_id}")


# The finding form's names for the use case's subjects (the same page's local form has union_id).
_FINDING_FIELDS = {"person_id": "finding_person_id", "unit_union_id": "finding_unit_union_id"}


@router.post("/craftsman-selections/{selection_id}/false-declarations")
def finding_post(request: Request, user: UserDep, form: FormDep, selection_id: IdPath) -> Response:
    """瞒报、虚报 found: disqualified at once and barred 3 years [G] 五（三）."""
    require(user, Permission.CRAFTSMAN_MANAGE)
    errors: dict[str, str] = {}
    on = today(request)
    found_on = parse_date(form, "found_on", "认定日期", errors)
    person_id = parse_number_of(
        form, "finding_person_id", "申报人（人员编号）", errors, missing=findings.NO_PERSON
    )
    unit_id = parse_number_of(
        form, "finding_unit_union_id", "推荐单位（工会编号）", errors, missing=findings.NO_UNIT
    )
    reason = text(form, "reason")
    if errors or found_on is None:
        given = (bool(text(form, "finding_person_id")), bool(text(form, "finding_unit_union_id")))
        every = findings.finding_field_problems(*given, reason, found_on=found_on, as_of=on)
        for problem in every:  # every bad field at once
            errors.setdefault(_FINDING_FIELDS.get(problem.field, problem.field), problem.message)
        return selection_view(request, user, selection_id, errors=errors, form_values=values(form))
    cmd = findings.RecordFinding(found_on, reason, person_id, unit_id)
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            findings.record_false_declaration(
                uow, cmd, actor=user.actor, as_of=on, scope=user.scope
            ).id
        ),
    )
    if isinstance(outcome, Refused):
        errors = form_errors(outcome.error, _FINDING_FIELDS)
        return selection_view(request, user, selection_id, errors=errors, form_values=values(form))
    return redirect(f"/craftsman-selections/{selection_id}")
