"""Read models of the inspection and notice screens: the form's context, the result, the notice."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from lifecycle.actors import Actor
from lifecycle.designations.authority import authority_refusal
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound
from lifecycle.files.model import StoredFile
from lifecycle.inspections.cycles import cycle_span, due_cycle, inspection_opens
from lifecycle.inspections.model import Inspection
from lifecycle.inspections.service import inspection_unavailable, schedulable_cycles
from lifecycle.notices.assemble import notice_document
from lifecycle.notices.document import NoticeDocument
from lifecycle.notices.model import NoticeStatus, RectificationNotice, RectificationReport
from lifecycle.notices.reports import reporter_refusal
from lifecycle.notices.rules import re_inspection_date_refusal, revocation_refusal
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.schemes.base import SchemeSettings
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged, stored_page


@dataclass(frozen=True)
class CycleChoice:
    """A management cycle that has begun and still owes its cycle-end inspection [Y12]."""

    number: int
    starts_on: date
    ends_on: date
    opens_on: date  # the first day its cycle-end inspection may be held (周期末)


@dataclass(frozen=True)
class SchedulingContext:
    """What the scheduling form shows: the designation, its open notice, the cycles that may be
    inspected (the due one first chosen) and why nothing may be scheduled, if so [Y12]."""

    designation: Designation
    settings: SchemeSettings
    open_notice: RectificationNotice | None
    cycles: list[CycleChoice] = field(default_factory=list)
    due_cycle: int | None = None
    unavailable: str | None = None  # None: the form is offered

    @property
    def cycle_options(self) -> list[tuple[str, str]]:
        """The cycles as the form's choices: value and 「第k个管理周期（起 至 止）」."""
        return [
            (
                str(c.number),
                f"第{c.number}个管理周期（{c.starts_on} 至 {c.ends_on}，{c.opens_on}起可检查）",
            )
            for c in self.cycles
        ]


@dataclass(frozen=True)
class InspectionView:
    """One inspection with its designation, the 五个有 criteria and the notice it issued."""

    inspection: Inspection
    designation: Designation
    criteria: tuple[tuple[str, str], ...]
    notice: RectificationNotice | None
    # The 整改通知 a re-inspection checks (None for a cycle-end inspection) [Y12].
    checks: RectificationNotice | None = None


@dataclass(frozen=True)
class NoticeView:
    """A notice, its printable document and its designation; on its page also how it stands:
    the re-inspections of it and, for the reader, the next step it may take [Y12]."""

    notice: RectificationNotice
    document: NoticeDocument
    designation: Designation
    re_inspections: tuple[Inspection, ...] = ()
    overdue: bool = False  # open, its deadline passed: 撤牌 is what remains [Y12]
    may_re_inspect: bool = False  # the reader's union may schedule its 整改复查 now
    may_revoke: bool = False  # the reader's union may confirm 撤牌 now
    # A page of the addressed union's written reports (``reports_page`` its number; a page
    # asked past the last: the last, ``reports_note`` saying so).
    reports: Paged[RectificationReport] = field(default_factory=lambda: Paged([], 0, 50, 0))
    reports_page: int = 1
    reports_note: str | None = None
    report_refusal: str | None = None  # why the reader may not send one now (None: may)


def scheduling_context(
    uow: UnitOfWork, designation_id: int, as_of: date, *, scope: Scope, actor: Actor | None = None
) -> SchedulingContext:
    """The designation an inspection is being scheduled for, inside ``scope``, with the cycles a
    cycle-end inspection may be for on ``as_of``; unavailable where the scheme has no inspection
    or ``actor``'s union may not inspect, with the use case's own refusal [Y12]."""
    designation = uow.designations.get(designation_id, scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在可见范围内", field="designation_id")
    settings = get_scheme(designation.scheme_code).settings
    context = SchedulingContext(
        designation=designation,
        settings=settings,
        open_notice=uow.notices.open_for_designation(designation.id),
    )
    why = inspection_unavailable(designation, settings)
    if why is None and actor is not None:
        refused = authority_refusal(uow, designation, Act.INSPECT, actor)
        why = refused.message if refused is not None else None
    if why is not None:
        return replace(context, unavailable=why)
    named, years = designation.naming_date, settings.cycle_years
    if named is None or not years:
        return context
    numbers = schedulable_cycles(uow, designation, years, as_of)
    cycles = [
        CycleChoice(k, *cycle_span(named, years, k), inspection_opens(named, years, k))
        for k in numbers
    ]
    return replace(context, cycles=cycles, due_cycle=due_cycle(named, years, numbers, as_of))


def inspection_view(uow: UnitOfWork, inspection_id: int, *, scope: Scope) -> InspectionView:
    """One inspection inside ``scope`` and the notice its failure issued [Y12]."""
    inspection = uow.inspections.get(inspection_id, scope)
    if inspection is None:
        raise NotFound("检查记录不存在或不在可见范围内", field="inspection_id")
    designation = uow.designations.get(inspection.designation_id, scope=scope)
    assert designation is not None
    issued = [
        n for n in uow.notices.for_designation(designation.id) if n.inspection_id == inspection.id
    ]
    return InspectionView(
        inspection=inspection,
        designation=designation,
        criteria=get_scheme(designation.scheme_code).settings.inspection_criteria,
        notice=issued[0] if issued else None,
        checks=(
            uow.notices.get(inspection.notice_id, scope)
            if inspection.notice_id is not None
            else None
        ),
    )


def evidence_file(
    uow: UnitOfWork, inspection_id: int, evidence_id: int, *, scope: Scope
) -> StoredFile:
    """An evidence file of an inspection inside ``scope``."""
    inspection = uow.inspections.get(inspection_id, scope)
    found = [e.file for e in (inspection.evidence if inspection else []) if e.id == evidence_id]
    if not found:
        raise NotFound("佐证材料不存在或不在可见范围内", field="evidence_id")
    return found[0]


def notice_view(
    uow: UnitOfWork,
    notice_id: int,
    *,
    scope: Scope,
    as_of: date | None = None,
    actor: Actor | None = None,
    reports_page: int = 1,
) -> NoticeView:
    """A notice inside ``scope`` with its printable document; with ``as_of`` and ``actor`` (its
    page), its re-inspections and the step ``actor``'s union may take on it on ``as_of``,
    asked of the use cases' own rules [Y12], and page ``reports_page`` of its written reports
    (paged in SQL)."""
    notice = uow.notices.get(notice_id, scope)
    if notice is None:
        raise NotFound("整改通知不存在或不在可见范围内", field="notice_id")
    designation = uow.designations.get(notice.designation_id, scope=scope)
    assert designation is not None
    view = NoticeView(notice, notice_document(uow, notice.id, scope), designation)
    if as_of is None:
        return view
    is_open = notice.status == NoticeStatus.OPEN
    overdue = is_open and revocation_refusal(is_open, notice.deadline, as_of) is None

    def may(act: Act) -> bool:
        return actor is not None and authority_refusal(uow, designation, act, actor) is None

    re_inspections = tuple(
        i for i in uow.inspections.for_designation(designation.id) if i.notice_id == notice.id
    )
    notes: list[str] = []
    shown, reports = stored_page(
        lambda w: uow.notices.reports_page(notice.id, w), reports_page, notes
    )
    return replace(
        view,
        re_inspections=re_inspections,
        overdue=overdue,
        # As scheduling asks: within the period, none already scheduled without a result.
        may_re_inspect=is_open
        and re_inspection_date_refusal(notice.issued_on, notice.deadline, as_of) is None
        and all(i.result is not None for i in re_inspections)
        and may(Act.INSPECT),
        may_revoke=overdue and may(Act.CONFIRM_REVOCATION),
        reports=reports,
        reports_page=shown,
        reports_note=notes[0] if notes else None,
        report_refusal=_report_refusal(uow, notice, actor),
    )


def _report_refusal(
    uow: UnitOfWork, notice: RectificationNotice, actor: Actor | None
) -> str | None:
    """Why ``actor`` may not send the notice's written 整改 report now, as the use case asks."""
    if actor is None:
        return "未登录"
    refused = reporter_refusal(uow, notice, actor)
    return refused.message if refused is not None else None
