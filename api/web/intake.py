"""Intake screens: calls, the application form, each stage's decision and naming [Y7][C]."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    now,
    page_links,
    reading,
    redirect,
    render,
    today,
)
from api.web.filters import Filters
from api.web.forms import parse_date, parse_int, parse_year, text, values, whole_id
from api.web.ids import IdPath
from api.web.intake_forms import refused_status, split_errors
from api.web.submit import Refused, on_page, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.intake.calls import (
    NewCall,
    call_field_problems,
    open_call,
    schemes_opened_by,
    visible_call,
)
from lifecycle.intake.model import APPLICATION_STATUS_LABELS, BatchStatus
from lifecycle.intake.naming import (
    NameApplications,
    decided_on_hint,
    name_applications,
    naming_field_problems,
    title_of,
)
from lifecycle.intake.packs import PACKS, intake_pack
from lifecycle.intake.recommenders import recommending_associations
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import ACTION_LABELS
from lifecycle.intake.rules import is_district_union
from lifecycle.intake.service import (
    NewApplication,
    start_application,
)
from lifecycle.listings.repository import Window
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.views.intake import (
    ApplyingTeams,
    applying_teams,
    awaiting_recommendation,
    batch_views,
    waiting_for,
)

router = APIRouter(route_class=HtmlRoute)
LABELS = {"status": APPLICATION_STATUS_LABELS, "action": ACTION_LABELS}
PER_PAGE = 50  # a call's applications to a page, as every list page


def _scheme_name(code: str) -> str:
    return get_scheme(code).settings.name


# ---- home: calls, what waits for my union, opening a call ---------------------------------


def _home(
    request: Request,
    user: Principal,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        repo = IntakeRepository(uow.session)
        calls = repo.calls(user.read_scope, user.union_path)
        union = uow.unions.get(user.union_id, scope=EVERYTHING)
        assert union is not None
        waiting = waiting_for(uow, union, user.scope)
        # The applications not yet named, the latest first, a page at a time (before: every
        # one of the subtree's, of every year, at once).
        page = Filters(request.query_params).page()
        listed = repo.unnamed_applications(user.scope, Window(PER_PAGE, (page - 1) * PER_PAGE))
        mine = listed.items
        shops = {
            a.workshop_id: uow.workshops.get(a.workshop_id, scope=EVERYTHING)
            for a in [*waiting, *mine]
        }
        year = today(request).year
        context: dict[str, Any] = {
            "calls": calls,
            "waiting": waiting,
            "mine": mine,
            "mine_total": listed.total,
            "mine_from": (page - 1) * PER_PAGE + 1,
            **{
                name: url and f"{url}#mine"
                for name, url in page_links({}, page, page * PER_PAGE < listed.total).items()
            },
            "own_level": union.level.value,
            "shops": shops,
            "scheme_name": _scheme_name,
            "stage_label": lambda a: (
                intake_pack(a.scheme_code).route.stage(a.stage).label if a.stage else ""
            ),
            "labels": LABELS,
            # Only the schemes whose pack names this union to open its calls [Y7][S7][C][L].
            "schemes": [("", "请选择")] + [(c, _scheme_name(c)) for c in schemes_opened_by(union)],
            "errors": errors or {},
            "values": {"year": str(year), **(form_values or {})},
        }
        code = status_code or (422 if errors else 200)
        return render(request, "intake/home.html", context, status_code=code)


@router.get("/intake", response_class=HTMLResponse)
def intake_home(request: Request, user: UserDep) -> HTMLResponse:
    """申报受理: the calls I can see, what waits for my union, my applications."""
    require(user, Permission.READ)
    return _home(request, user)


@router.post("/intake/calls")
def create_call(request: Request, user: UserDep, form: FormDep) -> Response:
    """Open a call as the user's union (the scheme's naming union) [Y7][C 四][L 四]."""
    require(user, Permission.INTAKE_CALL)
    errors: dict[str, str] = {}
    opens_on = parse_date(form, "opens_on", "受理开始日期", errors)
    deadline = parse_date(form, "deadline", "截止日期", errors)
    year = parse_year(form, "year", "年度", errors, required=True)
    target = parse_int(form, "target_count", "拟命名数量", errors, rule_bounded=True)
    if text(form, "scheme") not in PACKS:
        errors["scheme"] = "请选择命名方案"
    title, document_ref = text(form, "title"), text(form, "document_ref") or None
    if errors or opens_on is None or deadline is None or year is None:
        typed = (title, year, opens_on, deadline, target, document_ref, text(form, "notes"))
        also_refused(errors, call_field_problems(*typed, as_of=today(request)))
        return _home(request, user, errors, values(form))
    cmd = NewCall(
        text(form, "scheme"),
        year,
        title,
        opens_on,
        deadline,
        target,
        document_ref,
        text(form, "notes") or None,
    )
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            open_call(
                uow,
                cmd,
                naming_union_id=user.union_id,
                actor=user.actor,
                scope=user.scope,
                as_of=today(request),
            ).id
        ),
        propagate=on_page,
    )
    if isinstance(outcome, Refused):  # the refused transaction has ended before the page renders
        # Every problem of the call form is a field's (截止日期 beside its input; the scheme beside
        # 命名方案, which this form shows, unlike the forms acting on a title).
        errors = form_errors(outcome.error, {"scheme": "scheme"})
        return _home(request, user, errors, values(form), refused_status(outcome.error))
    return redirect(f"/intake/calls/{outcome}")


# ---- one call: its applications, starting one, batches and the naming decision -------------


def show_call(
    request: Request,
    user: Principal,
    call_id: int,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    *,
    chosen: tuple[int, ...] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    """The call page (again with a refusal and what was typed, once the refused transaction has
    ended); on a refused naming, ``chosen`` is what was ticked (else every one is); a refusal
    answers 422, or ``status_code`` (403 for another union's step, as the API)."""
    with reading(request) as uow:
        call = visible_call(uow, call_id, user.read_scope, user.union_path)
        pack = intake_pack(call.scheme_code)
        repo = IntakeRepository(uow.session)
        # The applications a page at a time, as every list (before: all of them at once); the
        # naming form still offers every one waiting for the decision.
        page = Filters(request.query_params).page()
        listed = repo.call_applications(
            user.read_scope, call.id, Window(PER_PAGE, (page - 1) * PER_PAGE)
        )
        apps = listed.items
        decision = pack.route.stages[-1]
        deciding = repo.applications(user.read_scope, call_id=call.id, stage=decision.code)
        shops = {
            a.workshop_id: uow.workshops.get(a.workshop_id, scope=EVERYTHING)
            for a in [*apps, *deciding]
        }
        teams = ApplyingTeams([], [])
        if user.can(Permission.INTAKE_APPLY):
            teams = applying_teams(uow, call, user.union_path, today(request))
        own_shops = teams.offered
        may_name = user.can(Permission.INTAKE_NAME) and user.union_id == call.naming_union_id
        union = uow.unions.get(call.naming_union_id, scope=EVERYTHING)
        own = uow.unions.get(user.union_id, scope=EVERYTHING)
        assert own is not None
        recommending = user.can(Permission.INTAKE_RECOMMEND) and pack.batch is not None
        batches = batch_views(uow, call, user.read_scope, now(request))
        context: dict[str, Any] = {
            "batches": batches,
            # Once the union's batch is sent, what still waits goes into a supplementary batch
            # until the call's deadline; after it, it can only be declined (reading I7).
            "own_batch_sent": any(
                b.union.id == user.union_id and b.batch.status == BatchStatus.SUBMITTED
                for b in batches
            ),
            "batches_closed": today(request) > call.deadline,
            # The ≥30% share binds a 区总工会 only [C 二（二）] (reading 48).
            "own_share": pack.batch is not None
            and pack.batch.non_public_share is not None
            and is_district_union(own.level, own.region_code),
            "awaiting": awaiting_recommendation(uow, call, own, user.scope) if recommending else [],
            "own_union_id": user.union_id,
            "recommending": recommending,
            "call": call,
            "pack": pack,
            "naming_union": union,
            "scheme_name": _scheme_name(call.scheme_code),
            "apps": apps,
            "apps_total": listed.total,
            "apps_from": (page - 1) * PER_PAGE + 1,
            **{
                name: url and f"{url}#applications"
                for name, url in page_links({}, page, page * PER_PAGE < listed.total).items()
            },
            "shops": shops,
            "own_shops": own_shops,
            "barred_shops": teams.barred,
            "shop_options": [("", "请选择")] + [(str(w.id), w.name) for w in own_shops],
            # Recommended by the district union, or by a 社团 [C 二（二）].
            "recommender_options": [("", "所在区局（产业）工会")]
            + [(str(u.id), u.name) for u in recommending_associations(uow, call)],
            "deciding": deciding,
            # The earliest 审定日期 the ticked applications allow, by the rule the refusal applies.
            "decided_on_hint": decided_on_hint(
                uow,
                [a for a in deciding if chosen is None or a.id in chosen] if may_name else [],
                lambda a: str(
                    a.form.get("studio_name") or getattr(shops[a.workshop_id], "name", "")
                ),
            ),
            "decision": decision,
            # The title each one waiting would be named, by the scheme's format [Y8][S2][L].
            "named_as": {
                a.id: title_of(a, pack, get_scheme(a.scheme_code), shop.leader.name)
                for a in deciding
                if (shop := shops[a.workshop_id]) is not None
            },
            "sees_title": lambda a: user.read_scope.covers_path(a.union_path),
            "may_name": may_name,
            "grant_needed": get_scheme(call.scheme_code).settings.one_off_grant_fen is None,
            "stage_label": lambda a: pack.route.stage(a.stage).label if a.stage else "",
            "labels": LABELS,
            "errors": _unshown_beside_the_list(errors or {}, {a.id for a in deciding}),
            "chosen": None if chosen is None else set(chosen),
            "values": {
                "decided_on": today(request).isoformat(),
                "signer": user.display_name,
                **(form_values or {}),
            },
        }
        code = status_code or (422 if errors else 200)
        return render(request, "intake/call.html", context, status_code=code)


@router.get("/intake/calls/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, user: UserDep, call_id: IdPath) -> HTMLResponse:
    require(user, Permission.READ)
    return show_call(request, user, call_id)


@router.post("/intake/calls/{call_id}/applications")
def new_application(request: Request, user: UserDep, form: FormDep, call_id: IdPath) -> Response:
    """Start a draft for one of the user's teams; the form is then filled on its own page."""
    require(user, Permission.INTAKE_APPLY)
    errors: dict[str, str] = {}
    workshop_id = parse_int(form, "workshop_id", "工作室", errors, required=True)
    recommender = parse_int(form, "recommender_union_id", "推荐单位", errors)
    if errors or workshop_id is None:
        return show_call(request, user, call_id, errors, values(form))
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            start_application(
                uow,
                NewApplication(call_id, workshop_id, {}, recommender),
                actor=user.actor,
                now=now(request),
                scope=user.scope,
                own_path=user.union_path,
            ).id
        ),
        propagate=on_page,
    )
    if isinstance(outcome, Refused):
        fields, listed = split_errors(outcome.error)
        # What is no field's (the call has closed) is said above the apply form, not the naming.
        errors = {**fields, **({"_apply": "；".join(listed)} if listed else {})}
        return show_call(
            request, user, call_id, errors, values(form), status_code=refused_status(outcome.error)
        )
    return redirect(f"/intake/applications/{outcome}")


def _ids(form: FormData, errors: dict[str, str]) -> tuple[int, ...]:
    """The ticked applications; a value no checkbox of the page carries (a tampered form) is
    refused beside the list, naming it, not dropped (before, the rest was named without it)."""
    found, unreadable = [], []
    for raw in form.getlist("application_ids"):
        if (picked := whole_id(raw)) is not None:
            found.append(picked)
        else:
            unreadable.append(f"「{str(raw).strip()[:20]}」")
    if unreadable:
        errors["application_ids"] = (
            f"所选申报{'、'.join(unreadable)}不是有效的申报编号，请刷新页面后重新勾选"
        )
    return tuple(found)


def _beside_the_list(errors: dict[str, str], chosen: tuple[int, ...]) -> dict[str, str]:
    """Each ticked application's refusal (``application_ids.N``, N its place among the ticked)
    beside its own checkbox; one the list does not show (a tampered id) beside the list."""
    ticked = list(dict.fromkeys(chosen))
    placed: dict[str, str] = {}
    for field, message in errors.items():
        head, _, place = field.partition(".")
        if head != "application_ids" or not place.isdigit() or int(place) >= len(ticked):
            placed[field] = f"{placed[field]}；{message}" if field in placed else message
            continue
        key = f"application_ids-{ticked[int(place)]}"
        placed[key] = f"{placed[key]}；{message}" if key in placed else message
    return placed


def _unshown_beside_the_list(errors: dict[str, str], shown: set[int]) -> dict[str, str]:
    """A refused application the naming list has no checkbox for (a tampered or stale id) is
    said beside the list as a whole, naming it."""
    kept: dict[str, str] = {}
    for field, message in errors.items():
        head, _, app_id = field.partition("-")
        unshown = head == "application_ids" and app_id.isdigit() and int(app_id) not in shown
        key = "application_ids" if unshown else field
        kept[key] = f"{kept[key]}；{message}" if key in kept else message
    return kept


@router.post("/intake/calls/{call_id}/naming")
def naming(request: Request, user: UserDep, form: FormDep, call_id: IdPath) -> Response:
    """The naming decision: the chosen applications, one 文号 [Y7][C 二（四）]."""
    require(user, Permission.INTAKE_NAME)
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "decided_on", "审定日期", errors)
    chosen = _ids(form, errors)
    document_ref, signer = text(form, "document_ref"), text(form, "signer")
    if errors or decided_on is None:
        also_refused(errors, naming_field_problems(document_ref, signer, chosen))
        return show_call(request, user, call_id, errors, values(form), chosen=chosen)
    cmd = NameApplications(
        call_id, chosen, document_ref, decided_on, signer, text(form, "grant_amount_yuan") or None
    )
    outcome = submit(
        request,
        user.actor,
        lambda uow: name_applications(
            uow,
            cmd,
            acting_union_id=user.union_id,
            actor=user.actor,
            as_of=today(request),
            scope=user.scope,
        ),
        propagate=on_page,
    )
    if isinstance(outcome, Refused):
        fields, listed = split_errors(outcome.error)
        fields = _beside_the_list(fields, chosen)
        if listed:
            fields["_form"] = "；".join(listed)
        fields["_naming"] = outcome.error.message
        code = refused_status(outcome.error)
        return show_call(
            request, user, call_id, fields, values(form), chosen=chosen, status_code=code
        )
    return redirect(f"/intake/calls/{call_id}#named")
