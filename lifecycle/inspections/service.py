"""Use cases on inspections: schedule, attach evidence, record the outcome [Y12] (改期: moving)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import require_authority
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems, ValidationFailed
from lifecycle.files.storage import FileStorage, Upload, store_upload
from lifecycle.inspections.cycles import (
    choose_cycle,
    inspected_cycles,
    open_cycles,
)
from lifecycle.inspections.model import (
    CriterionOutcome,
    Evidence,
    Inspection,
    InspectionKind,
    InspectionResult,
)
from lifecycle.inspections.recorded import recorded_refusal
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.notices.rules import re_inspection_date_refusal
from lifecycle.notices.service import close_notice, issue_notice
from lifecycle.schemes import OversightKind, get_scheme
from lifecycle.schemes.authority import ACT_LABELS, Act, authority_for
from lifecycle.schemes.base import SchemeSettings, add_years
from lifecycle.schemes.texts import unset_note
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, not_after, require_text


@dataclass(frozen=True)
class ScheduleInspection:
    designation_id: int
    kind: InspectionKind
    scheduled_on: date
    place: str
    inspectors: str
    cycle_no: int | None = None


@dataclass(frozen=True)
class CriterionInput:
    criterion_code: str
    passed: bool
    notes: str = ""


@dataclass(frozen=True)
class RecordOutcome:
    inspection_id: int
    recorded_on: date
    outcomes: tuple[CriterionInput, ...]
    summary: str | None = None
    expected_version: int | None = None
    evidence: tuple[tuple[str | None, Upload], ...] = field(default_factory=tuple)


def inspection_unavailable(designation: Designation, settings: SchemeSettings) -> str | None:
    """Why no inspection may be scheduled for ``designation`` at all, or None: only schemes with
    on-site inspections have them [Y12] (not the Shanghai schemes' 考核 [S9] or 动态管理 [C]),
    and only while the title is under management."""
    if authority_for(settings.authorities, Act.INSPECT) is None:
        return f"{settings.name}没有“{ACT_LABELS[Act.INSPECT]}”环节{unset_note(settings)}"
    if not is_active(designation.status):
        return "该工作室不在管理序列中，不能安排检查"
    return None


# An inspection's 检查地点 and 检查人员, as scheduling (and recording a past one) checks them.
PLACE = RequiredText("检查地点", 300)
INSPECTORS = RequiredText("检查人员", 500)


def schedule_field_problems(place: str, inspectors: str) -> list[FieldProblem]:
    """What scheduling would refuse in these typed fields: for a form refused before the use
    case runs (no kind chosen, an unreadable date), so every bad field shows at once."""
    problems = Problems()
    PLACE.check(problems, "place", place)
    INSPECTORS.check(problems, "inspectors", inspectors)
    return problems.items


def kind_problems(
    uow: UnitOfWork, designation: Designation, kind: InspectionKind
) -> list[FieldProblem]:
    """What scheduling refuses in the kind chosen, whatever the date: a scheme without cycle
    inspections, a cycle-end inspection while a notice is open (its 整改复查 is due instead), a
    re-inspection with no open notice, one of the kind already waiting for its result [Y12];
    also for a form refused before the use case runs, so every bad field shows at once."""
    settings = get_scheme(designation.scheme_code).settings
    problems = Problems()
    open_notice = uow.notices.open_for_designation(designation.id)
    if kind == InspectionKind.CYCLE_END:
        if settings.oversight != OversightKind.CYCLE_INSPECTION or not settings.cycle_years:
            problems.add("kind", "no_cycle", f"{settings.name}不实行周期检查")
        if open_notice is not None:
            problems.add(
                "kind", "open_notice", f"整改通知 {open_notice.number} 尚未办结，应安排整改复查"
            )
    elif open_notice is None:
        problems.add("kind", "no_open_notice", "该工作室没有待复查的整改通知")
    if any(p.kind == kind for p in uow.inspections.pending(designation.id)):
        problems.add("kind", "already_scheduled", "已有一次同类检查尚未登记结果")
    return problems.items


def schedule_inspection(
    uow: UnitOfWork,
    cmd: ScheduleInspection,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> Inspection:
    """Schedule a cycle-end inspection or a re-inspection of an open 整改通知 [Y12]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    require_authority(uow, designation, Act.INSPECT, actor)
    settings = get_scheme(designation.scheme_code).settings
    problems = Problems(schedule_field_problems(cmd.place, cmd.inspectors))
    if not is_active(designation.status):
        problems.add("designation_id", "not_active", "该工作室不在管理序列中，不能安排检查")
    date_problems(problems, designation, cmd.scheduled_on, as_of)
    open_notice = uow.notices.open_for_designation(designation.id)
    problems.items += kind_problems(uow, designation, cmd.kind)
    cycle_no = cmd.cycle_no
    if cmd.kind == InspectionKind.CYCLE_END:
        cycle_years = settings.cycle_years
        cycles_kept = settings.oversight == OversightKind.CYCLE_INSPECTION and cycle_years
        if cycles_kept and cycle_years and designation.naming_date is not None:
            cycle_no = _check_cycle(
                problems, uow, designation, cmd, cycle_years=cycle_years, as_of=as_of
            )
    elif open_notice is not None:
        refused = re_inspection_date_refusal(
            open_notice.issued_on, open_notice.deadline, cmd.scheduled_on
        )
        if refused is not None:
            problems.add("scheduled_on", *refused)
    problems.raise_if_any()
    return uow.inspections.add(
        Inspection(
            designation_id=designation.id,
            kind=cmd.kind,
            cycle_no=cycle_no if cmd.kind == InspectionKind.CYCLE_END else None,
            notice_id=open_notice.id
            if cmd.kind == InspectionKind.RE_INSPECTION and open_notice
            else None,
            scheduled_on=cmd.scheduled_on,
            place=cmd.place.strip(),
            inspectors=cmd.inspectors.strip(),
            scheduled_by=actor.name,
        )
    )


def date_problems(
    problems: Problems, designation: Designation, scheduled_on: date, as_of: date
) -> None:
    """The date rules of scheduling (and of moving) an inspection [Y12]."""
    if scheduled_on < (designation.naming_date or scheduled_on):
        problems.add("scheduled_on", "before_naming", "检查日期不能早于命名日期")
    if scheduled_on > add_years(as_of, 1):
        problems.add("scheduled_on", "too_far", "检查日期不能安排在一年以后")


def schedulable_cycles(
    uow: UnitOfWork, designation: Designation, cycle_years: int, as_of: date
) -> list[int]:
    """The cycles of ``designation`` that have begun and still owe their cycle-end inspection
    (recorded results only: one scheduled and pending is refused as already scheduled) [Y12]."""
    assert designation.naming_date is not None
    inspected = inspected_cycles(uow.inspections.for_designation(designation.id))
    return open_cycles(
        designation.naming_date, cycle_years, inspected, as_of, ended_on=designation.ended_on
    )


def _check_cycle(
    problems: Problems,
    uow: UnitOfWork,
    designation: Designation,
    cmd: ScheduleInspection,
    *,
    cycle_years: int,
    as_of: date,
) -> int | None:
    """The cycle a cycle-end inspection is for: the one named, if it has begun and is not yet
    inspected, else the open cycle whose end is nearest the inspection date [Y12]."""
    assert designation.naming_date is not None
    choices = schedulable_cycles(uow, designation, cycle_years, as_of)
    cycle_no, why = choose_cycle(
        designation.naming_date, cycle_years, choices, cmd.scheduled_on, cmd.cycle_no
    )
    if why is not None:
        problems.add(*why)
    return cycle_no


@dataclass(frozen=True)
class WithdrawInspection:
    """Take back a scheduled inspection that has no result yet (scheduled by mistake) [Y12]."""

    inspection_id: int
    reason: str
    expected_version: int | None = None


def to_act_on(
    uow: UnitOfWork,
    inspection_id: int,
    expected_version: int | None,
    missing: str,
    *,
    actor: Actor,
    scope: Scope,
    recording: bool = False,
) -> tuple[Inspection, Designation]:
    """The inspection in scope at the version the form was read at, and its title, for a union
    the title's scheme lets inspect [Y12] (``missing``: the refusal of an inspection not found;
    ``recording`` a result: one recorded meanwhile is said with who and when, whatever the
    version the form was read at)."""
    inspection = uow.inspections.get(inspection_id, scope)
    if inspection is None:
        raise NotFound(missing, field="inspection_id")
    if recording and inspection.result is not None:
        designation = uow.designations.require(inspection.designation_id, scope)
        require_authority(uow, designation, Act.INSPECT, actor)
        raise recorded_refusal(inspection)
    if expected_version is not None and expected_version != inspection.version:
        raise ConflictError("该检查记录已在您打开后被修改，请刷新后重试", field="expected_version")
    designation = uow.designations.require(inspection.designation_id, scope)
    require_authority(uow, designation, Act.INSPECT, actor)
    return inspection, designation


def withdraw_field_problems(reason: str) -> list[FieldProblem]:
    """What withdrawing refuses in the typed fields: a reason is required (it is kept in the
    audit log with the withdrawn inspection)."""
    problems = Problems()
    require_text(problems, "reason", reason, "撤销原因", 500)
    return problems.items


def withdraw_inspection(
    uow: UnitOfWork, cmd: WithdrawInspection, *, actor: Actor, scope: Scope
) -> int:
    """Withdraw a scheduled inspection without a result, by whoever may schedule it [Y12]; the
    audit log keeps it, with the reason; returns its designation's id."""
    inspection, designation = to_act_on(
        uow, cmd.inspection_id, cmd.expected_version, "检查记录不存在或不在管辖范围内",
        actor=actor, scope=scope,
    )  # fmt: skip
    if inspection.result is not None:  # the record's state, not the input: as 改期 refuses it
        raise recorded_refusal(inspection, "撤销")
    Problems(withdraw_field_problems(cmd.reason)).raise_if_any()
    with uow.because(f"撤销已安排的检查：{cmd.reason.strip()}"):
        uow.inspections.remove(inspection)
    return designation.id


def not_yet_held(scheduled_on: date, on: date) -> str | None:
    """Why no result may be recorded for an inspection scheduled on ``scheduled_on`` as held on
    ``on``, or None: an inspection is recorded once held, not before its day [Y12]."""
    if on < scheduled_on:
        return f"检查尚未进行（安排在{chinese_date(scheduled_on)}），不能登记结果"
    return None


def held_before_its_day(scheduled_on: date, recorded_on: date, *, as_of: date) -> str | None:
    """Why a result dated ``recorded_on`` is refused for an inspection scheduled on
    ``scheduled_on``, or None [Y12]. Before the arranged day has come the inspection has not been
    held; once it has, a 检查日期 before it contradicts the schedule, which is moved first."""
    if recorded_on >= scheduled_on:
        return None
    if as_of < scheduled_on:
        return not_yet_held(scheduled_on, recorded_on)
    return (
        f"检查日期不能早于安排的检查日期（{chinese_date(scheduled_on)}）；"
        "检查如已提前进行，请先将检查改期到实际检查日期，再登记结果"
    )


# A criterion's 检查意见 and the result's 总体意见, as the API declares them.
NOTES_MAX = 2000
SUMMARY_MAX = 2000


def outcome_field_problems(
    recorded_on: date | None,
    outcomes: Sequence[CriterionInput],
    *,
    as_of: date,
    summary: str | None = None,
) -> list[FieldProblem]:
    """What recording an outcome refuses in the typed fields (检查日期 after ``as_of``, a failed
    criterion without notes, a text past its length; None: unreadable, already refused by the
    form): also for a form refused before the use case runs, so every bad field shows at once
    [Y12]."""
    problems = Problems()
    not_after(problems, "recorded_on", recorded_on, as_of, "检查日期")
    for i, item in enumerate(outcomes):
        if not item.passed and not item.notes.strip():
            problems.add(f"outcomes.{i}.notes", "required", "不合格项目必须填写检查意见")
        elif len(item.notes.strip()) > NOTES_MAX:
            problems.add(f"outcomes.{i}.notes", "too_long", f"检查意见不能超过{NOTES_MAX}个字符")
    if summary is not None and len(summary.strip()) > SUMMARY_MAX:
        problems.add("summary", "too_long", f"总体意见不能超过{SUMMARY_MAX}个字符")
    return problems.items


def attach_evidence(
    uow: UnitOfWork,
    storage: FileStorage,
    inspection_id: int,
    criterion_code: str | None,
    upload: Upload,
    *,
    actor: Actor,
    scope: Scope,
) -> Evidence:
    """Keep an evidence file for one criterion (or the whole inspection), hashed."""
    inspection = uow.inspections.get(inspection_id, scope)
    if inspection is None:
        raise NotFound("检查记录不存在", field="inspection_id")
    _check_criterion(uow, inspection, criterion_code, "criterion_code")
    stored = store_upload(uow, storage, upload, actor=actor, field="file")
    return uow.inspections.add_evidence(
        Evidence(inspection_id=inspection.id, criterion_code=criterion_code, file_id=stored.id)
    )


def _check_criterion(
    uow: UnitOfWork, inspection: Inspection, code: str | None, field_name: str
) -> None:
    if code is None:
        return
    designation = uow.designations.get(inspection.designation_id, scope=EVERYTHING)
    assert designation is not None
    codes = {c for c, _ in get_scheme(designation.scheme_code).settings.inspection_criteria}
    if code not in codes:
        raise ValidationFailed(
            f"检查项目“{code}”不属于该类工作室的检查标准",
            code="unknown_criterion",
            field=field_name,
        )


def record_outcome(
    uow: UnitOfWork,
    cmd: RecordOutcome,
    *,
    actor: Actor,
    as_of: date,
    storage: FileStorage | None = None,
    scope: Scope,
) -> Inspection:
    """Record each criterion and the result; a fail issues a notice, a pass may close one."""
    inspection, designation = to_act_on(
        uow, cmd.inspection_id, cmd.expected_version, "检查记录不存在（尚未安排）",
        actor=actor, scope=scope, recording=True,
    )  # fmt: skip
    notice = _check_outcome(uow, cmd, inspection, designation, as_of=as_of, storage=storage)
    for code, upload in cmd.evidence:
        assert storage is not None
        stored = store_upload(uow, storage, upload, actor=actor, field="evidence")
        uow.inspections.add_evidence(
            Evidence(inspection_id=inspection.id, criterion_code=code, file_id=stored.id)
        )
    for item in cmd.outcomes:
        uow.inspections.add_outcome(
            CriterionOutcome(
                inspection_id=inspection.id,
                criterion_code=item.criterion_code,
                passed=item.passed,
                notes=item.notes.strip(),
            )
        )
    passed = all(item.passed for item in cmd.outcomes)
    inspection.result = InspectionResult.PASS if passed else InspectionResult.FAIL
    inspection.recorded_on = cmd.recorded_on
    inspection.recorded_by = actor.name
    inspection.summary = (cmd.summary or "").strip() or None
    uow.flush()
    uow.session.refresh(inspection)
    if inspection.kind == InspectionKind.CYCLE_END and not passed:
        issue_notice(uow, designation, inspection, actor=actor, as_of=as_of, scope=scope)
        uow.flush()
        uow.session.refresh(inspection)  # its issued_notice, loaded before the notice existed
    elif notice is not None and passed:
        close_notice(uow, designation, notice, inspection, actor=actor, as_of=as_of, scope=scope)
    return inspection


def _check_outcome(
    uow: UnitOfWork,
    cmd: RecordOutcome,
    inspection: Inspection,
    designation: Designation,
    *,
    as_of: date,
    storage: FileStorage | None,
) -> RectificationNotice | None:
    """Every reason to refuse an outcome, at once; returns the notice a re-inspection checks."""
    settings = get_scheme(designation.scheme_code).settings
    criteria = dict(settings.inspection_criteria)
    if inspection.result is not None:  # the record's state, not the input: as 撤销 and 改期
        raise recorded_refusal(inspection)
    problems = Problems()
    problems.items += outcome_field_problems(
        cmd.recorded_on, cmd.outcomes, as_of=as_of, summary=cmd.summary
    )
    early = held_before_its_day(inspection.scheduled_on, cmd.recorded_on, as_of=as_of)
    if early is not None:
        problems.add("recorded_on", "not_yet_held", early)
    seen: set[str] = set()
    for i, item in enumerate(cmd.outcomes):
        path = f"outcomes.{i}"
        if item.criterion_code not in criteria:
            problems.add(
                f"{path}.criterion_code",
                "unknown_criterion",
                f"检查项目“{item.criterion_code}”不属于该类工作室的检查标准",
            )
        elif item.criterion_code in seen:
            problems.add(f"{path}.criterion_code", "duplicate", "同一检查项目只能登记一次")
        seen.add(item.criterion_code)
    missing = [label for code, label in settings.inspection_criteria if code not in seen]
    if missing:
        problems.add("outcomes", "missing_criteria", "以下检查项目未登记：" + "、".join(missing))
    for i, (code, _upload) in enumerate(cmd.evidence):
        if code is not None and code not in criteria:
            problems.add(
                f"evidence.{i}.criterion_code", "unknown_criterion", f"检查项目“{code}”不存在"
            )
    notice = None
    if inspection.kind == InspectionKind.RE_INSPECTION and inspection.notice_id is not None:
        notice = uow.notices.get(inspection.notice_id, scope=EVERYTHING)
        if notice is None or notice.status != NoticeStatus.OPEN:
            problems.add("inspection_id", "notice_closed", "对应的整改通知已办结")
        elif cmd.recorded_on < notice.issued_on:
            refused = re_inspection_date_refusal(notice.issued_on, notice.deadline, cmd.recorded_on)
            assert refused is not None
            problems.add("recorded_on", *refused)
        elif cmd.recorded_on > notice.deadline:
            problems.add(
                "recorded_on",
                "after_deadline",
                f"已超过整改期限（{chinese_date(notice.deadline)}），请确认撤牌",
            )
    if cmd.evidence and storage is None:
        problems.add("evidence", "no_storage", "未配置文件存储")
    problems.raise_if_any()
    return notice
