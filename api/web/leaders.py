"""Leader screens: record an event, Yangpu consent and leader change, the retiring-leaders list
and the person page [Y13][S9][C 三（六）]; persons are chosen with the picker, never by id."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import xlsx
from api.web.auth import OWN_STEP_SAID, FormDep, UserDep, require
from api.web.core import (
    TEMPLATES,
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
from api.web.forms import expected_version, parse_date, text, unsaved_file, upload, values
from api.web.ids import IdPath
from api.web.pages import designation_pages_query, title_page_back
from api.web.picker import chosen_id, picker, searching
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.designations.authority import authority_refusal
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from lifecycle.files.storage import FileStorage, store_upload, upload_problems
from lifecycle.leaders.model import LEADER_EVENT_LABELS, LeaderEventKind
from lifecycle.leaders.retiring import (
    MAX_HORIZON_MONTHS,
    PER_PAGE,
    leader_column,
    retiring_filename,
    retiring_leaders,
    retiring_leaders_page,
    retiring_workbook,
)
from lifecycle.leaders.service import (
    ChangeLeader,
    RecordConsent,
    RecordLeaderEvent,
    change_field_problems,
    change_leader,
    change_unavailable,
    consent_field_problems,
    consent_unavailable,
    event_field_problems,
    event_recorder_refusal,
    leader_consented,
    leader_retired_on,
    record_continuation_consent,
    record_leader_event,
)
from lifecycle.leaders.successor import proposed_change_warnings
from lifecycle.leaders.titles import team_titles
from lifecycle.listings.repository import Window
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.uow import UnitOfWork
from lifecycle.validation import ascii_digits
from lifecycle.views.choices import distinct_names
from lifecycle.views.home_tree import home_tree
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS

router = APIRouter(route_class=HtmlRoute)
TEMPLATES.env.globals["employment_labels"] = EMPLOYMENT_STATUS_LABELS  # the designation page
_WINDOW = Window(500, 0)  # the union chooser: a district's subtree has far fewer unions
KINDS = [("", "请选择")] + [(k.value, t) for k, t in LEADER_EVENT_LABELS.items()]


def _designation(uow: UnitOfWork, designation_id: int, user: Principal) -> Any:
    designation = uow.designations.get(designation_id, user.scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在管辖范围内", field="designation_id")
    return designation


def _title_not_found(err: DomainError) -> bool:
    """The title itself is not found (404 page); any other refusal is shown on the form."""
    return err.http_status == 404 and err.field == "designation_id"


def _unavailable(
    uow: UnitOfWork, what: str, d: Designation, user: Principal, as_of: date
) -> str | None:
    """Why the event, consent or direct-change form is not for this title or this user (None:
    it is), by the rules the use cases refuse by [Y13]."""
    settings = get_scheme(d.scheme_code).settings
    if what == "event":
        refusal = event_recorder_refusal(uow, d.workshop, user.actor)
        return refusal.message if refusal is not None else None
    if what == "consent":
        why = consent_unavailable(
            d,
            settings,
            as_of,
            consented=leader_consented(uow, d),
            retired_on=leader_retired_on(uow, d),
        )
        act = Act.CONSENT
    elif what == "change":
        why = change_unavailable(d, settings, team_titles(uow, d.workshop_id))
        act = Act.CHANGE_LEADER
    else:
        return None
    if why is not None:
        return why
    refused = authority_refusal(uow, d, act, user.actor)
    return refused.message if refused is not None else None


def _form_page(
    request: Request,
    user: Principal,
    designation_id: int,
    what: str,
    errors: dict[str, str] | None = None,
    *,
    form_values: dict[str, str] | None = None,
    status_code: int | None = None,
    warnings: list[str] | None = None,
    unsaved_file: str | None = None,
) -> HTMLResponse:
    """One of the three leader forms, (re)shown with what was typed and the errors beside it
    (the change form: with the successor's warnings to confirm, ``record_change``);
    ``unsaved_file``: the file a refused consent chose, which a browser never refills."""
    shown = {"occurred_on": "", "effective_on": today(request).isoformat(), **(form_values or {})}
    with reading(request) as uow:
        d = _designation(uow, designation_id, user)
        settings = get_scheme(d.scheme_code).settings
        context: dict[str, Any] = {
            "d": d,
            "what": what,
            "settings": settings,
            # The consent and the direct change exist only where the scheme has them [Y13][C].
            "unavailable": _unavailable(uow, what, d, user, today(request)),
            "kinds": KINDS,
            "values": shown,
            "errors": errors or {},
            "picker": picker(uow, shown, "new_leader_person_id", scope=user.scope),
            "warnings": warnings or [],
            "unsaved_file": unsaved_file,
            "pages_query": designation_pages_query(request.query_params),
        }
        code = status_code or (422 if errors else 200)
        return render(request, "leaders/form.html", context, status_code=code)


def _back(request: Request, designation_id: int) -> str:
    """The title page at the pages of its lists the user came from (the leader's events among
    them), at its leader section."""
    return title_page_back(designation_id, request.query_params, "leader")


# ---- leader events ------------------------------------------------------------------------


@router.get("/designations/{designation_id}/leader/event", response_class=HTMLResponse)
def event_form(request: Request, user: UserDep, designation_id: IdPath) -> HTMLResponse:
    """登记带头人情况: retirement, departure, death or other, with date and source."""
    require(user, Permission.LEADER_EVENT_RECORD)
    return _form_page(request, user, designation_id, "event")


@router.post("/designations/{designation_id}/leader/event")
def record_event(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath
) -> Response:
    """Record the event; the person's employment status follows it, once."""
    require(user, Permission.LEADER_EVENT_RECORD)
    errors: dict[str, str] = {}
    kind = text(form, "kind")
    if kind not in set(LeaderEventKind):
        errors["kind"] = "请选择发生的情况（退休、离职、已故或其他）"
    occurred_on = parse_date(form, "occurred_on", "发生日期", errors)
    source, details = text(form, "source"), text(form, "details") or None
    as_of = today(request)
    if errors or occurred_on is None:
        chosen = LeaderEventKind(kind) if kind in set(LeaderEventKind) else None
        also_refused(
            errors, event_field_problems(chosen, occurred_on, source, details, as_of=as_of)
        )
        return _form_page(request, user, designation_id, "event", errors, form_values=values(form))

    def act(uow: UnitOfWork) -> None:
        d = _designation(uow, designation_id, user)
        cmd = RecordLeaderEvent(d.workshop_id, LeaderEventKind(kind), occurred_on, source, details)
        record_leader_event(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)

    # The refused transaction is over (rolled back) before the form is shown again.
    done = submit(request, user.actor, act, propagate=_title_not_found)
    if isinstance(done, Refused):
        shown = form_errors(done.error, {"workshop_id": "_form"})
        return _form_page(request, user, designation_id, "event", shown, form_values=values(form))
    return redirect(_back(request, designation_id))


# ---- Yangpu continuation consent [Y13] -----------------------------------------------------


@router.get("/designations/{designation_id}/leader/consent", response_class=HTMLResponse)
def consent_form(request: Request, user: UserDep, designation_id: IdPath) -> HTMLResponse:
    """登记继续领衔同意: the leader's and the unit's consent, dates, signers, the signed file."""
    require(user, Permission.LEADER_EVENT_RECORD, OWN_STEP_SAID)
    return _form_page(request, user, designation_id, "consent")


def _dates(form: Any, errors: dict[str, str]) -> tuple[date | None, date | None]:
    return (
        parse_date(form, "leader_consented_on", "本人同意日期", errors),
        parse_date(form, "unit_consented_on", "单位同意日期", errors),
    )


@router.post("/designations/{designation_id}/leader/consent")
async def record_consent(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath
) -> Response:
    """Record the consent with its file; everything typed is kept when refused [Y13]."""
    require(user, Permission.LEADER_EVENT_RECORD, OWN_STEP_SAID)
    errors: dict[str, str] = {}
    leader_on, unit_on = _dates(form, errors)
    file = await upload(form, "file")
    settings = request.app.state.web.settings
    storage = FileStorage(settings.files_dir, settings.max_upload_bytes)
    if file is None:
        errors["file"] = "请上传本人及单位签署的同意书"
    elif refused_file := upload_problems(file, storage, "file").items:  # before anything is kept
        errors["file"] = "；".join(p.message for p in refused_file)
    leader_signer, unit_signer = text(form, "leader_signer"), text(form, "unit_signer")
    as_of = today(request)
    if errors or leader_on is None or unit_on is None or file is None:
        also_refused(
            errors,
            consent_field_problems(leader_on, leader_signer, unit_on, unit_signer, as_of=as_of),
        )
        typed, chosen = values(form), unsaved_file(file, errors)
        return _form_page(
            request, user, designation_id, "consent", errors, form_values=typed, unsaved_file=chosen
        )

    def act(uow: UnitOfWork) -> None:
        _designation(uow, designation_id, user)
        stored = store_upload(uow, storage, file, actor=user.actor)
        cmd = RecordConsent(
            designation_id, leader_on, leader_signer, unit_on, unit_signer, stored.id,
            text(form, "notes") or None,
        )  # fmt: skip
        record_continuation_consent(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)

    done = submit(request, user.actor, act, propagate=_title_not_found)
    if isinstance(done, Refused):
        shown = form_errors(done.error, {"designation_id": "_form", "file_id": "file"})
        chosen = unsaved_file(file, shown)
        return _form_page(
            request, user, designation_id, "consent", shown, form_values=values(form),
            unsaved_file=chosen,
        )  # fmt: skip
    return redirect(_back(request, designation_id))


# ---- Yangpu leader change by the district union [Y13][Y3] -----------------------------------


@router.get("/designations/{designation_id}/leader/change", response_class=HTMLResponse)
def change_form(request: Request, user: UserDep, designation_id: IdPath) -> HTMLResponse:
    """变更带头人: the new leader is chosen by search; the leader rule is checked at entry."""
    require(user, Permission.LEADER_CHANGE)
    return _form_page(request, user, designation_id, "change")


@router.post("/designations/{designation_id}/leader/change")
def record_change(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath
) -> Response:
    """Change the leader (or, from the 搜索 button, show the search results and write nothing)."""
    require(user, Permission.LEADER_CHANGE)
    typed = values(form)
    if searching(form):
        return _form_page(request, user, designation_id, "change", None, form_values=typed)
    errors: dict[str, str] = {}
    person_id = chosen_id(typed, "new_leader_person_id", "新带头人", errors)
    effective_on = parse_date(form, "effective_on", "生效日期", errors)
    # The title as the form showed it: another officer's change in between is a conflict, not a
    # second change of the leader that officer has just put in [Y13].
    version = expected_version(form, errors)
    if errors or person_id is None or effective_on is None:
        as_of = today(request)
        also_refused(errors, change_field_problems(text(form, "reason"), effective_on, as_of=as_of))
        return _form_page(request, user, designation_id, "change", errors, form_values=typed)
    # A successor already past the legal age is asked to be confirmed, for this person and date,
    # before anything is written (reading 43b: accepted, with what it then owes) [Y13].
    choice = f"{person_id}:{effective_on.isoformat()}"
    if text(form, "confirmed_choice") != choice:
        with reading(request) as uow:
            warned = proposed_change_warnings(
                uow, designation_id, person_id, effective_on, scope=user.scope
            )
        if warned:
            shown_values = {**typed, "confirmed_choice": choice}
            return _form_page(
                request, user, designation_id, "change", form_values=shown_values, warnings=warned
            )

    def act(uow: UnitOfWork) -> None:
        _designation(uow, designation_id, user)
        if uow.listings.person(person_id, user.scope) is None:
            raise NotFound("新带头人不存在或不在管辖范围内", field="new_leader_person_id")
        cmd = ChangeLeader(
            designation_id, person_id, effective_on, text(form, "reason"),
            text(form, "document_ref") or None, version,
        )  # fmt: skip
        change_leader(uow, cmd, actor=user.actor, as_of=today(request), scope=user.scope)

    done = submit(request, user.actor, act, propagate=_title_not_found)
    if isinstance(done, Refused):
        refused = done.error
        shown: dict[str, str] = form_errors(
            refused, {"designation_id": "_form", "expected_version": "_form"}
        )
        above_form = refused.field in (None, "designation_id", "expected_version")
        if not refused.problems and not above_form:
            shown = {str(refused.field): refused.message}
        return _form_page(
            request, user, designation_id, "change", shown, form_values=typed,
            status_code=409 if done.conflict else None,
        )  # fmt: skip
    return redirect(_back(request, designation_id))


# ---- retiring leaders and the person page ---------------------------------------------------


DEFAULT_HORIZON_MONTHS = 12


def _horizon_problem(raw: str | None) -> str | None:
    """Why the months asked for cannot be used (1..MAX_HORIZON_MONTHS), None when they can."""
    text = (raw or "").strip()
    if not text or (ascii_digits(text) and 1 <= int(text) <= MAX_HORIZON_MONTHS):
        return None
    return f"期限「{text[:20]}」无效（应为1至{MAX_HORIZON_MONTHS}之间的月数）"


def _horizon(raw: str | None, problems: list[str]) -> int:
    """The months asked for, else 12, saying so in ``problems`` (the list page's way)."""
    if problem := _horizon_problem(raw):
        problems.append(f"{problem}，已忽略，按{DEFAULT_HORIZON_MONTHS}个月显示")
        return DEFAULT_HORIZON_MONTHS
    return int((raw or "").strip() or DEFAULT_HORIZON_MONTHS)


def _union_number(asked: str) -> int | None:
    """A union id as typed in the address, None when it is not one."""
    return int(asked) if ascii_digits(asked) and int(asked) < 2**31 else None


@router.get("/leaders/retiring", response_class=HTMLResponse)
def retiring_page(
    request: Request, user: UserDep, union_id: str | None = None, months: str | None = None
) -> HTMLResponse:
    """「即将退休的领衔人」 of a union subtree within a horizon, each with what must be done,
    50 to a page (the Excel export holds the whole list)."""
    problems: list[str] = []
    horizon = _horizon(months, problems)
    page = Filters(request.query_params).page()
    with reading(request) as uow:
        unions = uow.listings.unions(user.read_scope, _WINDOW, level=None, under=None).items
        asked = (union_id or "").strip()
        chosen = _union_number(asked)
        union = uow.unions.get(chosen, user.read_scope) if chosen else None
        if union is None:
            if asked:
                problems.append(f"工会「{asked[:20]}」无效，已忽略")
            union = uow.unions.get(user.union_id, user.read_scope)
        if union is None:
            raise NotFound("工会不存在或不在管辖范围内", field="union_id")
        result = retiring_leaders_page(
            uow,
            union.id,
            scope=user.read_scope,
            as_of=today(request),
            months=horizon,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
        kept = {"union_id": union.id, "months": horizon}  # the pager keeps what is shown
        tree = home_tree(uow, union.path)
        context = {
            "result": result,
            # The rows' own schemes' word (带头人 [Y3], 领衔人 [S3]), the tree's with none.
            "leader_column": leader_column(result.items, tree.listed_leader_word),
            # 「含市级命名」 only beside district titles: 乐山's are all the city's [L 一].
            "with_city_titles": len({get_scheme(c).settings.level for c in tree.schemes}) != 1,
            "union": union,
            "unions": unions,
            "union_names": distinct_names(uow, unions),
            "months": horizon,
            "problems": problems,
            **page_links(kept, page, result.has_next),
        }
        return render(request, "leaders/retiring.html", context)


@router.get("/leaders/retiring.xlsx")
def retiring_excel(
    request: Request, user: UserDep, union_id: str | None = None, months: str | None = None
) -> Response:
    """The same list as Excel (title row, autofilter, landscape fit to width). A workbook cannot
    say that a filter was ignored, so a value the page would name and ignore is refused (422
    beside its field, as the API's twin answers it) rather than exported as another list; a
    union out of sight is not found (404), as every export says it."""
    asked = (union_id or "").strip()
    problems = [
        FieldProblem("months", "validation_failed", problem)
        for problem in [_horizon_problem(months)]
        if problem
    ]
    if asked and _union_number(asked) is None:
        problems.append(FieldProblem("union_id", "validation_failed", f"工会「{asked[:20]}」无效"))
    if problems:
        raise ValidationFailed("；".join(p.message for p in problems), problems=problems)
    horizon = _horizon(months, [])
    with reading(request) as uow:
        # None given: the user's own union, as the page shows it.
        chosen = user.union_id if not asked else _union_number(asked)
        union = uow.unions.get(chosen, user.read_scope) if chosen else None
        if union is None:
            raise NotFound("工会不存在或不在管辖范围内", field="union_id")
        as_of = today(request)
        rows = retiring_leaders(uow, union.id, scope=user.read_scope, as_of=as_of, months=horizon)
        word = home_tree(uow, union.path).leader_word
        data = retiring_workbook(rows, union.name, as_of, horizon, leader_word=word)
        filename = retiring_filename(union.name, word)
    return xlsx(data, filename)
