"""The printable 附件3 管理变更申请表: every field of the original form, no database [C]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.changes.checks import allowed_measures, measures_note
from lifecycle.changes.model import (
    ATTACHMENT_KIND_LABELS,
    CHANGE_REASON_LABELS,
    AttachmentKind,
    ChangeMeasure,
    ChangeReason,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeStep,
    StepAction,
    status_labels,
    step_labels,
)
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork

CRAFTSMAN = "shanghai-craftsman"
NOTE = "备注：申请原因可选填{leader}已故、离职、退休或其他不能继续发挥示范引领作用的具体情况。"
CHECKED, UNCHECKED = "■", "□"
EXIT_OPTIONS = {ChangeMeasure.EXIT_KEEPING_TITLE: "保留工作室称号", ChangeMeasure.REVOKE: "摘牌"}


@dataclass(frozen=True)
class StepBox:
    """One opinion box of the form: the text, who signed, on which date."""

    opinion: str | None
    signer: str | None
    on: date | None


@dataclass(frozen=True)
class ChangeFormDocument:
    """Everything printed on one 附件3 form, in the order of the original."""

    form_title: str
    district_union: str  # 所属区局（产业）工会
    workshop_title: str  # 工作室名称
    host_unit: str  # 工作室所属单位
    head_count: int  # 人数 (members and the leader on the filing date)
    address: str  # 工作室地址
    reason: ChangeReason  # 申请原因
    reason_details: str
    measure: ChangeMeasure
    new_leader_name: str | None  # 新领衔人姓名
    new_leader_honours: str | None  # 荣誉
    unit: StepBox  # 本单位工会意见（盖章）
    district: StepBox  # 区局（产业）工会审核
    city_label: str  # 市工匠创新工作室创建命名办公室审定
    city: StepBox
    decision_ref: str | None
    note: str = NOTE.format(leader="领衔工匠")  # the notice's form [C 三（六）] 附件3
    # The measures printed with their boxes: those the title's scheme allows [S9][C 三（六）]
    # (and the one on record, should an older request hold another), and why fewer than three.
    measures: tuple[ChangeMeasure, ...] = tuple(ChangeMeasure)
    measures_note: str | None = None
    # 附件: the files attached to the request, in the order attached, each as its kind, note and
    # file name; the scan of this form itself, once signed and stamped, is not listed on it.
    attachments: tuple[str, ...] = ()
    # A request ended without the city's decision (withdrawn, or closed when the title was lost)
    # says so in the city box: when, by whom, why — not an empty box to be signed.
    ended: str | None = None


def attachment_line(kind: AttachmentKind, description: str | None, filename: str) -> str:
    """One 附件 as listed under the form: 死亡证明（说明）：death.pdf."""
    note = f"（{description}）" if description else ""
    return f"{ATTACHMENT_KIND_LABELS[kind]}{note}：{filename}"


def attachment_lines(doc: ChangeFormDocument) -> list[str]:
    """附件：1．…  2．… as printed after the form (none: no line)."""
    return [f"{n}．{text}" for n, text in enumerate(doc.attachments, start=1)]


def box(checked: bool) -> str:
    """A ticked or empty check box as printed."""
    return CHECKED if checked else UNCHECKED


def reason_line(doc: ChangeFormDocument) -> str:
    """申请原因: the four boxes, then the details."""
    boxes = "  ".join(f"{box(doc.reason is r)}{label}" for r, label in CHANGE_REASON_LABELS.items())
    return f"{boxes}\n具体情况：{doc.reason_details}"


def measure_lines(doc: ChangeFormDocument) -> list[str]:
    """The unit union's proposal: 领衔人变更 (new leader, honours) or 退出管理序列, with only the
    boxes of the measures the title's scheme allows (a 劳模创新工作室: 摘牌 alone [S9])."""
    lines = []
    if ChangeMeasure.LEADER_CHANGE in doc.measures:
        lines += [
            f"{box(doc.measure is ChangeMeasure.LEADER_CHANGE)}领衔人变更",
            f"新领衔人姓名：{doc.new_leader_name or ''}    荣誉：{doc.new_leader_honours or ''}",
        ]
    exits = [m for m in EXIT_OPTIONS if m in doc.measures]
    if exits:
        options = "  ".join(f"{box(doc.measure is m)}{EXIT_OPTIONS[m]}" for m in exits)
        lines.append(f"{box(doc.measure in exits)}退出管理序列（{options}）")
    if doc.measures_note:
        lines.append(f"（{doc.measures_note}）")
    return lines


def date_text(on: date | None) -> str:
    """年 月 日 as on the form, blank when not yet signed."""
    if on is None:
        return "    年    月    日"
    return chinese_date(on)


ENDINGS = {
    ChangeRequestStatus.WITHDRAWN: StepAction.WITHDRAWN,
    ChangeRequestStatus.CLOSED: StepAction.CLOSED,
}


def ending_text(uow: UnitOfWork, request: ChangeRequest, scheme_code: str) -> str | None:
    """What the city box says of a request withdrawn or closed (None: it was not): the date, the
    union that ended it, the signer and the reason, from the request's step log."""
    action = ENDINGS.get(request.status)
    if action is None:
        return None
    entry = next(
        (e for e in reversed(uow.change_requests.steps(request.id)) if e.action is action), None
    )
    if entry is None:
        return status_labels(scheme_code)[request.status]
    union = (
        uow.unions.get(entry.acting_union_id, scope=EVERYTHING) if entry.acting_union_id else None
    )
    by = union.name if union else ""
    on = chinese_date(entry.decided_on)
    if action is StepAction.WITHDRAWN:
        decider = get_scheme(scheme_code).settings.change_decider
        return (
            f"本申请已于{on}由{by}撤回（签署人：{entry.signer}；撤回理由：{entry.opinion}），"
            f"未经{decider}审定，终止办理。"
        )
    # Closed by the city's 摘牌 on the 考核: the deciding union and the signer its decision names.
    signed = f"（{by}，签署人：{entry.signer}）" if entry.signer else ""
    return (
        f"本申请已于{on}终止办理（{status_labels(scheme_code)[request.status]}）：{entry.opinion}"
        f"{signed}"
    )


def change_form(uow: UnitOfWork, request_id: int, *, scope: Scope) -> ChangeFormDocument:
    """Assemble the 附件3 form of one request from the registry."""
    request = uow.change_requests.get(request_id, scope)
    if request is None:
        raise NotFound("管理变更申请不存在", field="request_id")
    designation = uow.designations.get(request.designation_id, scope=scope)
    assert designation is not None
    return _document(uow, request, designation)


def _document(
    uow: UnitOfWork, request: ChangeRequest, designation: Designation
) -> ChangeFormDocument:
    settings = get_scheme(designation.scheme_code).settings
    allowed = allowed_measures(settings)
    workshop = designation.workshop
    district = uow.unions.get(designation.district_union_id, scope=EVERYTHING)
    new_leader = (
        uow.persons.get(request.new_leader_person_id, scope=EVERYTHING)
        if request.new_leader_person_id
        else None
    )
    city_label = (  # the notice's 附件3 names the office in full; other schemes their own body
        "市工匠创新工作室创建命名办公室审定"
        if designation.scheme_code == CRAFTSMAN
        else step_labels(designation.scheme_code)[ChangeStep.CITY]
    )
    return ChangeFormDocument(
        form_title=f"{settings.name}管理变更申请表",
        district_union=district.name if district else "",
        workshop_title=designation.title,
        host_unit=workshop.host_unit_name,
        head_count=len(workshop.members_on(request.filed_on)) + 1,
        address=workshop.address or "",
        reason=request.reason,
        reason_details=request.reason_details,
        measure=request.measure,
        new_leader_name=new_leader.name if new_leader else None,
        new_leader_honours=request.new_leader_honours,
        unit=StepBox(request.unit_opinion, request.unit_signer, request.unit_on),
        district=StepBox(request.district_opinion, request.district_signer, request.district_on),
        city_label=city_label,
        city=StepBox(request.city_opinion, request.city_signer, request.city_on),
        decision_ref=request.decision_ref,
        measures=tuple(m for m in ChangeMeasure if m in allowed or m is request.measure),
        measures_note=measures_note(settings),
        note=NOTE.format(leader=settings.change_form_leader),
        attachments=tuple(
            attachment_line(a.kind, a.description, a.filename)
            for a in sorted(request.attachments, key=lambda a: a.id)
            if a.kind is not AttachmentKind.SIGNED_FORM
        ),
        ended=ending_text(uow, request, designation.scheme_code),
    )
