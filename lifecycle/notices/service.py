"""整改通知: issued on a failed inspection, closed by a passed re-inspection, or 撤牌 [Y12]."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from lifecycle.actors import Actor
from lifecycle.calendar.service import work_calendar
from lifecycle.designations.authority import require_authority
from lifecycle.designations.flows import Flow
from lifecycle.designations.model import Designation
from lifecycle.designations.service import Transition, transition
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems
from lifecycle.listings.repository import Listing, Window
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.notices.rules import revocation_refusal
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text
from lifecycle.vocab import DesignationStatus, UnionLevel

if TYPE_CHECKING:
    from lifecycle.inspections.model import Inspection


@dataclass(frozen=True)
class ConfirmRevocation:
    """The officer's confirmation of 撤牌 after a missed deadline, with the decision's 文号."""

    notice_id: int
    decided_on: date
    decision_ref: str
    reason: str = "逾期仍未有效整改，撤牌，不再保留工作室称号"
    expected_version: int | None = None


@dataclass(frozen=True)
class PaperNotice:
    """A notice issued on paper before the service: its own number, date and deadline."""

    number: str
    issued_on: date
    deadline: date
    reason: str


def notice_number(prefix: str, year: int, seq: int) -> str:
    """发文字号 in the GB/T 9704 form: 杨工创〔2026〕3号."""
    return f"{prefix}〔{year}〕{seq}号"


def notice_prefix(issuer: Union) -> str:
    """The issuing union's 发文机关代字 (its name when it has none)."""
    return issuer.doc_prefix or f"{issuer.name}整改"


def paper_seq(uow: UnitOfWork, issuer: Union, number: str, year: int) -> int:
    """The sequence a paper notice takes in the issuer's year; the counter moves past its number.

    A number in the union's own form (杨工创〔2025〕3号) keeps its sequence, so a notice issued
    later in the service never repeats it; any other number takes the next free sequence.
    """
    found = re.fullmatch(re.escape(notice_prefix(issuer)) + r"〔(\d{4})〕(\d{1,6})号", number)
    if found is not None:
        on_paper = int(found[2])
        uow.notices.raise_counter(issuer.id, int(found[1]), on_paper)
        if int(found[1]) == year and not uow.notices.seq_taken(issuer.id, year, on_paper):
            return on_paper
    return uow.notices.next_seq(issuer.id, year)


def rectification_deadline(uow: UnitOfWork, scheme_code: str, issued_on: date) -> tuple[date, bool]:
    """The deadline from the scheme setting: working days on the official calendar or plain days."""
    settings = get_scheme(scheme_code).settings
    if settings.rectification_counts_working_days:
        result = work_calendar(uow).add_working_days(
            issued_on, settings.rectification_deadline_days
        )
        return result.value, result.provisional
    return issued_on + timedelta(days=settings.rectification_deadline_days), False


def issue_notice(
    uow: UnitOfWork,
    designation: Designation,
    inspection: Inspection,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
    paper: PaperNotice | None = None,
) -> RectificationNotice:
    """Number and issue a notice to the sector/street/direct union; the title is 整改中 [Y12].

    A ``paper`` notice (issued before the service, brought in by the registry import) keeps its
    number, date and deadline; the title becomes 整改中 all the same.
    """
    require_authority(uow, designation, Act.INSPECT, actor)
    issuer = uow.unions.get(designation.district_union_id, EVERYTHING)  # above the reader
    unit = uow.unions.get(designation.workshop.unit_union_id, EVERYTHING)
    assert issuer is not None
    assert unit is not None
    addressee = uow.unions.ancestor_at_level(unit, UnionLevel.SECTOR) or unit
    prefix = notice_prefix(issuer)
    if paper is None:
        # Dated the day it is issued, not the inspection's 检查日期: a result entered late
        # still gives the addressee the whole period [Y12 限期整改] (reading 24).
        issued_on = as_of
        deadline, provisional = rectification_deadline(uow, designation.scheme_code, issued_on)
        seq = uow.notices.next_seq(issuer.id, issued_on.year)
        number = notice_number(prefix, issued_on.year, seq)
        reason = f"第{inspection.cycle_no or ''}个管理周期末实地检查不合格，限期整改"
    else:
        issued_on, deadline, provisional = paper.issued_on, paper.deadline, False
        seq = paper_seq(uow, issuer, paper.number, issued_on.year)
        number, reason = paper.number, paper.reason
    notice = uow.notices.add(
        RectificationNotice(
            designation_id=designation.id,
            inspection_id=inspection.id,
            issuing_union_id=issuer.id,
            addressee_union_id=addressee.id,
            year=issued_on.year,
            seq=seq,
            number=number,
            issued_on=issued_on,
            deadline=deadline,
            deadline_provisional=provisional,
            status=NoticeStatus.OPEN,
            issued_by=actor.name,
        )
    )
    transition(
        uow,
        Transition(
            designation.id,
            DesignationStatus.RECTIFYING,
            reason=reason,
            effective_on=issued_on,
            document_ref=notice.number,
        ),
        flow=Flow.RECTIFICATION,
        actor=actor,
        as_of=as_of,
        scope=scope,
    )
    return notice


def close_notice(
    uow: UnitOfWork,
    designation: Designation,
    notice: RectificationNotice,
    inspection: Inspection,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> RectificationNotice:
    """A re-inspection passed before the deadline: the notice is done, the title is 已命名 again."""
    require_authority(uow, designation, Act.INSPECT, actor)
    on = inspection.recorded_on or as_of
    notice.status = NoticeStatus.RECTIFIED
    notice.closed_on = on
    notice.closing_inspection_id = inspection.id
    transition(
        uow,
        Transition(
            designation.id,
            DesignationStatus.NAMED,
            reason="整改复查合格，恢复命名",
            effective_on=on,
            document_ref=notice.number,
        ),
        flow=Flow.RE_INSPECTION,
        actor=actor,
        as_of=as_of,
        scope=scope,
    )
    return notice


def revocations_pending(
    uow: UnitOfWork, as_of: date, scope: Scope, window: Window
) -> Listing[RectificationNotice]:
    """A page of the open notices past their deadline: listed for the officer, never revoked
    silently."""
    return uow.notices.past_deadline(as_of, scope, window)


def revocation_field_problems(
    decision_ref: str, reason: str, decided_on: date | None, *, as_of: date
) -> list[FieldProblem]:
    """What confirming 撤牌 refuses in the typed fields (None: unreadable, already refused by the
    form): also for a form refused before the use case runs, so every bad field shows [Y12]."""
    problems = Problems()
    require_text(problems, "decision_ref", decision_ref, "撤牌决定文号", 200)
    require_text(problems, "reason", reason, "事由", 2000)
    not_after(problems, "decided_on", decided_on, as_of, "决定日期")
    return problems.items


def confirm_revocation(
    uow: UnitOfWork, cmd: ConfirmRevocation, *, actor: Actor, as_of: date, scope: Scope
) -> RectificationNotice:
    """The officer confirms 撤牌 of a title whose deadline passed without a passed re-inspection."""
    notice = uow.notices.get(cmd.notice_id, scope)
    if notice is None:
        raise NotFound("整改通知不存在", field="notice_id")
    designation = uow.designations.get(notice.designation_id, scope)
    if designation is None:
        raise NotFound("整改通知不存在", field="notice_id")
    require_authority(uow, designation, Act.CONFIRM_REVOCATION, actor)
    if cmd.expected_version is not None and cmd.expected_version != notice.version:
        raise ConflictError("该整改通知已被他人处理，请刷新后重试", field="expected_version")
    problems = Problems(
        revocation_field_problems(cmd.decision_ref, cmd.reason, cmd.decided_on, as_of=as_of)
    )
    refusal = revocation_refusal(
        notice.status == NoticeStatus.OPEN, notice.deadline, cmd.decided_on
    )
    if refusal is not None:
        problems.add(*refusal)
    problems.raise_if_any()
    notice.status = NoticeStatus.REVOKED
    notice.closed_on = cmd.decided_on
    notice.decision_ref = cmd.decision_ref.strip()
    transition(
        uow,
        Transition(
            notice.designation_id,
            DesignationStatus.REVOKED,
            reason=cmd.reason.strip(),
            effective_on=cmd.decided_on,
            document_ref=cmd.decision_ref.strip(),
        ),
        flow=Flow.REVOCATION,
        actor=actor,
        as_of=as_of,
        scope=scope,
    )
    return notice
