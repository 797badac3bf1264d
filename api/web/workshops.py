"""The workshops list, a workshop's page, and the forms registering a workshop (a new team,
with its leader and members) and adding a member, through the use cases the API uses [Y3][Y7]."""

from __future__ import annotations

from datetime import date
from typing import Any

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
from api.web.forms import parse_date, parse_int, text, values
from api.web.ids import IdPath
from api.web.ledger_pages import back_to, pages_query, stored_pager
from api.web.member_picker import chosen_ids, multi_picker
from api.web.picker import chosen_id, picker, searching
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.uow import UnitOfWork
from lifecycle.validation import plain_decimal, plain_int
from lifecycle.views.paging import within_pages
from lifecycle.views.teams import union_options, workshop_view, workshops_list
from lifecycle.vocab import UNIT_NATURE_LABELS, UnitNature
from lifecycle.workshops.service import (
    NewMember,
    NewWorkshop,
    add_member,
    create_workshop,
    record_leaving,
    venue_area_problem,
    workshop_field_problems,
)

router = APIRouter(route_class=HtmlRoute)
PER_PAGE = 50
NATURES = [("", "请选择"), *((n.value, label) for n, label in UNIT_NATURE_LABELS.items())]
LEADER, MEMBERS = "leader_person_id", "member_ids"
# The 离开的成员 choice of a member who has left: correct the recorded date (not a second leaving).
CORRECTING = "c"
# The page parameter of the workshop page's list (its members).
_PAGES = ("members_page",)
_OPTIONAL = ("address", "specialty", "innovation_direction", "description")


@router.get("/workshops", response_class=HTMLResponse)
def workshops_page(request: Request, user: UserDep) -> HTMLResponse:
    """The workshops (teams) the user may see, found by name, 50 to a page."""
    require(user, Permission.READ)
    f = Filters(request.query_params)
    name, page = f.text("q"), f.page()
    with reading(request) as uow:
        scope, as_of = user.read_scope, today(request)
        page, result = within_pages(
            lambda n: workshops_list(
                uow, scope, name=name, as_of=as_of, limit=PER_PAGE, offset=(n - 1) * PER_PAGE
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
    return render(request, "teams/workshops.html", context)


# ---- 登记工作室 ---------------------------------------------------------------------------


def _form_page(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    form: FormData | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        unions = union_options(uow, user.scope, units_only=True)
        shown = values(form) if form is not None else {}
        if form is None and len(unions) == 1:  # a unit contact's own union: chosen already
            shown["unit_union_id"] = unions[0][0]
        context = {
            "unions": unions if len(unions) == 1 else [("", "请选择"), *unions],
            "natures": NATURES,
            "leader": picker(uow, shown, LEADER, scope=user.scope),
            "members": multi_picker(uow, form, MEMBERS, scope=user.scope),
            "errors": errors or {},
            "values": shown,
        }
        code = 422 if errors else 200
        return render(request, "teams/workshop_new.html", context, status_code=code)


@router.get("/workshops/new", response_class=HTMLResponse)
def workshop_form(request: Request, user: UserDep) -> HTMLResponse:
    """登记工作室: a new team under a unit union of the user's subtree, its leader and members
    chosen among the persons registered there."""
    require(user, Permission.TEAM_REGISTER)
    return _form_page(request, user)


def area_of(form: FormData, errors: dict[str, str]) -> float | None:
    """The area as plainly written (「120」「85.5」) and within the rule; 「1e3」, 「1_000」 or
    「约100」 is no area a union officer writes, and is refused as such (reading IN2)."""
    raw = text(form, "venue_area_sqm")
    if not raw:
        return None
    area = plain_decimal(raw)
    if area is None:
        errors["venue_area_sqm"] = "场所面积应为数字，如 120 或 85.5"
        return None
    if why := venue_area_problem(area):  # the rule's, said of a number of any length
        errors["venue_area_sqm"] = why[1]
        return None
    return float(area)


def _optional_date(form: FormData, name: str, label: str, errors: dict[str, str]) -> date | None:
    """A date field that may be left blank."""
    return parse_date(form, name, label, errors) if text(form, name) else None


def _workshop(form: FormData, errors: dict[str, str]) -> NewWorkshop | None:
    """The typed workshop with its members; bad fields noted beside themselves."""
    typed = values(form)
    union_id = parse_int(form, "unit_union_id", "所在单位工会", {}, required=True)
    if union_id is None:
        errors["unit_union_id"] = "请选择所在单位工会"
    nature = text(form, "host_unit_nature")
    if nature not in set(UnitNature):
        errors["host_unit_nature"] = "请选择单位性质"
    founded = parse_date(form, "founded_on", "成立日期", errors)
    leader = chosen_id(typed, LEADER, "带头人", errors)
    joined = _optional_date(form, "members_joined_on", "成员加入日期", errors)
    area = area_of(form, errors)
    if errors or union_id is None or founded is None or leader is None:
        return None
    member_joined = joined or founded
    return NewWorkshop(
        name=text(form, "name"),
        host_unit_name=text(form, "host_unit_name"),
        host_unit_nature=UnitNature(nature),
        unit_union_id=union_id,
        founded_on=founded,
        leader_person_id=leader,
        venue_area_sqm=area,
        members=tuple(NewMember(p, member_joined) for p in chosen_ids(form, MEMBERS)),
        **{name: text(form, name) or None for name in _OPTIONAL},
    )


def typed_problems(form: FormData, errors: dict[str, str], *, as_of: date) -> None:
    """Beside a form refused before the use case ran, what its rules also refuse."""
    founded = parse_date(form, "founded_on", "成立日期", {})
    typed = workshop_field_problems(
        name=text(form, "name"),
        host_unit_name=text(form, "host_unit_name"),
        founded_on=founded,
        venue_area_sqm=area_of(form, {}),
        as_of=as_of,
        **{name: text(form, name) or None for name in _OPTIONAL},
    )
    also_refused(errors, typed)


def _member_fields(count: int) -> dict[str, str]:
    """Where a refusal of the i-th member is shown: beside the members, or their joining date."""
    names: dict[str, str] = {}
    for i in range(count):
        for part in ("person_id", "left_on", "role", "trade", "years_of_work"):
            names[f"members.{i}.{part}"] = MEMBERS
        names[f"members.{i}.joined_on"] = "members_joined_on"
    return names


@router.post("/workshops")
def workshop_create(request: Request, user: UserDep, form: FormDep) -> Response:
    """Register the workshop by the rules of ``create_workshop`` (every bad field named at
    once, nothing written on a refusal), then show its page; the 搜索 buttons only search."""
    require(user, Permission.TEAM_REGISTER)
    if searching(form):
        return _form_page(request, user, None, form)
    errors: dict[str, str] = {}
    cmd = _workshop(form, errors)
    as_of = today(request)
    if cmd is None:
        typed_problems(form, errors, as_of=as_of)
        return _form_page(request, user, errors, form)

    def act(uow: UnitOfWork) -> int:
        return create_workshop(uow, cmd, as_of=as_of, scope=user.scope).id

    outcome = submit(request, user.actor, act, propagate=lambda _err: False)
    if isinstance(outcome, Refused):
        shown = form_errors(outcome.error, _member_fields(len(cmd.members)))
        if not text(form, "members_joined_on") and "founded_on" in shown:
            # Left blank, the members join on the founding date: its refusal is that date's.
            shown.pop("members_joined_on", None)
        return _form_page(request, user, shown, form)
    return redirect(f"/workshops/{outcome}?registered=1")


# ---- a workshop's page and adding a member --------------------------------------------------


def _workshop_page(
    request: Request,
    user: Principal,
    workshop_id: int,
    errors: dict[str, str] | None = None,
    form: FormData | None = None,
    *,
    leaving_errors: dict[str, str] | None = None,
) -> HTMLResponse:
    """``errors``: of 添加成员; ``leaving_errors``: of 登记成员离开 (``form``: what either sent)."""
    as_of = today(request)
    with reading(request) as uow:
        view = workshop_view(
            uow,
            workshop_id,
            user.read_scope,
            as_of=as_of,
            members_page=Filters(request.query_params).page("members_page"),
        )
        may_add = user.can(Permission.TEAM_REGISTER) and (
            uow.workshops.get(workshop_id, user.scope) is not None
        )
        shown = values(form) if form is not None else {}
        shown.setdefault("joined_on", as_of.isoformat())
        shown.setdefault("leaving_on", as_of.isoformat())
        context: dict[str, Any] = {
            "v": view,
            "members_pager": stored_pager(
                request.query_params,
                (),
                "members_page",
                number=view.members_page,
                paged=view.members_shown,
                anchor="members",
                note=view.members_note,
            ),
            # The forms post back with the members' page shown: a refusal comes back on it.
            "pages_query": pages_query({"members_page": view.members_page}),
            "w": view.workshop,
            "may_add": may_add,
            "picker": picker(uow, shown, "person_id", scope=user.scope) if may_add else None,
            "registered": request.query_params.get("registered") == "1",
            "corrected": request.query_params.get("corrected") == "1",
            "errors": errors or {},
            "leaving_errors": leaving_errors or {},
            "leaving_choices": [
                ("", "请选择"),
                *((f"{CORRECTING * c.correcting}{c.member_id}", c.label) for c in view.leaving),
            ],
            "values": shown,
        }
        code = 422 if errors or leaving_errors else 200
        return render(request, "teams/workshop.html", context, status_code=code)


@router.get("/workshops/{workshop_id}", response_class=HTMLResponse)
def workshop_page(request: Request, user: UserDep, workshop_id: IdPath) -> HTMLResponse:
    """A workshop: its unit, leader, members and the titles it holds; 添加成员 for those who
    register teams in its union."""
    require(user, Permission.READ)
    return _workshop_page(request, user, workshop_id)


def _member(form: FormData, errors: dict[str, str]) -> NewMember | None:
    person = chosen_id(values(form), "person_id", "成员", errors)
    joined = parse_date(form, "joined_on", "加入日期", errors)
    left = _optional_date(form, "left_on", "离开日期", errors)
    years = parse_int(form, "years_of_work", "工作年限", errors, rule_bounded=True)
    if errors or person is None or joined is None:
        return None
    return NewMember(
        person_id=person,
        joined_on=joined,
        left_on=left,
        role=text(form, "role") or None,
        trade=text(form, "trade") or None,
        years_of_work=years,
    )


@router.post("/workshops/{workshop_id}/members")
def member_add(request: Request, user: UserDep, form: FormDep, workshop_id: IdPath) -> Response:
    """Add a member by the rules of ``add_member`` (the 搜索 button only searches)."""
    require(user, Permission.TEAM_REGISTER)
    if searching(form):
        return _workshop_page(request, user, workshop_id, None, form)
    errors: dict[str, str] = {}
    cmd = _member(form, errors)
    if cmd is None:
        return _workshop_page(request, user, workshop_id, errors, form)
    as_of = today(request)
    outcome = submit(
        request,
        user.actor,
        lambda uow: add_member(uow, workshop_id, cmd, as_of=as_of, scope=user.scope).id,
    )
    if isinstance(outcome, Refused):
        return _workshop_page(request, user, workshop_id, form_errors(outcome.error), form)
    return redirect(back_to(f"/workshops/{workshop_id}", request.query_params, _PAGES, "members"))


@router.post("/workshops/{workshop_id}/leaving")
def member_leaving(request: Request, user: UserDep, form: FormDep, workshop_id: IdPath) -> Response:
    """A current member leaves the team on 离开日期, or a recorded leaving date is corrected (the
    choice says which), by the rules of ``record_leaving``."""
    require(user, Permission.TEAM_REGISTER)
    errors: dict[str, str] = {}
    chosen = text(form, "member_id")
    correcting = chosen.startswith(CORRECTING)
    member = plain_int(chosen.removeprefix(CORRECTING))
    left = parse_date(form, "leaving_on", "离开日期", errors)
    if member is None:
        errors["member_id"] = "请选择离开的成员"
    if errors or member is None or left is None:
        return _workshop_page(request, user, workshop_id, None, form, leaving_errors=errors)
    as_of = today(request)
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            record_leaving(
                uow, workshop_id, member, left, as_of=as_of, scope=user.scope, correcting=correcting
            ).id
        ),
    )
    if isinstance(outcome, Refused):
        shown = form_errors(outcome.error, {"left_on": "leaving_on"})
        return _workshop_page(request, user, workshop_id, None, form, leaving_errors=shown)
    return redirect(back_to(f"/workshops/{workshop_id}", request.query_params, _PAGES, "members"))
