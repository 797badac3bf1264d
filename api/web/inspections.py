"""Inspection recording: schedule, record each 五个有 criterion with notes and evidence [Y12]."""

from __future__ import annotations

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
from api.web.forms import parse_date, parse_int, text, upload, values
from api.web.ids import IdPath
from api.web.pages import designation_pages_query
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.designations.authority import authority_refusal
from lifecycle.files.storage import FileStorage, Upload, upload_problems
from lifecycle.inspections.model import (
    INSPECTION_KIND_LABELS,
    INSPECTION_RESULT_LABELS,
    InspectionKind,
)
from lifecycle.inspections.moving import (
    RescheduleInspection,
    reschedule_field_problems,
    reschedule_inspection,
)
from lifecycle.inspections.recorded import lost_outcome
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    WithdrawInspection,
    kind_problems,
    not_yet_held,
    outcome_field_problems,
    record_outcome,
    schedule_field_problems,
    schedule_inspection,
    withdraw_field_problems,
    withdraw_inspection,
)
from lifecycle.schemes.authority import Act
from lifecycle.uow import UnitOfWork
from lifecycle.views.inspection import evidence_file, inspection_view, scheduling_context

router = APIRouter(route_class=HtmlRoute)

KIND_OPTIONS = [(k.value, label) for k, label in INSPECTION_KIND_LABELS.items()]


# The scheduling form's inputs; a refusal on any other field is said above the form.
_SCHEDULE_FIELDS = ("kind", "scheduled_on", "cycle_no", "place", "inspectors")


def _schedule_page(
    request: Request,
    user: Principal,
    designation_id: int,
    form_values: dict[str, str] | None,
    errors: dict[str, str],
) -> HTMLResponse:
    with reading(request) as uow:
        context = scheduling_context(
            uow, designation_id, today(request), scope=user.scope, actor=user.actor
        )
        if form_values is None:  # first shown: a re-inspection when a notice is open
            kind = InspectionKind.RE_INSPECTION if context.open_notice else InspectionKind.CYCLE_END
            form_values = {
                "kind": kind.value,
                "scheduled_on": today(request).isoformat(),
                "cycle_no": str(context.due_cycle or ""),
            }
        return render(
            request,
            "inspection_schedule.html",
            {
                "ctx": context,
                "values": form_values,
                "errors": errors,
                "kinds": KIND_OPTIONS,
                "pages_query": designation_pages_query(request.query_params),  # the title page's
            },
            status_code=422 if errors else 200,
        )


@router.get("/designations/{designation_id}/inspections/new", response_class=HTMLResponse)
def schedule_form(request: Request, user: UserDep, designation_id: IdPath) -> HTMLResponse:
    """The scheduling form (a re-inspection when a notice is open, else the due cycle's)."""
    require(user, Permission.INSPECTION_RECORD, OWN_STEP_SAID)
    return _schedule_page(request, user, designation_id, None, {})


@router.post("/designations/{designation_id}/inspections")
def schedule(request: Request, user: UserDep, form: FormDep, designation_id: IdPath) -> Response:
    """Schedule the inspection, then open its recording form."""
    require(user, Permission.INSPECTION_RECORD, OWN_STEP_SAID)
    errors: dict[str, str] = {}
    scheduled_on = parse_date(form, "scheduled_on", "检查日期", errors)
    cycle_no = parse_int(form, "cycle_no", "管理周期序号", errors)
    kind_raw = text(form, "kind")
    if kind_raw not in set(InspectionKind):
        errors["kind"] = "请选择检查类别"
    place, inspectors = text(form, "place"), text(form, "inspectors")
    if errors or scheduled_on is None:
        also_refused(errors, schedule_field_problems(place, inspectors))
        if kind_raw in set(InspectionKind):  # the kind's own refusal, whatever the date
            with reading(request) as uow:
                designation = uow.designations.require(designation_id, user.scope)
                also_refused(errors, kind_problems(uow, designation, InspectionKind(kind_raw)))
        return _schedule_page(request, user, designation_id, values(form), errors)
    cmd = ScheduleInspection(
        designation_id=designation_id,
        kind=InspectionKind(kind_raw),
        scheduled_on=scheduled_on,
        place=place,
        inspectors=inspectors,
        cycle_no=cycle_no if kind_raw == InspectionKind.CYCLE_END else None,
    )
    as_of = today(request)
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            schedule_inspection(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope).id
        ),
    )
    if isinstance(outcome, Refused):
        shown = form_errors(outcome.error, fields=_SCHEDULE_FIELDS)
        return _schedule_page(request, user, designation_id, values(form), shown)
    return redirect(f"/inspections/{outcome}")


@router.post("/inspections/{inspection_id}/withdrawal")
def withdraw(request: Request, user: UserDep, form: FormDep, inspection_id: IdPath) -> Response:
    """Withdraw a scheduled inspection that has no result (a mistake undone, audited) [Y12]."""
    require(user, Permission.INSPECTION_RECORD)
    errors: dict[str, str] = {}
    version = parse_int(form, "expected_version", "版本", errors)
    reason = text(form, "withdraw_reason")
    also_refused(errors, withdraw_field_problems(reason))
    status = None
    if not errors:
        cmd = WithdrawInspection(inspection_id, reason, version)
        outcome = submit(
            request,
            user.actor,
            lambda uow: withdraw_inspection(uow, cmd, actor=user.actor, scope=user.scope),
        )
        if not isinstance(outcome, Refused):
            return redirect(f"/designations/{outcome}#inspections")
        errors = form_errors(outcome.error, fields=("reason",))
        # Not the input but the right or the record's state (a result recorded): as 改期 answers.
        status = outcome.error.http_status if outcome.error.http_status in (403, 409) else None
    shown = {("withdraw_reason" if k == "reason" else "_form"): v for k, v in errors.items()}
    page = _inspection_page(request, user, inspection_id, withdrawal=(reason, shown))
    page.status_code = status or page.status_code
    return page


# The 改期 form's inputs (prefixed: the page's other forms have fields of the same names).
_MOVE_FIELDS = {"scheduled_on": "move_on", "place": "move_place", "inspectors": "move_inspectors"}
_MOVE_FIELDS |= {"reason": "move_reason"}


@router.post("/inspections/{inspection_id}/reschedule")
def reschedule(request: Request, user: UserDep, form: FormDep, inspection_id: IdPath) -> Response:
    """改期: move the inspection (date, place, inspectors), audited with the reason [Y12]."""
    require(user, Permission.INSPECTION_RECORD)
    errors: dict[str, str] = {}
    scheduled_on = parse_date(form, "move_on", "检查日期", errors)
    version = parse_int(form, "expected_version", "版本", errors)
    place, inspectors = text(form, "move_place"), text(form, "move_inspectors")
    reason = text(form, "move_reason")
    for problem in reschedule_field_problems(place, inspectors, reason):
        errors.setdefault(_MOVE_FIELDS.get(problem.field or "", "_form"), problem.message)
    typed = {name: text(form, name) for name in _MOVE_FIELDS.values()}
    if errors or scheduled_on is None:
        return _inspection_page(request, user, inspection_id, moving=(typed, errors))
    cmd = RescheduleInspection(inspection_id, scheduled_on, place, inspectors, reason, version)
    as_of = today(request)
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            reschedule_inspection(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope).id
        ),
    )
    if not isinstance(outcome, Refused):
        return redirect(f"/inspections/{outcome}")
    names = {**_MOVE_FIELDS, "cycle_no": "move_on"}
    shown = form_errors(outcome.error, names, fields=tuple(typed))
    page = _inspection_page(request, user, inspection_id, moving=(typed, shown))
    if outcome.error.http_status in (403, 409):  # not the input: the right or the record's state
        page.status_code = outcome.error.http_status
    return page


def _inspection_page(
    request: Request,
    user: Principal,
    inspection_id: int,
    form_values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    *,
    withdrawal: tuple[str, dict[str, str]] | None = None,
    moving: tuple[dict[str, str], dict[str, str]] | None = None,
    conflict: bool = False,
    unsaved: dict[str, str] | None = None,
) -> HTMLResponse:
    """The inspection; its recording form, the 改期 form (``moving``: what was typed and its
    errors) and the withdrawal form (``withdrawal``: likewise) while no result is recorded;
    once recorded, a refused recording's message and what was typed (``conflict``: 409, a lost
    race with another officer's recording). ``unsaved``: the evidence files a refused recording
    did not keep, by field (a browser never refills a file field: each is named to choose again)."""
    with reading(request) as uow:
        view = inspection_view(uow, inspection_id, scope=user.read_scope)
        i = view.inspection
        initial = {
            "recorded_on": today(request).isoformat(),
            "expected_version": str(i.version),
        }
        reason, withdraw_errors = withdrawal or ("", {})
        move_values, move_errors = moving or (
            {
                "move_on": i.scheduled_on.isoformat(),
                "move_place": i.place,
                "move_inspectors": i.inspectors,
            },
            {},
        )
        shown_errors = errors or {}
        return render(
            request,
            "inspection.html",
            {
                "view": view,
                "values": form_values if form_values is not None else initial,
                "errors": shown_errors,
                "unsaved": unsaved or {},
                "withdraw_values": {"withdraw_reason": reason},
                "withdraw_errors": withdraw_errors,
                "move_values": move_values,
                "move_errors": move_errors,
                "kind_labels": INSPECTION_KIND_LABELS,
                "result_labels": INSPECTION_RESULT_LABELS,
                # The use case's authority, not the role alone: a sector union's officer reads
                # the inspection but may not record, move or withdraw it [Y12].
                # Asked of the use case's rule on today: the recording form once it can pass.
                "not_yet_held": not_yet_held(i.scheduled_on, today(request)),
                "can_record": user.can(Permission.INSPECTION_RECORD)
                and authority_refusal(uow, view.designation, Act.INSPECT, user.actor) is None,
            },
            status_code=(
                409 if conflict else 422 if shown_errors or withdraw_errors or move_errors else 200
            ),
        )


@router.get("/inspections/{inspection_id}", response_class=HTMLResponse)
def inspection_page(request: Request, user: UserDep, inspection_id: IdPath) -> HTMLResponse:
    """The recording form while no result is recorded; the outcome afterwards."""
    require(user, Permission.READ)
    return _inspection_page(request, user, inspection_id)


async def _evidence(
    form: FormData, codes: list[str], errors: dict[str, str], storage: FileStorage
) -> tuple[tuple[str | None, Upload], ...]:
    """The evidence files chosen per criterion; a refused file is noted beside its field."""
    found: list[tuple[str | None, Upload]] = []
    for code in codes:
        name = f"evidence__{code}"
        file = await upload(form, name)
        if file is None:
            continue
        problems = upload_problems(file, storage, name)
        if problems.items:
            errors[name] = "；".join(p.message for p in problems.items)
        found.append((code, file))
    return tuple(found)


@router.post("/inspections/{inspection_id}/outcome")
async def record(request: Request, user: UserDep, form: FormDep, inspection_id: IdPath) -> Response:
    """Record every criterion; a failed cycle-end inspection issues a numbered notice [Y12]."""
    require(user, Permission.INSPECTION_RECORD)
    with reading(request) as uow:
        codes = [c for c, _ in inspection_view(uow, inspection_id, scope=user.scope).criteria]
    errors: dict[str, str] = {}
    recorded_on = parse_date(form, "recorded_on", "检查日期", errors)
    version = parse_int(form, "expected_version", "版本", errors)
    outcomes = []
    for code in codes:
        result = text(form, f"result__{code}")
        if result not in ("pass", "fail"):
            errors[f"result__{code}"] = "请选择合格或不合格"
            continue
        outcomes.append(CriterionInput(code, result == "pass", text(form, f"notes__{code}")))
    evidence = await _evidence(form, codes, errors, config(request).storage)
    unsaved = {f"evidence__{code}": file.filename for code, file in evidence}
    names = {f"outcomes.{i}.notes": f"notes__{o.criterion_code}" for i, o in enumerate(outcomes)}
    as_of, storage = today(request), config(request).storage
    if errors or recorded_on is None:
        summary = text(form, "summary") or None
        for problem in outcome_field_problems(recorded_on, outcomes, as_of=as_of, summary=summary):
            errors.setdefault(names.get(problem.field, problem.field), problem.message)
        return _inspection_page(request, user, inspection_id, values(form), errors, unsaved=unsaved)
    cmd = RecordOutcome(
        inspection_id=inspection_id,
        recorded_on=recorded_on,
        outcomes=tuple(outcomes),
        summary=text(form, "summary") or None,
        expected_version=version,
        evidence=evidence,
    )
    names |= {f"evidence.{i}.criterion_code": f"evidence__{c}" for i, (c, _) in enumerate(evidence)}
    names |= {"inspection_id": "_form", "outcomes": "_form", "expected_version": "_form"}

    def act(uow: UnitOfWork) -> str:
        inspection = record_outcome(
            uow, cmd, actor=user.actor, as_of=as_of, storage=storage, scope=user.scope
        )
        view = inspection_view(uow, inspection.id, scope=user.scope)
        if view.notice is not None:
            return f"/notices/{view.notice.id}"
        return f"/designations/{view.designation.id}#inspections"

    outcome = submit(request, user.actor, act)
    lost = isinstance(outcome, Refused) and outcome.conflict
    if lost and isinstance(outcome, Refused) and outcome.error.code != "already_recorded":
        # Both passed the version check at once, the database stopped this one: read again
        # and say who recorded the result, as one posted after it is told.
        with reading(request) as again:
            said = lost_outcome(again, inspection_id, user.scope)
        outcome = Refused(said) if said is not None else outcome
    if isinstance(outcome, Refused):
        shown = form_errors(outcome.error, names)
        return _inspection_page(
            request,
            user,
            inspection_id,
            values(form),
            shown,
            conflict=outcome.conflict,
            unsaved=unsaved,
        )
    return redirect(outcome)


@router.get("/inspections/{inspection_id}/evidence/{evidence_id}")
def evidence_download(
    request: Request, user: UserDep, inspection_id: IdPath, evidence_id: IdPath
) -> Response:
    """One evidence file, only inside the user's scope."""
    require(user, Permission.READ)
    with reading(request) as uow:
        stored = evidence_file(uow, inspection_id, evidence_id, scope=user.read_scope)
        data = config(request).storage.read(stored)
        return download(data, stored.filename, stored.content_type)
