"""Naming: the one way a title comes into being, by the union the pack names [Y7][S7][C][L]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.designations.authority import require_authority, require_union
from lifecycle.designations.flows import Flow
from lifecycle.designations.model import Designation
from lifecycle.designations.service import (
    REASON,
    Entry,
    Transition,
    check_new_title,
    create,
    place,
    record,
    transition,
)
from lifecycle.errors import ConflictError, NotFound, Problems
from lifecycle.leaders.rules import leader_rule_failures
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.schemes.numbers import written_number
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, not_after
from lifecycle.vocab import DesignationStatus


@dataclass(frozen=True)
class NameDesignation:
    """The naming decision: number, naming date and 文号 (e.g. 主席办公会议审定)."""

    workshop_id: int
    scheme: str
    title: str
    number: str
    naming_date: date
    decision_ref: str
    recommended_from_id: int | None = None
    reason: str = "审定命名"
    # An application on record (`under_review`) that this decision names; else a new title.
    application_id: int | None = None
    expected_version: int | None = None
    # A new title named from an intake application: the day it was first submitted [Y7].
    applied_on: date | None = None


@dataclass(frozen=True)
class ExistingTitle:
    """A title named before the service existed, as the naming union's records show it."""

    workshop_id: int
    scheme: str
    title: str
    number: str
    naming_date: date
    decision_ref: str  # 命名文号
    status: DesignationStatus = DesignationStatus.NAMED  # named, exited or revoked
    ended_on: date | None = None  # exited or revoked: the decision's date
    end_ref: str | None = None  # exited or revoked: the decision's 文号
    recommended_from_id: int | None = None
    reason: str = "系统启用前已命名，按命名单位档案登记"


@dataclass(frozen=True)
class NewApplication:
    """An application on record (`applied`), submitted through the unit's union [Y7]."""

    workshop_id: int
    scheme: str
    title: str
    applied_on: date
    recommended_from_id: int | None = None
    reason: str = "提交申报"


@dataclass(frozen=True)
class ApplicationDecision:
    """受理 (pass to review) or 不予命名 of an application, with the reason and its document."""

    designation_id: int
    decided_on: date
    reason: str
    document_ref: str | None = None
    expected_version: int | None = None


# States a registered title may be in today: no open 整改 without its notice [Y12].
_REGISTRABLE = frozenset(
    {DesignationStatus.NAMED, DesignationStatus.EXITED, DesignationStatus.REVOKED}
)
# A title's typed texts, checked here and beside an API body's other fields.
TITLE = RequiredText("工作室称号", 300)
NUMBER = RequiredText("命名编号", 40)
DECISION_REF = RequiredText("命名文号", 200)
END_REF = RequiredText("撤牌或退出决定文号", 200)


def end_ref_text(status: object) -> RequiredText | None:
    """The 文号 a title registered as ended (退出、撤牌) carries; a named one none."""
    ended = {s.value for s in _REGISTRABLE} - {DesignationStatus.NAMED.value}
    return END_REF if isinstance(status, str) and status in ended else None


def name_designation(
    uow: UnitOfWork, cmd: NameDesignation, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """审定命名 by the naming union: a new title, or the application under review [Y7][S7]."""
    placement = place(uow, cmd.workshop_id, cmd.scheme, scope)
    settings = get_scheme(cmd.scheme).settings
    require_union(uow, settings.code, Act.NAME, placement.naming_union.id, actor)
    application = _application(uow, cmd, scope) if cmd.application_id is not None else None
    problems = Problems()
    TITLE.check(problems, "title", cmd.title)
    NUMBER.check(problems, "number", cmd.number)
    DECISION_REF.check(problems, "decision_ref", cmd.decision_ref)
    REASON.check(problems, "reason", cmd.reason)
    check_new_title(
        uow,
        problems,
        placement,
        settings.code,
        number=written_number(cmd.number),
        naming_date=cmd.naming_date,
        as_of=as_of,
        scope=scope,
        recommended_from_id=cmd.recommended_from_id,
        ignore_id=application.id if application else None,
    )
    leader = uow.persons.get(placement.workshop.leader_person_id, EVERYTHING)  # its own leader
    if leader is not None:
        for failed in leader_rule_failures(uow, settings.code, leader, cmd.naming_date):
            problems.add("leader", failed.rule, f"{failed.message}（{failed.article}）")
    problems.raise_if_any()
    if application is not None:
        application.title = cmd.title.strip()
        return transition(
            uow,
            Transition(
                application.id,
                DesignationStatus.NAMED,
                reason=cmd.reason,
                effective_on=cmd.naming_date,
                document_ref=cmd.decision_ref,
                expected_version=cmd.expected_version,
                number=written_number(cmd.number),
                date_field="naming_date",
                date_label="命名日期",
            ),
            flow=Flow.NAMING,
            actor=actor,
            as_of=as_of,
            scope=scope,
        )
    return create(
        uow,
        placement,
        settings.code,
        title=cmd.title,
        status=DesignationStatus.NAMED,
        effective_on=cmd.naming_date,
        reason=cmd.reason,
        actor=actor,
        number=written_number(cmd.number),
        applied_on=cmd.applied_on,
        naming_date=cmd.naming_date,
        recommended_from_id=cmd.recommended_from_id,
        document_ref=cmd.decision_ref,
    )


def _application(uow: UnitOfWork, cmd: NameDesignation, scope: Scope) -> Designation:
    """The application being named: in scope, this workshop's and scheme's, under review."""
    assert cmd.application_id is not None
    application = uow.designations.get(cmd.application_id, scope)
    if application is None or (application.workshop_id, application.scheme_code) != (
        cmd.workshop_id,
        cmd.scheme,
    ):
        raise NotFound("申报记录不存在", field="application_id")
    if cmd.expected_version is not None and cmd.expected_version != application.version:
        raise ConflictError("该申报已被他人处理，请刷新后重试", field="expected_version")
    return application


def register_existing_title(
    uow: UnitOfWork, cmd: ExistingTitle, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """Register a title named before the service, by its naming union, with [Y7] applied."""
    placement = place(uow, cmd.workshop_id, cmd.scheme, scope)
    scheme = get_scheme(cmd.scheme)
    require_union(uow, scheme.settings.code, Act.NAME, placement.naming_union.id, actor)
    problems = Problems()
    TITLE.check(problems, "title", cmd.title)
    NUMBER.check(problems, "number", cmd.number)
    DECISION_REF.check(problems, "decision_ref", cmd.decision_ref)
    REASON.check(problems, "reason", cmd.reason)
    check_new_title(
        uow,
        problems,
        placement,
        scheme.settings.code,
        number=written_number(cmd.number),
        naming_date=cmd.naming_date,
        as_of=as_of,
        scope=scope,
        recommended_from_id=cmd.recommended_from_id,
        recorded=True,
    )
    ended = cmd.status is not DesignationStatus.NAMED
    if cmd.status not in _REGISTRABLE:
        problems.add(
            "status", "invalid_status", "登记的现状只能是“已命名”“已退出管理序列”或“已撤牌”"
        )
    elif ended:
        if (DesignationStatus.NAMED, cmd.status) not in scheme.allowed_transitions() and (
            DesignationStatus.RECTIFYING,
            cmd.status,
        ) not in scheme.allowed_transitions():
            problems.add("status", "not_in_scheme", f"{scheme.settings.name}没有该状态")
        END_REF.check(problems, "end_ref", cmd.end_ref or "")
        if cmd.ended_on is None:
            problems.add("ended_on", "required", "须填写撤牌或退出的决定日期")
        elif cmd.ended_on < cmd.naming_date:
            problems.add("ended_on", "before_naming", "撤牌或退出日期不能早于命名日期")
        not_after(problems, "ended_on", cmd.ended_on, as_of, "撤牌或退出日期")
    problems.raise_if_any()
    designation = create(
        uow,
        placement,
        scheme.settings.code,
        title=cmd.title,
        status=DesignationStatus.NAMED,
        effective_on=cmd.naming_date,
        reason=cmd.reason,
        actor=actor,
        number=written_number(cmd.number),
        naming_date=cmd.naming_date,
        recommended_from_id=cmd.recommended_from_id,
        document_ref=cmd.decision_ref,
    )
    if ended:
        assert cmd.ended_on is not None
        designation.status = cmd.status
        designation.ended_on = cmd.ended_on
        why = "系统启用前已作出的决定，按命名单位档案登记"
        entry = Entry(DesignationStatus.NAMED, cmd.status, cmd.ended_on, why, cmd.end_ref)
        record(uow, designation, entry, actor)
    uow.flush()
    return designation


def submit_application(
    uow: UnitOfWork, cmd: NewApplication, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """An application on record, to be reviewed and named (or not) by the naming union [Y7]."""
    placement = place(uow, cmd.workshop_id, cmd.scheme, scope)
    problems = Problems()
    TITLE.check(problems, "title", cmd.title)
    REASON.check(problems, "reason", cmd.reason)
    not_after(problems, "applied_on", cmd.applied_on, as_of, "申报日期")
    check_new_title(
        uow,
        problems,
        placement,
        cmd.scheme,
        number=None,
        naming_date=None,
        as_of=as_of,
        scope=scope,
        recommended_from_id=cmd.recommended_from_id,
    )
    problems.raise_if_any()
    return create(
        uow,
        placement,
        get_scheme(cmd.scheme).settings.code,
        title=cmd.title,
        status=DesignationStatus.APPLIED,
        effective_on=cmd.applied_on,
        reason=cmd.reason,
        actor=actor,
        applied_on=cmd.applied_on,
        recommended_from_id=cmd.recommended_from_id,
    )


def accept_application(
    uow: UnitOfWork, cmd: ApplicationDecision, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """受理: the application passes 初审 and goes to the naming union's review [Y7][S7]."""
    designation = _application_decided(uow, cmd, actor, scope)
    step = Transition(
        designation.id,
        DesignationStatus.UNDER_REVIEW,
        reason=cmd.reason,
        effective_on=cmd.decided_on,
        document_ref=cmd.document_ref,
        expected_version=cmd.expected_version,
        date_field="decided_on",
        date_label="日期",
    )
    return transition(
        uow, step, flow=Flow.REVIEW, actor=actor, as_of=as_of, scope=scope, read=designation
    )


def reject_application(
    uow: UnitOfWork, cmd: ApplicationDecision, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """不予命名: the naming union rejects an application, with its reasons [Y7][S7]."""
    designation = _application_decided(uow, cmd, actor, scope)
    step = Transition(
        designation.id,
        DesignationStatus.REJECTED,
        reason=cmd.reason,
        effective_on=cmd.decided_on,
        document_ref=cmd.document_ref,
        expected_version=cmd.expected_version,
        date_field="decided_on",
        date_label="日期",
    )
    return transition(
        uow, step, flow=Flow.REJECTION, actor=actor, as_of=as_of, scope=scope, read=designation
    )


def _application_decided(
    uow: UnitOfWork, cmd: ApplicationDecision, actor: Actor, scope: Scope
) -> Designation:
    """The application in scope, once the naming union's authority is checked [Y7][S7]."""
    designation = uow.designations.get(cmd.designation_id, scope)
    if designation is None:
        raise NotFound("申报记录不存在", field="designation_id")
    require_authority(uow, designation, Act.REVIEW, actor)
    return designation
