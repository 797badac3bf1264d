"""The unit's yearly duties on a page: self-check and evaluation filing [Y11], 台账 [Y10][S8]."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.downloads import download
from api.web.auth import OWN_STEP_SAID, FormDep, UserDep, require
from api.web.core import (
    HtmlRoute,
    also_refused,
    config,
    form_errors,
    reading,
    redirect,
    render,
    today,
)
from api.web.forms import parse_date, parse_int, parse_year, text, unsaved_file, upload, values
from api.web.ids import IdPath
from api.web.pages import designation_pages_query, title_page_back
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.designations.model import Designation
from lifecycle.errors import FieldProblem, NotFound
from lifecycle.files.storage import upload_problems
from lifecycle.filings.model import FILING_KIND_LABELS, FilingKind
from lifecycle.filings.service import (
    FileYearly,
    before_naming,
    file_yearly,
    filing_field_problems,
    filing_unavailable,
    filing_year_problem,
)
from lifecycle.ledgers.model import (
    ACHIEVEMENT_KIND_LABELS,
    DEVELOPMENT_KIND_LABELS,
    AchievementKind,
    DevelopmentKind,
)
from lifecycle.ledgers.service import (
    PARTICIPANTS_MAX,
    NewAchievement,
    NewActivity,
    NewMemberDevelopment,
    NewProject,
    achievement_field_problems,
    activity_field_problems,
    development_field_problems,
    project_field_problems,
    project_year_problem,
    record_achievement,
    record_activity,
    record_member_development,
    record_project,
)
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.schemes import get_scheme
from lifecycle.schemes.texts import ledger_marks
from lifecycle.uow import UnitOfWork
from lifecycle.views.filings import filing_file

router = APIRouter(route_class=HtmlRoute)

FILING_KINDS = [(k.value, label) for k, label in FILING_KIND_LABELS.items()]
# The four ledgers [Y10]: the page's name, its heading and where the designation page lists it.
LEDGERS = {
    "project": "攻关项目（含年度工作计划）",
    "activity": "创建活动",
    "achievement": "创新成果",
    "development": "成员发展",
}
ACHIEVEMENT_KINDS = [(k.value, label) for k, label in ACHIEVEMENT_KIND_LABELS.items()]
DEVELOPMENT_KINDS = [(k.value, label) for k, label in DEVELOPMENT_KIND_LABELS.items()]


def _designation(uow: UnitOfWork, user: Principal, designation_id: int) -> Designation:
    designation = uow.designations.get(designation_id, user.scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在管辖范围内", field="designation_id")
    return designation


# ---- yearly self-check and unit evaluation [Y11] -------------------------------------------


def _filing_page(
    request: Request,
    user: Principal,
    designation_id: int,
    form_values: dict[str, str],
    errors: dict[str, str],
    *,
    unsaved: str | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        d = _designation(uow, user, designation_id)
        settings = get_scheme(d.scheme_code).settings
        filed = {(f.year, f.kind.value) for f in uow.filings.for_designation(d.id)}
        context: dict[str, Any] = {
            "d": d,
            "settings": settings,
            "kinds": FILING_KINDS,
            "filed": sorted(filed, reverse=True),
            "kind_labels": FILING_KIND_LABELS,
            "values": form_values,
            "errors": errors,
            "unsaved_file": unsaved,  # a good file chosen, not kept: choose it again
            # A title that takes no filing says why instead of offering a form it would refuse.
            "closed": filing_unavailable(uow, d, user.actor),
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        }
        return render(request, "duties/filing.html", context, status_code=422 if errors else 200)


# The 待办 kinds of the two yearly filings [Y11], and the filing each asks for.
_OWED_FILINGS = {
    OccasionKind.SELF_CHECK_FILING: FilingKind.SELF_CHECK,
    OccasionKind.UNIT_EVALUATION_FILING: FilingKind.UNIT_EVALUATION,
}


def _next_filing(uow: UnitOfWork, user: Principal, designation_id: int, on: date) -> dict[str, str]:
    """The year and kind to preselect: the oldest filing the 待办 still owes up to this year (an
    overdue 2025 self-check before this year's), the self-check first; else this year's kind
    not yet filed. Before, the form always offered this year, so a unit following an overdue
    item filed this year's instead."""
    owed = sorted(
        (o.due_on, list(_OWED_FILINGS).index(o.kind), o)
        for o in occasions_for_designation(uow, designation_id, on, scope=user.scope)
        if o.kind in _OWED_FILINGS
        and o.status is not OccasionStatus.DONE
        and o.due_on.year <= on.year
    )
    if owed:
        first = owed[0][2]
        return {"year": str(first.due_on.year), "kind": _OWED_FILINGS[first.kind].value}
    done = {f.kind for f in uow.filings.for_designation(designation_id) if f.year == on.year}
    missing = [k for k in FilingKind if k not in done]
    return {"year": str(on.year), "kind": (missing or list(FilingKind))[0].value}


@router.get("/designations/{designation_id}/filings/{filing_id}/file")
def filing_download(
    request: Request, user: UserDep, designation_id: IdPath, filing_id: IdPath
) -> Response:
    """The file filed with a yearly self-check or evaluation, only inside the user's scope [Y11]."""
    require(user, Permission.READ)
    with reading(request) as uow:
        stored = filing_file(uow, designation_id, filing_id, scope=user.read_scope)
        data = config(request).storage.read(stored)
        return download(data, stored.filename, stored.content_type)


@router.get("/designations/{designation_id}/filings/new", response_class=HTMLResponse)
def filing_form(request: Request, user: UserDep, designation_id: IdPath) -> HTMLResponse:
    """The yearly filing form: kind, year, date, note and the signed file [Y11]."""
    require(user, Permission.FILING_SUBMIT, OWN_STEP_SAID)
    on = today(request)
    with reading(request) as uow:
        initial = _next_filing(uow, user, _designation(uow, user, designation_id).id, on)
    initial["filed_on"] = on.isoformat()
    return _filing_page(request, user, designation_id, initial, {})


@router.post("/designations/{designation_id}/filings")
async def filing_post(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath
) -> Response:
    """File the self-check or the unit union's evaluation with its file, once a year [Y11]."""
    require(user, Permission.FILING_SUBMIT, OWN_STEP_SAID)
    errors: dict[str, str] = {}
    kind = text(form, "kind")
    if kind not in set(FilingKind):
        errors["kind"] = "请选择备案类别"
    as_of, storage = today(request), config(request).storage
    # The title's own years [Y11], however long the year typed, as the use case names them.
    year = parse_year(form, "year", "备案年度", errors, required=True)
    filed_on = parse_date(form, "filed_on", "备案日期", errors)
    file = await upload(form, "upload")
    if file is None:
        errors["upload"] = "请选择自查报告或评估表文件"
    with reading(request) as uow:
        designation = _designation(uow, user, designation_id)
        year_refused = None if year is None else filing_year_problem(designation, year, as_of=as_of)
        # A date before the naming, named with the rest at once.
        early = None if filed_on is None else before_naming(designation, filed_on)
    if year_refused is not None:
        errors["year"] = year_refused
    if errors or year is None or filed_on is None or file is None:
        typed = filing_field_problems(year, filed_on, as_of=as_of, note=text(form, "note"))
        typed += [early] if early is not None else []
        if file is not None:
            typed += upload_problems(file, storage, "upload").items
        also_refused(errors, typed)
        chosen = unsaved_file(file, errors, "upload")
        return _filing_page(request, user, designation_id, values(form), errors, unsaved=chosen)
    cmd = FileYearly(designation_id, year, FilingKind(kind), filed_on, file, text(form, "note"))
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            file_yearly(uow, storage, cmd, actor=user.actor, as_of=as_of, scope=user.scope).id
        ),
    )
    if isinstance(outcome, Refused):
        shown = form_errors(outcome.error, {"designation_id": "_form", "file": "upload"})
        chosen = unsaved_file(file, shown, "upload")
        return _filing_page(request, user, designation_id, values(form), shown, unsaved=chosen)
    return redirect(title_page_back(designation_id, request.query_params, "filings"))


# ---- 台账 entries [Y10][S8] ------------------------------------------------------------------


def _ledger_page(
    request: Request,
    user: Principal,
    designation_id: int,
    which: str,
    *,
    form_values: dict[str, str],
    errors: dict[str, str],
) -> HTMLResponse:
    with reading(request) as uow:
        d = _designation(uow, user, designation_id)
        on = today(request)
        word = get_scheme(d.scheme_code).settings.leader_word  # 带头人 [Y3][L], 领衔人 [S][C]
        people = [(str(d.workshop.leader_person_id), f"{d.workshop.leader.name}（{word}）")]
        people += [(str(m.person_id), m.person.name) for m in d.workshop.members_on(on)]
        context: dict[str, Any] = {
            "d": d,
            "which": which,
            "heading": LEDGERS[which],
            "achievement_kinds": ACHIEVEMENT_KINDS,
            "development_kinds": DEVELOPMENT_KINDS,
            "people": [("", "（不在名单中，填写姓名）"), *people],
            "participants_max": PARTICIPANTS_MAX,
            # The ticks in the words of the title's scheme (乐山's: no award tick [L 二（三）]).
            "marks": ledger_marks(d.scheme_code, which),
            "values": form_values,
            "errors": errors,
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        }
        return render(
            request, "duties/ledger_entry.html", context, status_code=422 if errors else 200
        )


def _which(which: str) -> str:
    if which not in LEDGERS:
        raise NotFound("没有这种台账", field="which")
    return which


@router.get("/designations/{designation_id}/ledger/{which}/new", response_class=HTMLResponse)
def ledger_form(
    request: Request, user: UserDep, designation_id: IdPath, which: str
) -> HTMLResponse:
    """The form of one ledger entry: project, activity, achievement or member development."""
    require(user, Permission.LEDGER_WRITE)
    on = today(request)
    initial = {
        "project": {"year": str(on.year), "tied_to_main_business": "on"},
        "activity": {"held_on": on.isoformat()},
        "achievement": {"achieved_on": on.isoformat()},
        "development": {"occurred_on": on.isoformat()},
    }[_which(which)]
    return _ledger_page(request, user, designation_id, which, form_values=initial, errors={})


def _checked(form: FormData, name: str) -> bool:
    return text(form, name) in ("on", "1", "true")


Marks = tuple[tuple[str, str], ...]


def _ticked(form: FormData, name: str, marks: Marks) -> bool:
    """A tick the form offers on this title, ticked; one it does not offer (another scheme's,
    e.g. Shanghai's award tick on a 乐山 title [L 二（三）]) is not recorded, whatever is posted."""
    return any(name == offered for offered, _ in marks) and _checked(form, name)


def _project(
    form: FormData, workshop_id: int, errors: dict[str, str], marks: Marks
) -> NewProject | None:
    year = parse_year(form, "year", "项目年度", errors, required=True)
    started_on = None
    if text(form, "started_on"):
        started_on = parse_date(form, "started_on", "开始日期", errors)
    if year is None:
        return None
    return NewProject(
        workshop_id, year, text(form, "title"), text(form, "work_plan") or None, started_on,
        recognised=_ticked(form, "recognised", marks),
        tied_to_main_business=_ticked(form, "tied_to_main_business", marks),
    )  # fmt: skip


def _activity(
    form: FormData, workshop_id: int, errors: dict[str, str], _marks: Marks
) -> NewActivity | None:
    held_on = parse_date(form, "held_on", "活动日期", errors)
    participants = parse_int(form, "participants", "参加人数", errors, rule_bounded=True)
    if held_on is None:
        return None
    description = text(form, "description") or None
    return NewActivity(workshop_id, held_on, text(form, "title"), participants, description)


def _achievement(
    form: FormData, workshop_id: int, errors: dict[str, str], marks: Marks
) -> NewAchievement | None:
    kind = text(form, "kind")
    if kind not in set(AchievementKind):
        errors["kind"] = "请选择成果类别"
    achieved_on = parse_date(form, "achieved_on", "取得日期", errors)
    if achieved_on is None or "kind" in errors:
        return None
    return NewAchievement(
        workshop_id, AchievementKind(kind), text(form, "title"), achieved_on,
        economic_benefit_yuan=text(form, "economic_benefit_yuan") or None,
        social_benefit=text(form, "social_benefit") or None,
        applied_in_production=_ticked(form, "applied_in_production", marks),
        recognised=_ticked(form, "recognised", marks),
        city_level_award=_ticked(form, "city_level_award", marks),
    )  # fmt: skip


def _development(
    form: FormData, workshop_id: int, errors: dict[str, str], _marks: Marks
) -> NewMemberDevelopment | None:
    kind = text(form, "kind")
    if kind not in set(DevelopmentKind):
        errors["kind"] = "请选择发展类别"
    occurred_on = parse_date(form, "occurred_on", "发生日期", errors)
    person_id = parse_int(form, "person_id", "人员", errors)
    if occurred_on is None or "kind" in errors:
        return None
    return NewMemberDevelopment(
        workshop_id, DevelopmentKind(kind), occurred_on, text(form, "description"),
        person_id=person_id, person_name=text(form, "person_name") or None,
    )  # fmt: skip


_READERS: dict[str, Callable[[FormData, int, dict[str, str], Marks], Any]] = {
    "project": _project,
    "activity": _activity,
    "achievement": _achievement,
    "development": _development,
}
# What each use case also refuses in the typed fields, for a form refused before it runs.
_TYPED: dict[str, Callable[[FormData], list[FieldProblem]]] = {
    "project": lambda form: project_field_problems(
        text(form, "title"), text(form, "work_plan") or None
    ),
    "activity": lambda form: activity_field_problems(
        text(form, "title"),
        parse_int(form, "participants", "参加人数", {}, rule_bounded=True),
        text(form, "description") or None,
    ),
    "achievement": lambda form: achievement_field_problems(
        text(form, "title"),
        text(form, "economic_benefit_yuan") or None,
        text(form, "social_benefit") or None,
    ),
    "development": lambda form: development_field_problems(
        text(form, "description"),
        text(form, "person_name") or None,
        listed=bool(text(form, "person_id")),
    ),
}
_RECORDERS: dict[str, Callable[..., Any]] = {
    "project": record_project,
    "activity": record_activity,
    "achievement": record_achievement,
    "development": record_member_development,
}


@router.post("/designations/{designation_id}/ledger/{which}")
def ledger_post(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath, which: str
) -> Response:
    """Record one ledger entry of the designation's workshop [Y10][S8]."""
    require(user, Permission.LEDGER_WRITE)
    _which(which)
    with reading(request) as uow:
        designation = _designation(uow, user, designation_id)
        workshop = designation.workshop
        workshop_id, founded_on = workshop.id, workshop.founded_on
        marks = ledger_marks(designation.scheme_code, which)
    errors: dict[str, str] = {}
    cmd = _READERS[which](form, workshop_id, errors, marks)
    if errors or cmd is None:
        also_refused(errors, _TYPED[which](form))
        year = parse_year(form, "year", "项目年度", {}) if which == "project" else None
        if year is not None and (why := project_year_problem(year, founded_on, today(request))):
            errors.setdefault("year", why)  # named with the other bad fields
        return _ledger_page(
            request, user, designation_id, which, form_values=values(form), errors=errors
        )
    as_of, record = today(request), _RECORDERS[which]
    outcome = submit(
        request,
        user.actor,
        lambda uow: record(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope).id,
    )
    if isinstance(outcome, Refused):
        shown = form_errors(outcome.error, {"workshop_id": "_form"})
        return _ledger_page(
            request, user, designation_id, which, form_values=values(form), errors=shown
        )
    return redirect(title_page_back(designation_id, request.query_params, "ledgers"))
