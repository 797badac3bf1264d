"""Writing past inspections, 整改通知 and yearly filings through their use cases [Y11][Y12]."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lifecycle.actors import Actor, on_behalf_of
from lifecycle.adoption.apply import title_key, title_missing
from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.export_history import shown_opinion
from lifecycle.adoption.fields import held_back
from lifecycle.adoption.parse import Record
from lifecycle.adoption.plan import CHANGED, CREATED, UNCHANGED, service_problems
from lifecycle.adoption.refusals import refused_in
from lifecycle.adoption.sheets import IMPORTED_REASON
from lifecycle.adoption.sheets_history import FILINGS, INSPECTIONS, ITEM_SEPARATORS, NOTICES
from lifecycle.designations.authority import party_union_id, scheme_authority
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError
from lifecycle.filings.model import FilingKind
from lifecycle.filings.past import PastFiling, register_past_filing
from lifecycle.inspections.model import Inspection, InspectionKind, InspectionResult
from lifecycle.inspections.past import PastInspection, register_past_inspection
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.notices.past import PastNotice, register_past_notice
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act

FILING_FIELDS = {"designation_id": "number", "actor": "number"}
INSPECTION_FIELDS = {"designation_id": "number", "actor": "number", "notice_id": "notice"}
NOTICE_FIELDS = {
    "designation_id": "number",
    "actor": "number",
    "inspection_id": "notice",
    "number": "notice",
    "effective_on": "issued_on",
}
_SPLIT = re.compile(f"[{ITEM_SEPARATORS}]")
# Within a title, events in the order they happened; on one day the inspection, then its notice.
_ORDER = {InspectionKind.CYCLE_END: 0, "notice": 1, InspectionKind.RE_INSPECTION: 2}


def load_titles(ctx: ImportContext, records: list[Record]) -> dict[int, bool]:
    """Fetch the titles the rows name in one go; an empty cache of scope answers by title id."""
    keys = {key for r in records if (key := title_key(r)) is not None}
    missing = keys - ctx.designations.keys()
    if missing:
        ctx.designations.update(ctx.uow.registry.designations(missing))
    return {}


def title_in_scope(ctx: ImportContext, r: Record, in_scope: dict[int, bool]) -> Designation | None:
    """The title a row names by (scheme, number), registered and inside the importer's scope."""
    key = title_key(r)
    if key is None:  # unreadable: refused as a cell
        return None
    designation = ctx.designations.get(key)
    if designation is None:
        title_missing(ctx, r, key)
        return None
    if designation.id not in in_scope:
        found = ctx.uow.designations.get(designation.id, ctx.scope)
        in_scope[designation.id] = found is not None
    if not in_scope[designation.id]:
        ctx.cells.append(r.problem("number", "该命名不在本人管辖范围内"))
        return None
    return designation


def import_filings(ctx: ImportContext, records: list[Record]) -> None:
    """Past self-checks and unit evaluations, once per title, year and kind [Y11]."""
    in_scope = load_titles(ctx, records)
    for r in records:
        ctx.step()
        designation = title_in_scope(ctx, r, in_scope)
        if held_back(ctx, r) or designation is None:
            continue
        year, kind = int(r["year"]), FilingKind(r["kind"])
        found = ctx.uow.filings.find(designation.id, year, kind)
        if found is not None:
            if found.filed_on != r["filed_on"]:
                why = "与已登记的备案日期不一致，已提交的备案不能通过导入修改"
                ctx.cells.append(r.problem("filed_on", why))
            elif r["note"] is not None and found.note != r["note"]:
                found.note = r["note"]
                ctx.report.count(FILINGS.name, CHANGED)
            else:
                ctx.report.count(FILINGS.name, UNCHANGED)
            continue
        cmd = PastFiling(designation.id, year, kind, r["filed_on"], IMPORTED_REASON, r["note"])
        try:
            register_past_filing(ctx.uow, cmd, as_of=ctx.as_of, scope=ctx.scope)
        except DomainError as err:
            service_problems(r, err, FILING_FIELDS, ctx.cells)
            continue
        ctx.report.count(FILINGS.name, CREATED)


@dataclass
class _Oversight:
    """What the two sheets bring for the titles: rows by title, notices made so far by number."""

    events: dict[int, list[tuple[date, int, int, Record]]] = field(default_factory=dict)
    titles: dict[int, Designation] = field(default_factory=dict)
    notice_rows: dict[str, Record] = field(default_factory=dict)
    end_rows: dict[str, Record] = field(default_factory=dict)  # cycle-end rows by their notice
    failed_ends: dict[str, Inspection] = field(default_factory=dict)
    notices: dict[str, RectificationNotice] = field(default_factory=dict)
    rectified: list[tuple[Record, RectificationNotice]] = field(default_factory=list)

    def add(self, designation: Designation, day: date, order: int, r: Record) -> None:
        self.titles[designation.id] = designation
        self.events.setdefault(designation.id, []).append((day, order, r.row, r))


def import_oversight(ctx: ImportContext, inspections: list[Record], notices: list[Record]) -> None:
    """Past inspections and 整改通知, title by title in the order they happened [Y12]."""
    plan = _Oversight()
    in_scope = load_titles(ctx, [*inspections, *notices])
    for r in notices:
        designation = title_in_scope(ctx, r, in_scope)
        if r["notice"] is not None:
            plan.notice_rows.setdefault(str(r["notice"]), r)
        if held_back(ctx, r) or designation is None:
            ctx.step()
        else:
            plan.add(designation, r["issued_on"], _ORDER["notice"], r)
    for r in inspections:
        designation = title_in_scope(ctx, r, in_scope)
        if r["kind"] == InspectionKind.CYCLE_END.value and r["notice"] is not None:
            plan.end_rows.setdefault(str(r["notice"]), r)
        if held_back(ctx, r) or designation is None:
            ctx.step()
        else:
            plan.add(designation, r["held_on"], _ORDER[InspectionKind(r["kind"])], r)
    for designation_id in sorted(plan.events):
        designation = plan.titles[designation_id]
        for _day, _order, _row, r in sorted(plan.events[designation_id], key=lambda e: e[:3]):
            ctx.step()
            if r.sheet.name == NOTICES.name:  # the user's sheets are copies (their own schemes)
                _notice(ctx, plan, designation, r)
            else:
                _inspection(ctx, plan, designation, r)
    for r, notice in plan.rectified:
        if notice.closing_inspection_id is None:
            why = "已整改的通知须在「检查」表中有合格的整改复查（复查日期即办结日期）"
            ctx.cells.append(r.problem("status", why))


def _inspector(ctx: ImportContext, designation: Designation) -> Actor:
    """The importer acting for the union that inspects the title, when it lies in their subtree."""
    authority = scheme_authority(designation.scheme_code, Act.INSPECT)
    union = ctx.uow.unions.get(party_union_id(designation, authority.party), ctx.scope)
    return ctx.actor if union is None else on_behalf_of(ctx.actor, union.id, union.level)


def _failed_codes(
    ctx: ImportContext, r: Record, designation: Designation
) -> tuple[str, ...] | None:
    """The failed criteria's codes from their labels; None (and a bad cell) when one is unknown
    or the result says otherwise."""
    criteria = get_scheme(designation.scheme_code).settings.inspection_criteria
    by_label = {label: code for code, label in criteria}
    labels = [p.strip() for p in _SPLIT.split(str(r["failed"] or "")) if p.strip()]
    unknown = [label for label in labels if label not in by_label]
    if unknown:
        known = "、".join(label for _, label in criteria)
        ctx.cells.append(
            r.problem("failed", f"不在该方案的检查标准中：{unknown[0]}（可填：{known}）")
        )
        return None
    failed = r["result"] == InspectionResult.FAIL.value
    if failed != bool(labels):
        why = "不合格的检查须填写不合格项目" if failed else "合格的检查不填写不合格项目"
        ctx.cells.append(r.problem("failed", why))
        return None
    return tuple(by_label[label] for label in dict.fromkeys(labels))


def _inspection(ctx: ImportContext, plan: _Oversight, designation: Designation, r: Record) -> None:
    kind = InspectionKind(r["kind"])
    failed = _failed_codes(ctx, r, designation)
    if failed is None:
        return
    number = str(r["notice"]) if r["notice"] else None
    linked, notice = _linked_notice(ctx, plan, designation, r, failed=bool(failed))
    if not linked:
        return
    found = next(
        (
            i
            for i in ctx.uow.inspections.for_designation(designation.id)
            if i.kind is kind and i.result is not None and i.recorded_on == r["held_on"]
        ),
        None,
    )
    if found is not None:
        _compare_inspection(ctx, r, found, failed, number)
        return
    cmd = PastInspection(
        designation_id=designation.id,
        kind=kind,
        held_on=r["held_on"],
        place=str(r["place"]),
        inspectors=str(r["inspectors"]),
        failed=failed,
        source=IMPORTED_REASON,
        summary=r["summary"],
        cycle_no=r["cycle_no"],
        notice_id=notice.id if notice is not None else None,
    )
    try:
        actor = _inspector(ctx, designation)
        inspection = register_past_inspection(
            ctx.uow, cmd, actor=actor, as_of=ctx.as_of, scope=ctx.scope
        )
    except DomainError as err:
        service_problems(r, err, INSPECTION_FIELDS, ctx.cells)
        return
    if kind is InspectionKind.CYCLE_END and number is not None:
        plan.failed_ends[number] = inspection
    ctx.report.count(INSPECTIONS.name, CREATED)


def _linked_notice(
    ctx: ImportContext, plan: _Oversight, designation: Designation, r: Record, *, failed: bool
) -> tuple[bool, RectificationNotice | None]:
    """(False, None) after a bad cell; else the notice a re-inspection checks (None for a
    cycle-end inspection, whose notice is registered from its own sheet)."""
    number = str(r["notice"]) if r["notice"] else None
    if InspectionKind(r["kind"]) is InspectionKind.CYCLE_END:
        why = None
        if failed and number is None:
            why = "不合格的周期末检查须填写其整改通知编号（并在「整改通知」表登记该通知）"
        elif not failed and number is not None:
            why = "合格的周期末检查不填写整改通知编号"
        elif (
            number is not None
            and number not in plan.notice_rows
            and ctx.uow.notices.by_number(number) is None
        ):
            why = f"整改通知“{number}”不在「整改通知」表中"
        if why is not None:
            ctx.cells.append(r.problem("notice", why))
        return why is None, None
    if number is None:
        ctx.cells.append(r.problem("notice", "整改复查须填写所复查的整改通知编号"))
        return False, None
    notice = plan.notices.get(number) or ctx.uow.notices.by_number(number)
    if notice is None or notice.designation_id != designation.id:
        why = f"该命名没有编号为“{number}”的整改通知"
        row = plan.notice_rows.get(number)
        if notice is None and row is not None and ctx.refusals.is_refused(NOTICES, row.row):
            why = refused_in(f"整改通知“{number}”", NOTICES, row.row)
        ctx.cells.append(r.problem("notice", why))
        return False, None
    return True, notice


def _compare_inspection(
    ctx: ImportContext, r: Record, found: Inspection, failed: tuple[str, ...], number: str | None
) -> None:
    """A registered inspection: its result stays; place, inspectors and opinion may be corrected."""
    registered = {o.criterion_code for o in found.outcomes if not o.passed}
    notice_id = found.notice_id
    if found.kind is InspectionKind.CYCLE_END:
        issued = next((n for n in ctx.uow.notices.for_designation(found.designation_id)
                       if n.inspection_id == found.id), None)  # fmt: skip
        notice_id = issued.id if issued is not None else None
    linked = ctx.uow.notices.by_number(number) if number else None
    if registered != set(failed) or notice_id != (linked.id if linked else None):
        why = "与已登记的检查结果或整改通知不一致，已登记的检查结果不能通过导入修改"
        ctx.cells.append(r.problem("result", why))
        return
    values = {"place": r["place"], "inspectors": r["inspectors"]}
    if r["summary"] != shown_opinion(found):  # the export's opinion, written back, is no change
        values["summary"] = r["summary"]
    changed = False
    for name, value in values.items():
        if value is not None and getattr(found, name) != value:
            setattr(found, name, value)
            changed = True
    ctx.report.count(INSPECTIONS.name, CHANGED if changed else UNCHANGED)


def _notice(ctx: ImportContext, plan: _Oversight, designation: Designation, r: Record) -> None:
    number = str(r["notice"])
    status = NoticeStatus(r["status"])
    found = ctx.uow.notices.by_number(number)
    if found is not None:
        _compare_notice(ctx, r, found, designation, status)
        return
    inspection = plan.failed_ends.get(number)
    if inspection is None:
        why = "「检查」表中没有对应的不合格周期末检查（其整改通知编号应为本编号）"
        end = plan.end_rows.get(number)
        if end is not None and ctx.refusals.is_refused(INSPECTIONS, end.row):
            why = refused_in("对应的周期末检查", INSPECTIONS, end.row)
        ctx.cells.append(r.problem("notice", why))
        return
    cmd = PastNotice(
        designation_id=designation.id,
        inspection_id=inspection.id,
        number=number,
        issued_on=r["issued_on"],
        deadline=r["deadline"],
        status=status,
        source=IMPORTED_REASON,
        closed_on=r["closed_on"],
        decision_ref=r["decision_ref"],
    )
    try:
        actor = _inspector(ctx, designation)
        notice = register_past_notice(ctx.uow, cmd, actor=actor, as_of=ctx.as_of, scope=ctx.scope)
    except DomainError as err:
        service_problems(r, err, NOTICE_FIELDS, ctx.cells)
        return
    plan.notices[number] = notice
    if status is NoticeStatus.RECTIFIED:
        plan.rectified.append((r, notice))
    ctx.report.count(NOTICES.name, CREATED)


def _compare_notice(
    ctx: ImportContext,
    r: Record,
    found: RectificationNotice,
    designation: Designation,
    status: NoticeStatus,
) -> None:
    """A registered notice is unchanged, or refused: it closes only through its flow [Y12]."""
    if found.status is not status:
        why = "整改通知的办结须通过整改复查或撤牌确认办理，不能通过导入修改"
        ctx.cells.append(r.problem("status", why))
        return
    same = (
        found.designation_id == designation.id
        and found.issued_on == r["issued_on"]
        and (r["deadline"] is None or found.deadline == r["deadline"])
        and found.closed_on == r["closed_on"]
        and (found.decision_ref or None) == (r["decision_ref"] or None)
    )
    if not same:
        why = "与已登记的整改通知不一致，已登记的整改通知不能通过导入修改"
        ctx.cells.append(r.problem("notice", why))
        return
    ctx.report.count(NOTICES.name, UNCHANGED)
