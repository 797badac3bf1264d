"""社团 as recommending bodies [G] 二（二）: the admin registers associations in the union tree;
an association's account keeps the register of its own members."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.core import (
    Forbidden,
    HtmlRoute,
    also_refused,
    form_errors,
    reading,
    redirect,
    render,
    today,
)
from api.web.forms import expected_version, parse_date, parse_int, parse_year, text, values
from api.web.ids import IdPath
from api.web.persons import record_values, typed_person_problems
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.craftsman_title import service as craftsman_svc
from lifecycle.errors import DomainError, NotFound
from lifecycle.persons.service import (
    HonourInput,
    NewPerson,
    correct_member,
    honour_year_problems,
    register_member,
)
from lifecycle.unions.model import Union
from lifecycle.unions.service import (
    ASSOCIATION_PARENTS,
    NewUnion,
    create_union,
    union_field_problems,
)
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import SKILL_LEVEL_LABELS, Gender, Honour, SkillLevel, UnionLevel

router = APIRouter(route_class=HtmlRoute)


def _never(_err: DomainError) -> bool:
    """Every refusal is shown beside the form."""
    return False


def _page(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        unions = uow.unions.find(user.scope)
        names = {u.id: u.name for u in unions}
        associations = [u for u in unions if u.level == UnionLevel.ASSOCIATION]
        parents = [(str(u.id), u.name) for u in unions if u.level in ASSOCIATION_PARENTS]
        context = {
            "associations": associations,
            "names": names,
            "parents": [("", "请选择"), *parents],
            "errors": errors or {},
            "values": form_values or {},
        }
        code = 422 if errors else 200
        return render(request, "craftsman_title/associations.html", context, status_code=code)


@router.get("/admin/associations", response_class=HTMLResponse)
def associations(request: Request, user: UserDep) -> HTMLResponse:
    """The associations in the admin's subtree; their accounts are added under 用户."""
    require(user, Permission.ASSOCIATIONS_MANAGE)
    return _page(request, user)


@router.post("/admin/associations")
def association_create(request: Request, user: UserDep, form: FormDep) -> Response:
    """Register an association under the city or a district union [G] 二（二）."""
    require(user, Permission.ASSOCIATIONS_MANAGE)
    errors: dict[str, str] = {}
    parent_id = parse_int(form, "parent_id", "所属市总或区局（产业）工会", errors, required=True)
    if parent_id is not None:
        with reading(request) as uow:
            if uow.unions.get(parent_id, user.scope) is None:
                errors["parent_id"] = "上级工会不存在或不在管辖范围内"
    name = text(form, "name")
    if errors or parent_id is None:
        also_refused(errors, union_field_problems(name, UnionLevel.ASSOCIATION))
        return _page(request, user, errors, values(form))
    cmd = NewUnion(name, UnionLevel.ASSOCIATION, parent_id)
    outcome = submit(request, user.actor, lambda uow: create_union(uow, cmd).id, propagate=_never)
    if isinstance(outcome, Refused):
        return _page(request, user, form_errors(outcome.error), values(form))
    return redirect("/admin/associations")


# ---- an association's own members [G] 二（二） ------------------------------------------------

GENDERS = [("", "请选择"), (Gender.MALE.value, "男"), (Gender.FEMALE.value, "女")]
SKILLS = [(s.value, label) for s, label in SKILL_LEVEL_LABELS.items()]
MEMBERS = "/association/members"


def _own_association(uow: UnitOfWork, user: Principal) -> Union:
    """The caller's own association; an account of any other union has no member register."""
    union = uow.unions.get(user.union_id, user.scope)
    if union is None or union.level != UnionLevel.ASSOCIATION:
        raise Forbidden("仅社团账户登记本社团会员")
    return union


def _members_page(
    request: Request,
    user: Principal,
    *,
    person_id: int | None = None,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    status_code: int = 422,
) -> HTMLResponse:
    with reading(request) as uow:
        body = _own_association(uow, user)
        members = craftsman_svc.repo(uow).members(body.id, user.scope)
        editing = next((p for p in members if p.id == person_id), None)
        if person_id is not None and editing is None:
            raise NotFound("人员不存在", field="person_id")
        shown = {"is_union_member": "on", "skill_level": SkillLevel.NONE.value}
        if editing is not None:
            shown = record_values(editing)
        context = {
            "association": body,
            "members": members,
            "skill_labels": SKILL_LEVEL_LABELS,
            "editing": editing,
            "genders": GENDERS,
            "skills": SKILLS,
            "errors": errors or {},
            # What was typed, as typed (an unticked box stays unticked), else the record.
            "values": shown if form_values is None else form_values,
        }
        code = status_code if errors else 200
        return render(request, "craftsman_title/members.html", context, status_code=code)


def _member_form(form: FormData, errors: dict[str, str], *, title_year: bool) -> NewPerson | None:
    """The typed member; bad fields noted beside themselves."""
    gender, skill = text(form, "gender"), text(form, "skill_level") or SkillLevel.NONE.value
    if gender not in set(Gender):
        errors["gender"] = "请选择性别"
    if skill not in set(SkillLevel):
        errors["skill_level"] = "请选择技能等级"
    born = parse_date(form, "birth_date", "出生日期", errors)
    year = parse_year(form, "local_title_year", "工匠称号年份", errors) if title_year else None
    if errors or born is None:
        return None
    honours = (HonourInput(Honour.DISTRICT_CRAFTSMAN, year),) if year is not None else ()
    return NewPerson(
        name=text(form, "name"),
        gender=Gender(gender),
        birth_date=born,
        id_card_number=text(form, "id_card_number") or None,
        is_union_member=form.get("is_union_member") == "on",
        employer=text(form, "employer") or None,
        skill_level=SkillLevel(skill),
        professional_title=text(form, "professional_title") or None,
        education=text(form, "education") or None,
        honours=honours,
    )


_MEMBER_FIELDS = {"honours.0.year": "local_title_year"}


@router.get(MEMBERS, response_class=HTMLResponse)
def members_page(request: Request, user: UserDep) -> HTMLResponse:
    """The association's own members (ID numbers masked) and the form to register one."""
    require(user, Permission.ASSOCIATION_MEMBERS)
    return _members_page(request, user)


@router.post(MEMBERS)
def member_create(request: Request, user: UserDep, form: FormDep) -> Response:
    """Register a person as the association's own member (the person rules apply) [G] 二（二）."""
    require(user, Permission.ASSOCIATION_MEMBERS)
    errors: dict[str, str] = {}
    cmd = _member_form(form, errors, title_year=True)
    as_of = today(request)
    if cmd is None:
        typed_person_problems(form, errors, as_of=as_of)
        year = parse_year(form, "local_title_year", "工匠称号年份", {})
        if year is not None:  # the title's year, as registering would refuse it
            born = parse_date(form, "birth_date", "出生日期", {})
            also_refused(errors, honour_year_problems("local_title_year", year, born, as_of=as_of))
        return _members_page(request, user, errors=errors, form_values=values(form))
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            register_member(
                uow, user.union_id, cmd, as_of=as_of, scope=user.scope, entered_by=user.role
            ).id
        ),
    )
    if isinstance(outcome, Refused):
        errors = form_errors(outcome.error, _MEMBER_FIELDS)
        return _members_page(request, user, errors=errors, form_values=values(form))
    return redirect(f"{MEMBERS}?added={outcome}")


@router.get(MEMBERS + "/{person_id}", response_class=HTMLResponse)
def member_page(request: Request, user: UserDep, person_id: IdPath) -> HTMLResponse:
    """One member's record, to correct."""
    require(user, Permission.ASSOCIATION_MEMBERS)
    return _members_page(request, user, person_id=person_id)


@router.post(MEMBERS + "/{person_id}")
def member_correct(request: Request, user: UserDep, form: FormDep, person_id: IdPath) -> Response:
    """Correct one of the association's own members by the rules of registering."""
    require(user, Permission.ASSOCIATION_MEMBERS)
    errors: dict[str, str] = {}
    version = expected_version(form, errors)
    cmd = _member_form(form, errors, title_year=False)
    as_of = today(request)
    if cmd is None:
        typed_person_problems(form, errors, as_of=as_of)
        return _members_page(
            request, user, person_id=person_id, errors=errors, form_values=values(form)
        )

    def act(uow: UnitOfWork) -> int:
        return correct_member(
            uow,
            user.union_id,
            person_id,
            cmd,
            reason=text(form, "reason") or None,
            keep_id_card=not text(form, "id_card_number"),  # blank keeps the recorded number
            keep_status=True,  # the form has no status: a leader's is the leader event's
            as_of=as_of,
            scope=user.scope,
            expected_version=version,
        ).id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        return _members_page(
            request,
            user,
            person_id=person_id,
            errors=form_errors(outcome.error),
            form_values=values(form),
            status_code=409 if outcome.conflict else 422,
        )
    return redirect(MEMBERS)
