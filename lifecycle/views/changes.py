"""Read models of the 附件3 change-request pages and the designation page's section [C][S9]."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lifecycle.assessments.closing import delisting_applied_message
from lifecycle.changes.attachments import attaching_unions
from lifecycle.changes.checks import (
    allowed_measures,
    check_designation_open,
    measures_note,
    step_union_id,
)
from lifecycle.changes.model import (
    CHANGE_MEASURE_LABELS,
    ChangeMeasure,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeRequestStep,
    ChangeStep,
    status_labels,
    step_labels,
)
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound, Problems
from lifecycle.leaders.gone import GONE_EVENTS, gone_message
from lifecycle.leaders.successor import request_warnings
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged, stored_page


@dataclass(frozen=True)
class ChangeSection:
    """The designation page's part on 附件3: its requests [C 三（六）] (leader events and consents
    are the 带头人 section's)."""

    applies: bool
    requests: Paged[ChangeRequest]  # a page of them, as filed (``page``: its number)
    has_open: bool
    status_labels: dict[str, str]  # as the scheme names its deciding body (``status_labels``)
    open_id: int | None = None  # the request still open: the one to work on, not a new one
    blocked: str | None = None  # why none may be filed now (the 考核's 摘牌 application [S9])
    page: int = 1


def change_section(
    uow: UnitOfWork, designation: Designation, *, page: int = 1, problems: list[str] | None = None
) -> ChangeSection:
    """What the designation page lists about change requests (already scoped): page ``page``
    of them, paged in SQL (past the last: the last, said in ``problems``), and the open one."""
    shown, requests = stored_page(
        lambda w: uow.change_requests.page_for_designation(designation.id, w),
        page,
        [] if problems is None else problems,
    )
    still_open = uow.change_requests.open_for(designation.id)
    open_id = None if still_open is None else still_open.id
    applies = get_scheme(designation.scheme_code).settings.uses_change_request_form
    return ChangeSection(
        applies=applies,
        requests=requests,
        has_open=open_id is not None,
        status_labels=_by_value(status_labels(designation.scheme_code)),
        open_id=open_id,
        blocked=delisting_applied_message(uow, designation) if applies else None,
        page=shown,
    )


def filing_blocked(uow: UnitOfWork, designation: Designation) -> str | None:
    """Why no 附件3 may be filed on ``designation`` now, as the filing page says instead of its
    fields (the use case refuses the same): the title is not under management, a request of it
    is open (work on that one), or its 考核 applied for its 摘牌 [S9] 第九条 [C 三（六）]."""
    problems = Problems()
    check_designation_open(problems, designation)
    if problems.items:
        return problems.items[0].message
    section = change_section(uow, designation)
    if section.open_id is not None:
        return (
            f"该工作室已有未办结的管理变更申请（第{section.open_id}号），不能重复提出，"
            "请在该申请上继续办理"
        )
    return section.blocked


@dataclass(frozen=True)
class MeasureChoices:
    """拟采取措施 as the 附件3 forms offer them for a title's scheme [S9][C 三（六）]."""

    options: list[tuple[str, str]]  # (value, label), 「请选择」 first
    leader_change: bool  # whether 领衔人变更 (and so the new-leader picker) is offered
    only: str | None  # the one measure allowed, chosen in advance
    note: str | None  # why fewer than all three are offered, citing the article


def measure_choices(scheme_code: str) -> MeasureChoices:
    """The measures the scheme allows on 附件3 (``changes.checks.allowed_measures``)."""
    settings = get_scheme(scheme_code).settings
    allowed = allowed_measures(settings)
    return MeasureChoices(
        options=[("", "请选择")] + [(m.value, CHANGE_MEASURE_LABELS[m]) for m in allowed],
        leader_change=ChangeMeasure.LEADER_CHANGE in allowed,
        only=allowed[0].value if len(allowed) == 1 else None,
        note=measures_note(settings),
    )


@dataclass(frozen=True)
class ChangePage:
    """One request with its designation, people, step log and the union whose step is next."""

    request: ChangeRequest
    designation: Designation
    old_leader: Person | None
    new_leader: Person | None
    steps: Sequence[ChangeRequestStep]
    waiting_step: ChangeStep | None
    waiting_union_id: int | None
    waiting_union_name: str
    union_names: dict[int, str]
    # The city step and its statuses as the title's scheme names its deciding body
    # (``changes.model.step_labels``) [C 三（六）][S9].
    step_labels: dict[str, str]
    status_labels: dict[str, str]
    # The unions that may attach files now (``changes.attachments.attaching_unions``) [C 三（六）].
    attachers: tuple[int, ...] = ()
    # What the proposed new leader still needs (past the legal retirement age) [Y13][C 三（六）].
    warnings: tuple[str, ...] = ()


def change_page(
    uow: UnitOfWork, request_id: int, *, scope: Scope, as_of: date | None = None
) -> ChangePage:
    """Read one request inside ``scope`` (NotFound outside it)."""
    request = uow.change_requests.get(request_id, scope)
    if request is None:
        raise NotFound("管理变更申请不存在或不在可见范围内", field="request_id")
    designation = uow.designations.get(request.designation_id, scope=scope)
    assert designation is not None
    steps = uow.change_requests.steps(request.id)
    waiting = request.waiting_step
    waiting_union = step_union_id(designation, waiting) if waiting is not None else None
    wanted = {s.acting_union_id for s in steps if s.acting_union_id is not None}
    wanted |= {a.acting_union_id for a in request.attachments}
    if waiting_union is not None:
        wanted.add(waiting_union)
    names = {}
    for union_id in wanted:  # acting unions may lie above the reader: their names are shown
        union = uow.unions.get(union_id, EVERYTHING)
        if union is not None:
            names[union_id] = union.name
    new_leader = (
        uow.persons.get(request.new_leader_person_id, EVERYTHING)
        if request.new_leader_person_id
        else None
    )
    return ChangePage(
        request=request,
        designation=designation,
        old_leader=uow.persons.get(request.old_leader_person_id, scope=scope),
        new_leader=new_leader,
        steps=steps,
        waiting_step=waiting,
        waiting_union_id=waiting_union,
        waiting_union_name=names.get(waiting_union, "") if waiting_union is not None else "",
        union_names=names,
        step_labels=_by_value(step_labels(designation.scheme_code)),
        status_labels=_by_value(status_labels(designation.scheme_code)),
        attachers=attaching_unions(
            request, designation, uow.change_requests.filer_union_id(request.id)
        ),
        warnings=(
            *_gone_warning(uow, request, new_leader),
            *request_warnings(designation, request, new_leader, as_of or request.filed_on),
        ),
    )


# What the waiting step may do instead of agreeing to a gone new leader: the unit's union (which
# sends nothing back) withdraws the request; the district returns it; the city returns it or does
# not agree [C 三（六）].
_GONE_REMEDIES = {
    ChangeStep.UNIT: "撤回该申请",
    ChangeStep.DISTRICT: "退回修改",
    ChangeStep.CITY: "退回修改或审定不同意",
}


def _gone_warning(
    uow: UnitOfWork, request: ChangeRequest, new_leader: Person | None
) -> tuple[str, ...]:
    """Told before anyone decides: a proposed new leader gone since the filing is not agreed to
    (``approve_step`` refuses it); the request is returned or not agreed to [C 三（六）]."""
    waiting = request.waiting_step
    if waiting is None or request.measure is not ChangeMeasure.LEADER_CHANGE or new_leader is None:
        return ()
    kind = GONE_EVENTS.get(new_leader.employment_status)
    if kind is None or request.status is ChangeRequestStatus.RETURNED:
        return ()
    ended_on = uow.leaders.ended_on(new_leader.id, kind)
    said = gone_message(
        "新领衔人", new_leader.name, new_leader.employment_status, ended_on, word="领衔人"
    )
    remedy = _GONE_REMEDIES[waiting]
    return (f"{said}；此申请不能同意，请{remedy}",) if said else ()


def _by_value(
    labels: Mapping[ChangeStep, str] | Mapping[ChangeRequestStatus, str],
) -> dict[str, str]:
    return {k.value: label for k, label in labels.items()}
