"""The shared half of the designation use cases: checks on a new title and the one status writer.

Nothing here is called from a route: each status change belongs to the flow that owns it
(`lifecycle.designations.flows`), which checks its rule and its authority first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import not_the_namer
from lifecycle.designations.flows import Flow, check_owner
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.recommendation import NewCityTitle, SourceTitle, source_problems
from lifecycle.designations.states import check_transition, is_terminal
from lifecycle.errors import ConflictError, NotFound, Problems, UnseenReference
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import is_namer
from lifecycle.schemes.words import designation_status_labels
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, not_after
from lifecycle.vocab import DesignationStatus, UnionLevel
from lifecycle.workshops.model import Workshop

# The reason every change of a title's status is recorded with (受理, 不予命名, 命名, 撤牌…).
REASON = RequiredText("事由", 2000)
OPEN_STATUSES = frozenset(
    {
        DesignationStatus.APPLIED,
        DesignationStatus.UNDER_REVIEW,
        DesignationStatus.NAMED,
        DesignationStatus.RECTIFYING,
    }
)
# An application on record, not yet decided [Y7].
IN_REVIEW = frozenset({DesignationStatus.APPLIED, DesignationStatus.UNDER_REVIEW})
# A title once held under a scheme: named, rectifying, exited (title kept) or revoked [Y7].
ONCE_NAMED = frozenset(
    {
        DesignationStatus.NAMED,
        DesignationStatus.RECTIFYING,
        DesignationStatus.EXITED,
        DesignationStatus.REVOKED,
    }
)


@dataclass(frozen=True)
class Transition:
    """Move a designation to `target`, with the reason and the document it rests on."""

    designation_id: int
    target: DesignationStatus
    reason: str
    effective_on: date
    document_ref: str | None = None
    expected_version: int | None = None
    number: str | None = None
    # The caller's name for the date (its form's and API body's field: decided_on, naming_date),
    # so a refused date is shown beside the field that was typed.
    date_field: str = "effective_on"
    date_label: str = "生效日期"


@dataclass(frozen=True)
class Placement:
    """Where a new title sits: its workshop, the union that names it and the district over it."""

    workshop: Workshop
    naming_union: Union
    district: Union


def place(uow: UnitOfWork, workshop_id: int, scheme_code: str, scope: Scope) -> Placement:
    """The workshop (in scope), the union the pack names to name its titles (refused when the
    workshop lies outside that union's subtree), the district over it [Y7][S7][C 二（五）][L 一]."""
    settings = get_scheme(scheme_code).settings
    workshop = uow.workshops.get(workshop_id, scope)
    if workshop is None:
        raise UnseenReference("工作室不存在或不在管辖范围内", field="workshop_id")
    unit_union = uow.unions.get(workshop.unit_union_id, EVERYTHING)  # the workshop is in scope
    assert unit_union is not None
    chain = [unit_union, *reversed(uow.unions.ancestors(unit_union))]
    naming = next(
        (
            u
            for u in chain
            if is_namer(settings.namer, settings.level.value, u.level.value, u.region_code)
        ),
        None,
    )
    if naming is None:
        raise not_the_namer(
            uow, scheme_code, what="的审定命名应由{union}办理，该工作室不在其管辖范围内"
        )
    district = next((u for u in chain if u.level is UnionLevel.DISTRICT), None)
    if district is None:
        raise NotFound("工作室所在单位工会不属于任何区（县）工会", field="workshop_id")
    return Placement(workshop, naming, district)


def repeat_refusal(held: Iterable[Designation], scheme_code: str) -> str | None:
    """Why a team once named under the scheme is not applied for nor named again [Y7][L 一]."""
    settings = get_scheme(scheme_code).settings
    once = any(d.scheme_code == settings.code and d.status in ONCE_NAMED for d in held)
    if settings.no_repeat is None or not once:
        return None
    return (
        f"该工作室已获{settings.name}命名{ended_titles_note(settings.code)}，"
        f"不再重复申报和命名（{settings.no_repeat.citation}）"
    )


def ended_titles_note(scheme_code: str) -> str:
    """The ended titles that still count as once named, in the scheme's own words and only
    those the scheme has: 「（含已撤牌的）」 in Yangpu [Y12], 已退出管理序列 only where that exit
    exists [C 三（六）]; nothing for 乐山, whose notice names no way a title ends [L]."""
    scheme = get_scheme(scheme_code)
    held = scheme.held_statuses()
    ended = []
    if DesignationStatus.REVOKED in held:
        ended.append(f"已{scheme.settings.revoked_word}")
    if DesignationStatus.EXITED in held:
        ended.append("已退出管理序列")
    return f"（含{'、'.join(ended)}的）" if ended else ""


def review_refusal(held: Iterable[Designation], scheme_code: str) -> str | None:
    """Why a team holding the scheme's title, or whose application for it is on record and
    still in review (申报、初审), is not applied for again: the naming would refuse it only after
    every stage (``check_new_title``, one open title) [Y7][L 一] (reading I1)."""
    settings = get_scheme(scheme_code).settings
    pending = next(
        (d for d in held if d.scheme_code == settings.code and d.status in OPEN_STATUSES), None
    )
    if pending is None:
        return None
    if pending.status in IN_REVIEW:
        # The record in review, not its title (the team's own name, said already): its number
        # in the register, when it was applied for and where it stands.
        status = designation_status_labels(settings.code)[pending.status]
        applied = f"，{chinese_date(pending.applied_on)}申报" if pending.applied_on else ""
        message = (
            f"该工作室已有{settings.name}申报正在审核中（在册申报记录 {pending.id}{applied}，"
            f"状态：{status}），审核结束前不再重复申报"
        )
    else:
        held_as = pending.number or pending.title
        message = f"该工作室已有{settings.name}的有效命名（{held_as}），不再重复申报"
    if settings.no_repeat is not None:
        message += f"（{settings.no_repeat.citation}）"
    return message


def check_new_title(
    uow: UnitOfWork,
    problems: Problems,
    placement: Placement,
    scheme_code: str,
    *,
    number: str | None,
    naming_date: date | None,
    as_of: date,
    scope: Scope,
    recommended_from_id: int | None = None,
    ignore_id: int | None = None,
    recorded: bool = False,
) -> None:
    """Number, naming date, no repeat [Y7], one open title, the [S7] source: every problem
    (``recorded``: a title recorded as named before the service)."""
    settings = get_scheme(scheme_code).settings
    not_after(problems, "naming_date", naming_date, as_of, "命名日期")
    if naming_date and naming_date < placement.workshop.founded_on:
        problems.add("naming_date", "before_founding", "命名日期不能早于工作室成立日期")
    if number:
        taken = uow.designations.get_by_number(settings.code, number)
        if taken is not None and taken.id != ignore_id:
            problems.add("number", "duplicate", f"命名编号 {number} 已被使用")
    earlier = [
        d
        for d in uow.designations.for_workshop(placement.workshop.id)
        if d.scheme_code == settings.code and d.id != ignore_id
    ]
    repeat = repeat_refusal(earlier, settings.code)
    if repeat is not None:
        problems.add("workshop_id", "already_named", repeat)
    elif any(d.status in OPEN_STATUSES for d in earlier):
        problems.add("scheme", "already_open", f"该工作室已有{settings.name}的有效命名或申报")
    if recommended_from_id is not None:
        title = NewCityTitle(
            placement.workshop.id,
            settings.level.value,
            naming_date,
            recorded=recorded,
            running_years=settings.source_running_years,
        )
        for message in _source_problems(uow, recommended_from_id, title, scope):
            problems.add("recommended_from_id", "invalid_source", message)


def _source_problems(
    uow: UnitOfWork, source_id: int, title: NewCityTitle, scope: Scope
) -> list[str]:
    """What is wrong with the title named as the source of a city title [S7]."""
    source = uow.designations.get(source_id, scope)
    if source is None:  # outside the caller's scope reads exactly as a missing one
        return ["推荐来源的命名不存在"]
    level = get_scheme(source.scheme_code).settings.level.value
    facts = SourceTitle(source.workshop_id, level, source.status, source.naming_date)
    return source_problems(title, facts)


def create(
    uow: UnitOfWork,
    placement: Placement,
    scheme_code: str,
    *,
    title: str,
    status: DesignationStatus,
    effective_on: date,
    reason: str,
    actor: Actor,
    number: str | None = None,
    applied_on: date | None = None,
    naming_date: date | None = None,
    recommended_from_id: int | None = None,
    document_ref: str | None = None,
) -> Designation:
    """Insert a designation and its first history row (callers have checked everything)."""
    designation = uow.designations.add(
        Designation(
            workshop_id=placement.workshop.id,
            scheme_code=scheme_code,
            number=number,
            title=title.strip(),
            status=status,
            applied_on=applied_on,
            naming_date=naming_date,
            naming_union_id=placement.naming_union.id,
            district_union_id=placement.district.id,
            recommended_from_id=recommended_from_id,
        )
    )
    record(uow, designation, Entry(None, status, effective_on, reason, document_ref), actor)
    return designation


@dataclass(frozen=True)
class Entry:
    """One history entry to write: from, to, on, why, on what document."""

    previous: DesignationStatus | None
    status: DesignationStatus
    on: date
    reason: str
    document_ref: str | None


def record(uow: UnitOfWork, designation: Designation, entry: Entry, actor: Actor) -> None:
    """Append one history row (append-only) [DOMAIN §3]."""
    uow.designations.append_history(
        StatusChange(
            designation_id=designation.id,
            from_status=entry.previous,
            to_status=entry.status,
            effective_on=entry.on,
            actor_name=actor.name,
            actor_user_id=actor.user_id,
            reason=entry.reason.strip(),
            document_ref=(entry.document_ref or "").strip() or None,
        )
    )


def transition(
    uow: UnitOfWork,
    cmd: Transition,
    *,
    flow: Flow,
    actor: Actor,
    as_of: date,
    scope: Scope,
    read: Designation | None = None,
) -> Designation:
    """Move a designation along its scheme's lifecycle for the flow that owns the step
    (``read``: the title as the calling use case already read it inside ``scope``, not read
    again; the same object the session would answer)."""
    if read is not None and read.id == cmd.designation_id:
        designation = read
    else:
        designation = uow.designations.require(cmd.designation_id, scope)
    if cmd.expected_version is not None and cmd.expected_version != designation.version:
        raise ConflictError("该命名记录已在您打开后被修改，请刷新后重试", field="expected_version")
    scheme = get_scheme(designation.scheme_code)
    check_transition(scheme, designation.status, cmd.target)
    check_owner(flow, designation.status, cmd.target)
    problems = Problems()
    REASON.check(problems, "reason", cmd.reason)
    field = cmd.date_field
    not_after(problems, field, cmd.effective_on, as_of, cmd.date_label)
    last_change = uow.designations.last_change(designation.id)
    last = last_change.effective_on if last_change else None
    if last is not None and cmd.effective_on < last:
        labels = designation_status_labels(designation.scheme_code)
        was = labels[last_change.to_status] if last_change else ""
        problems.add(
            field,
            "before_last_change",
            f"{cmd.date_label}不能早于上一次状态变更（{chinese_date(last)}变为「{was}」）",
        )
    number = cmd.number or designation.number
    if cmd.target == DesignationStatus.NAMED and not number:
        problems.add("number", "required", "命名时必须填写命名编号")
    elif (
        cmd.number
        and cmd.number != designation.number
        and uow.designations.get_by_number(designation.scheme_code, cmd.number)
    ):
        problems.add("number", "duplicate", f"命名编号 {cmd.number} 已被使用")
    problems.raise_if_any()
    previous = designation.status
    designation.status = cmd.target
    designation.number = number
    if cmd.target == DesignationStatus.NAMED and designation.naming_date is None:
        designation.naming_date = cmd.effective_on
    if is_terminal(cmd.target):
        designation.ended_on = cmd.effective_on
    entry = Entry(previous, cmd.target, cmd.effective_on, cmd.reason, cmd.document_ref)
    record(uow, designation, entry, actor)
    uow.flush()
    return designation
