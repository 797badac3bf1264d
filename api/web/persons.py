"""A person's page: honours, legal retirement, and the officer's forms to correct the record and
to enter an honour."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, also_refused, form_errors, reading, redirect, render, today
from api.web.forms import expected_version, parse_date, parse_year, text, values
from api.web.ids import IdPath
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.calendar.retirement import legal_retirement
from lifecycle.errors import NotFound
from lifecycle.persons.model import Person
from lifecycle.persons.service import (
    HonourInput,
    add_honour,
    amend_person,
    person_field_problems,
)
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import (
    EMPLOYMENT_STATUS_LABELS,
    GENDER_LABELS,
    HONOUR_LABELS,
    RETIREMENT_GROUP_LABELS,
    SKILL_LEVEL_LABELS,
    Gender,
    Honour,
    RetirementGroup,
    SkillLevel,
)

router = APIRouter(route_class=HtmlRoute)

GENDERS = [(g.value, label) for g, label in GENDER_LABELS.items()]
GROUPS = [(g.value, label) for g, label in RETIREMENT_GROUP_LABELS.items()]
SKILLS = [(s.value, label) for s, label in SKILL_LEVEL_LABELS.items()]
_OPTIONAL = ("employer", "professional_title", "education")
# The honour form's inputs, by the field the use case names (``add_honour``).
_HONOUR_FIELDS = {"honour": "honour", "year": "honour_year", "reference": "honour_ref"}


def _person_page(
    request: Request,
    user: Principal,
    person_id: int,
    *,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    status_code: int = 422,
    honour_errors: dict[str, str] | None = None,
    honour_values: dict[str, str] | None = None,
) -> HTMLResponse:
    home = getattr(request.state, "home", None)
    with reading(request) as uow:
        person = uow.listings.person(person_id, user.read_scope)
        if person is None:
            raise NotFound("人员不存在或不在管辖范围内", field="person_id")
        correctable = user.can(Permission.REGISTRY_WRITE) and uow.persons.seen_in(
            person_id, user.scope
        )
        context = {
            "p": person,
            "retirement": legal_retirement(person.birth_date, person.retirement_group),
            "status_label": EMPLOYMENT_STATUS_LABELS[person.employment_status],
            "honour_labels": HONOUR_LABELS,
            "correctable": correctable,
            "corrected": request.query_params.get("corrected") == "1",
            "genders": GENDERS,
            "groups": GROUPS,
            "skills": SKILLS,
            "errors": errors or {},
            # What was typed, as typed (an unticked box stays unticked), else the record.
            "values": record_values(person) if form_values is None else form_values,
            # 登记荣誉: the honours of the user's city tree (no 上海工匠 to 乐山's users).
            "honour_choices": [
                ("", "请选择"),
                *((h.value, HONOUR_LABELS[h]) for h in (home.honours if home else Honour)),
            ],
            "honour_errors": honour_errors or {},
            "honour_values": honour_values or {},
            "honoured": request.query_params.get("honoured") == "1",
        }
        code = status_code if errors or honour_errors else 200
        return render(request, "leaders/person.html", context, status_code=code)


def record_values(p: Person) -> dict[str, str]:
    """A person's record as a correction form shows it, with the version it was read at; the
    ID number is left blank (it is only ever shown masked, beside the field): blank keeps it."""
    return {
        "expected_version": str(p.version),
        "name": p.name,
        "gender": p.gender.value,
        "birth_date": p.birth_date.isoformat(),
        "retirement_group": p.retirement_group.value,
        "id_card_number": "",
        "is_union_member": "on" if p.is_union_member else "",
        "skill_level": p.skill_level.value,
        **{name: getattr(p, name) or "" for name in _OPTIONAL},
    }


def _changes(form: FormData, errors: dict[str, str]) -> dict[str, Any]:
    """The typed record as changes for ``amend_person`` (bad fields noted beside themselves);
    an empty ID number keeps the recorded one."""
    gender, group = text(form, "gender"), text(form, "retirement_group")
    skill = text(form, "skill_level")
    if gender not in set(Gender):
        errors["gender"] = "请选择性别"
    if group not in set(RetirementGroup):
        errors["retirement_group"] = "请选择退休年龄类别"
    if skill not in set(SkillLevel):
        errors["skill_level"] = "请选择技能等级"
    born = parse_date(form, "birth_date", "出生日期", errors)
    if errors:
        return {}
    changes: dict[str, Any] = {
        "name": text(form, "name"),
        "gender": Gender(gender),
        "birth_date": born,
        "retirement_group": RetirementGroup(group),
        "is_union_member": form.get("is_union_member") == "on",
        "skill_level": SkillLevel(skill),
        **{name: text(form, name) or None for name in _OPTIONAL},
    }
    if text(form, "id_card_number"):
        changes["id_card_number"] = text(form, "id_card_number")
    return changes


def typed_person_problems(
    form: FormData, errors: dict[str, str], *, as_of: date, reason: str | None = None
) -> None:
    """Beside a form refused before the person rules ran (a choice left empty, a bad date),
    what those rules also refuse in the typed fields, so every bad field shows at once."""
    gender, group = text(form, "gender"), text(form, "retirement_group")
    typed = person_field_problems(
        text(form, "name"),
        Gender(gender) if gender in set(Gender) else None,
        parse_date(form, "birth_date", "出生日期", {}),
        RetirementGroup(group) if group in set(RetirementGroup) else None,
        text(form, "id_card_number"),
        as_of=as_of,
        reason=reason,
        texts={name: text(form, name) or None for name in _OPTIONAL},
    )
    also_refused(errors, typed)


@router.get("/persons/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, user: UserDep, person_id: IdPath) -> HTMLResponse:
    """A person with honours, employment status and legal retirement date and age; an officer
    of the person's district also sees the form to correct the record."""
    return _person_page(request, user, person_id)


@router.post("/persons/{person_id}")
def person_correct(request: Request, user: UserDep, form: FormDep, person_id: IdPath) -> Response:
    """Correct the person's record by the rules of registering it (``amend_person``)."""
    require(user, Permission.REGISTRY_WRITE)
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    changes = _changes(form, errors)
    as_of = today(request)
    reason = text(form, "reason")
    if errors:
        typed_person_problems(form, errors, as_of=as_of, reason=reason)
        return _person_page(request, user, person_id, errors=errors, form_values=values(form))

    def act(uow: UnitOfWork) -> int:
        corrected = amend_person(
            uow,
            person_id,
            changes,
            reason=reason,
            as_of=as_of,
            scope=user.scope,
            expected_version=version,
        )
        return corrected.id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        return _person_page(
            request,
            user,
            person_id,
            errors=form_errors(outcome.error),
            form_values=values(form),  # a stale form's too: what was typed is not lost
            status_code=409 if outcome.conflict else 422,
        )
    return redirect(f"/persons/{person_id}?corrected=1")


@router.post("/persons/{person_id}/honours")
def person_honour(request: Request, user: UserDep, form: FormDep, person_id: IdPath) -> Response:
    """登记荣誉 on an existing person, by the rules of ``add_honour`` (上海工匠 by hand only by
    上海市总工会's officers, with its 授予依据 [G] 四); a refusal is shown beside its field."""
    require(user, Permission.REGISTRY_WRITE)
    errors: dict[str, str] = {}
    honour = text(form, "honour")
    if honour not in set(Honour):
        errors["honour"] = "请选择荣誉"
    year = parse_year(form, "honour_year", "获得年份", errors, required=True)
    if errors or year is None:
        return _person_page(
            request, user, person_id, honour_errors=errors, honour_values=values(form)
        )
    item = HonourInput(Honour(honour), year, text(form, "honour_ref") or None)

    def act(uow: UnitOfWork) -> int:
        added = add_honour(
            uow, person_id, item, as_of=today(request), scope=user.scope, entered_by=user.role
        )
        return added.id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        return _person_page(
            request,
            user,
            person_id,
            honour_errors=form_errors(
                outcome.error, _HONOUR_FIELDS, fields=_HONOUR_FIELDS.values()
            ),
            honour_values=values(form),
            status_code=409 if outcome.conflict else 422,
        )
    return redirect(f"/persons/{person_id}?honoured=1#honours")
