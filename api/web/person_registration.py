"""The persons list and the form registering a person (a new team's leader or member) through
``register_person``, as ``POST /api/v1/persons`` does [Y7]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    page_links,
    reading,
    redirect,
    render,
    today,
)
from api.web.filters import Filters
from api.web.forms import parse_date, parse_int, parse_year, text, values
from api.web.persons import typed_person_problems
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.persons.service import (
    HonourInput,
    NewPerson,
    honour_year_problems,
    register_person,
)
from lifecycle.uow import UnitOfWork
from lifecycle.views.home_tree import HomeTree
from lifecycle.views.paging import within_pages
from lifecycle.views.teams import persons_list, union_options
from lifecycle.vocab import (
    EMPLOYMENT_STATUS_LABELS,
    GENDER_LABELS,
    HONOUR_LABELS,
    RETIREMENT_GROUP_LABELS,
    SKILL_LEVEL_LABELS,
    EmploymentStatus,
    Gender,
    Honour,
    RetirementGroup,
    SkillLevel,
)

router = APIRouter(route_class=HtmlRoute)
PER_PAGE = 50
HONOUR_ROWS = 3  # honours typed with the person; more on the person's record later

GENDERS = [("", "请选择"), *((g.value, label) for g, label in GENDER_LABELS.items())]
GROUPS = [("", "按性别默认"), *((g.value, label) for g, label in RETIREMENT_GROUP_LABELS.items())]
STATUSES = [(s.value, label) for s, label in EMPLOYMENT_STATUS_LABELS.items()]
SKILLS = [(s.value, label) for s, label in SKILL_LEVEL_LABELS.items()]
HONOURS = [("", "（无）"), *((h.value, label) for h, label in HONOUR_LABELS.items())]


def _honour_choices(home: HomeTree | None) -> list[tuple[str, str]]:
    """The honours the form offers: the user's city tree's (no 上海工匠 to 乐山's users)."""
    if home is None:
        return HONOURS
    return [("", "（无）"), *((h.value, HONOUR_LABELS[h]) for h in home.honours)]


_OPTIONAL = ("employer", "professional_title", "education")


@router.get("/persons", response_class=HTMLResponse)
def persons_page(request: Request, user: UserDep) -> HTMLResponse:
    """The persons the user may see (ID numbers masked), found by name or the last 4 characters
    of the ID number, 50 to a page."""
    require(user, Permission.READ)
    f = Filters(request.query_params)
    name, page = f.text("q"), f.page()
    with reading(request) as uow:
        scope = user.read_scope
        page, result = within_pages(
            lambda n: persons_list(
                uow, scope, name=name, limit=PER_PAGE, offset=(n - 1) * PER_PAGE
            ),
            page,
            f.problems,
        )
    kept = {"q": name} if name else {}
    context = {
        "result": result,
        "q": f.shown("q").get("q", ""),
        "problems": f.problems,
        **page_links(kept, page, result.has_next),
    }
    return render(request, "teams/persons.html", context)


def _form_page(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        unions = union_options(uow, user.scope, units_only=False)
    shown = {
        "is_union_member": "on",
        "employment_status": EmploymentStatus.EMPLOYED.value,
        "skill_level": SkillLevel.NONE.value,
        # One union to choose from (a unit contact's own): chosen already.
        "union_id": unions[0][0] if len(unions) == 1 else "",
    }
    context = {
        "unions": unions if len(unions) == 1 else [("", "请选择"), *unions],
        "genders": GENDERS,
        "groups": GROUPS,
        "statuses": STATUSES,
        "skills": SKILLS,
        "honours": _honour_choices(getattr(request.state, "home", None)),
        "honour_rows": range(HONOUR_ROWS),
        "errors": errors or {},
        "values": shown if form_values is None else form_values,
    }
    return render(request, "teams/person_new.html", context, status_code=422 if errors else 200)


@router.get("/persons/new", response_class=HTMLResponse)
def person_form(request: Request, user: UserDep) -> HTMLResponse:
    """登记人员: a new team's leader or member, in the user's own union's subtree."""
    require(user, Permission.TEAM_REGISTER)
    return _form_page(request, user)


def _honours(form: FormData, errors: dict[str, str]) -> tuple[tuple[HonourInput, ...], list[int]]:
    """The honour rows filled in, and the row each came from (to show a refusal beside it)."""
    found, rows = [], []
    for i in range(HONOUR_ROWS):
        honour = text(form, f"honour_{i}")
        typed_year = text(form, f"honour_{i}_year")
        if not honour and not typed_year:
            continue
        if honour not in set(Honour):
            errors[f"honour_{i}"] = "请选择荣誉"
        year = parse_year(form, f"honour_{i}_year", "获得年份", errors, required=True)
        if honour in set(Honour) and year is not None:
            found.append(HonourInput(Honour(honour), year, text(form, f"honour_{i}_ref") or None))
            rows.append(i)
    return tuple(found), rows


def _person(form: FormData, errors: dict[str, str]) -> tuple[NewPerson | None, list[int]]:
    """The typed person; bad fields noted beside themselves."""
    gender, group = text(form, "gender"), text(form, "retirement_group")
    status, skill = text(form, "employment_status"), text(form, "skill_level")
    if gender not in set(Gender):
        errors["gender"] = "请选择性别"
    if group and group not in set(RetirementGroup):
        errors["retirement_group"] = "请选择退休年龄类别"
    if status not in set(EmploymentStatus):
        errors["employment_status"] = "请选择在职状态"
    if skill not in set(SkillLevel):
        errors["skill_level"] = "请选择技能等级"
    union_id = parse_int(form, "union_id", "所属工会", {}, required=True)
    if union_id is None:
        errors["union_id"] = "请选择所属工会"
    born = parse_date(form, "birth_date", "出生日期", errors)
    honours, rows = _honours(form, errors)
    if errors or born is None:
        return None, rows
    return NewPerson(
        name=text(form, "name"),
        gender=Gender(gender),
        birth_date=born,
        retirement_group=RetirementGroup(group) if group else None,
        id_card_number=text(form, "id_card_number") or None,
        is_union_member=form.get("is_union_member") == "on",
        union_id=union_id,
        employment_status=EmploymentStatus(status),
        skill_level=SkillLevel(skill),
        honours=honours,
        **{name: text(form, name) or None for name in _OPTIONAL},
    ), rows


@router.post("/persons")
def person_create(request: Request, user: UserDep, form: FormDep) -> Response:
    """Register the person by the rules of ``register_person`` (every bad field named at once,
    nothing written on a refusal), then show their page."""
    require(user, Permission.TEAM_REGISTER)
    errors: dict[str, str] = {}
    cmd, rows = _person(form, errors)
    as_of = today(request)
    if cmd is None:
        typed_person_problems(form, errors, as_of=as_of)
        born = parse_date(form, "birth_date", "出生日期", {})
        for i in range(HONOUR_ROWS):  # the honours' years, as registering would refuse them
            name = f"honour_{i}_year"
            year = parse_year(form, name, "获得年份", {})
            if year is not None:
                also_refused(errors, honour_year_problems(name, year, born, as_of=as_of))
        return _form_page(request, user, errors, values(form))

    def act(uow: UnitOfWork) -> int:
        created = register_person(uow, cmd, as_of=as_of, scope=user.scope, entered_by=user.role)
        return created.id

    outcome = submit(request, user.actor, act, propagate=lambda _err: False)
    if isinstance(outcome, Refused):
        names = {}
        for i, row in enumerate(rows):
            names[f"honours.{i}.honour"] = f"honour_{row}"
            names[f"honours.{i}.year"] = f"honour_{row}_year"
            names[f"honours.{i}.reference"] = f"honour_{row}_ref"
        return _form_page(request, user, form_errors(outcome.error, names), values(form))
    return redirect(f"/persons/{outcome}")
