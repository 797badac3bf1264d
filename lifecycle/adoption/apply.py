"""Writing titles, their grants and their state through the designation and funding use cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lifecycle.actors import Actor, on_behalf_of
from lifecycle.adoption.apply_registry import workshop_of
from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.fields import held_back
from lifecycle.adoption.parse import Record
from lifecycle.adoption.plan import CREATED, UNCHANGED, service_problems
from lifecycle.adoption.sheets import (
    ASSESSMENTS,
    DESIGNATIONS,
    GRANTS,
    IMPORTED_REASON,
)
from lifecycle.adoption.sheets_history import workbook_status
from lifecycle.assessments.closing import close_unsettled
from lifecycle.assessments.model import AnnualAssessment
from lifecycle.assessments.service import STEP_ACT, AssessmentStep, Step, record_step
from lifecycle.designations.authority import party_union_id, scheme_authority
from lifecycle.designations.model import Designation
from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.designations.service import place
from lifecycle.designations.states import is_active
from lifecycle.errors import DomainError
from lifecycle.funding.grants import RecordGrant, record_decided_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.money import parse_yuan
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.schemes.numbers import written_number
from lifecycle.schemes.words import designation_status_label
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus, UnionLevel

DESIGNATION_FIELDS = {
    "naming_union_id": "naming_union",
    "workshop_id": "workshop",
    "document_ref": "naming_ref",
    "effective_on": "status_on",
    "reason": "status",
}
# Fields of a registered title an import may not rewrite (its history would then lie).
FIXED = (
    ("title", "title", "工作室称号"),
    ("naming_date", "naming_date", "命名日期"),
)


def _register_title(
    uow: UnitOfWork, cmd: ExistingTitle, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """The one place an import creates a title: through the use case for titles named before
    the service, which checks the naming union's authority, the scheme and [Y7] itself.

    An officer imports the records of the naming union when that union is their own or lies in
    their subtree (the city registers its districts' titles); a union above them stays out of
    reach (a district cannot register a city title).
    """
    naming = place(uow, cmd.workshop_id, cmd.scheme, scope).naming_union
    if scope.covers_path(naming.path):
        actor = on_behalf_of(actor, naming.id, naming.level)
    return register_existing_title(uow, cmd, actor=actor, as_of=as_of, scope=scope)


def _named_by(ctx: ImportContext, r: Record, workshop_id: int, naming_union: Union) -> bool:
    """Whether the file's 命名单位 is the union the scheme has name this workshop's titles."""
    try:
        expected = place(ctx.uow, workshop_id, str(r["scheme"]), ctx.scope).naming_union
    except DomainError as err:
        service_problems(r, err, DESIGNATION_FIELDS, ctx.cells)
        return False
    if expected.id == naming_union.id:
        return True
    settings = get_scheme(str(r["scheme"])).settings
    level = "市" if expected.level is UnionLevel.CITY else "区"
    why = f"{settings.name}应由{level}级工会命名（{expected.name}），与所填命名单位不符"
    ctx.cells.append(r.problem("naming_union", why))
    return False


def import_designations(ctx: ImportContext, records: list[Record]) -> None:
    """Titles as their naming unions' records show them, each through the registration use case."""
    keys = {key for r in records if (key := title_key(r)) is not None}
    found = ctx.uow.registry.designations(keys)
    ctx.facts.designations.remember(keys, found.values())
    ctx.designations.update(found)
    _fetch_titles_of_workshops(ctx, records)
    with ctx.uow.flushing_at_end():  # every read below is answered by ctx.facts
        for r in records:
            _import_designation(ctx, r)


def _import_designation(ctx: ImportContext, r: Record) -> None:
    """One title: unchanged, refused, or registered through the use case."""
    ctx.step()
    workshop = workshop_of(ctx, r)
    naming_union = ctx.unions.resolve(r, "naming_union", ctx.cells, in_scope=False)
    if held_back(ctx, r) or workshop is None or naming_union is None:
        return
    if not _named_by(ctx, r, workshop.id, naming_union):
        return
    status = DesignationStatus(r["status"])
    if status is not DesignationStatus.NAMED and r["status_on"] is None:
        # In the title's scheme's words: 已撤牌 [Y12], 已摘牌 [S9], 乐山's 已取消命名 [L].
        label = designation_status_label(status, str(r["scheme"]))
        ctx.cells.append(r.problem("status_on", f"「{label}」的命名须填写状态生效日期"))
        return
    key = (str(r["scheme"]), written_number(str(r["number"])))
    existing = ctx.designations.get(key)
    if existing is not None:
        _compare(ctx, r, existing, ids=(workshop.id, naming_union.id))
        return
    ended = status is not DesignationStatus.NAMED
    cmd = ExistingTitle(
        workshop_id=workshop.id,
        scheme=key[0],
        title=r["title"],
        number=key[1],
        naming_date=r["naming_date"],
        decision_ref=r["naming_ref"] or "",
        status=status,
        ended_on=r["status_on"] if ended else None,
        end_ref=r["status_ref"] if ended else None,
        reason=IMPORTED_REASON,
    )
    try:
        designation = _register_title(
            ctx.uow, cmd, actor=ctx.actor, as_of=ctx.as_of, scope=ctx.scope
        )
    except DomainError as err:
        service_problems(r, err, DESIGNATION_FIELDS, ctx.cells)
        return
    ctx.designations[key] = designation
    ctx.report.count(DESIGNATIONS.name, CREATED)


def _fetch_titles_of_workshops(ctx: ImportContext, records: list[Record]) -> None:
    """Every title already held by a workshop the rows name, in one batch ([Y7] reads them)."""
    named: set[int] = set()
    for r in records:
        union = ctx.unions.by_path.get(r["union"]) if r["union"] is not None else None
        workshop = ctx.workshops.get((union.id, str(r["workshop"]))) if union else None
        if workshop is not None:
            named.add(workshop.id)
    new = {w.id for w in ctx.facts.workshops.added}  # made by this import: no title yet
    titles = ctx.uow.registry.designations_of(named - new)
    ctx.facts.designations.remember_workshops(named, titles)


def _compare(
    ctx: ImportContext,
    r: Record,
    existing: Designation,
    *,
    ids: tuple[int, int],
) -> None:
    """A registered title: unchanged, or refused (its state moves only through its flow)."""
    bad = [header for attr, key, header in FIXED if getattr(existing, attr) != r[key]]
    workshop_id, naming_union_id = ids
    if existing.workshop_id != workshop_id:
        bad.append("工作室")
    if existing.naming_union_id != naming_union_id:
        bad.append("命名单位")
    if bad:
        ctx.cells.append(
            r.problem("number", f"已登记的命名不能通过导入修改{'、'.join(bad)}（与已登记的不一致）")
        )
        return
    if workbook_status(existing.status) is DesignationStatus(r["status"]):
        ctx.report.count(DESIGNATIONS.name, UNCHANGED)
    else:  # a registered title changes state only through its regulated flow (issue 13)
        ctx.cells.append(
            r.problem(
                "status",
                "已登记命名的状态变化须通过相应流程办理（整改与撤牌、考核摘牌或管理变更申请），"
                "不能通过导入修改",
            )
        )


def import_grants(ctx: ImportContext, records: list[Record]) -> None:
    """Past grants through the funding use case: a one-off grant once per title [Y14][S10]."""
    for r in records:
        ctx.step()
        designation = _title_of(ctx, r)
        paying = ctx.unions.resolve(r, "paying_union", ctx.cells, in_scope=False)
        if held_back(ctx, r) or designation is None or (r["paying_union"] and paying is None):
            continue
        kind = GrantKind(r["kind"])
        amount: Decimal | None = r["amount_yuan"]
        found = ctx.uow.registry.grants([designation.id]).get(
            (designation.id, kind.value, str(r["approval_ref"]))
        )
        if found is not None:
            same = found.approved_on == r["approved_on"] and (
                amount is None or found.amount_fen == parse_yuan(amount)
            )
            if not same or (r["paid_on"] is not None and found.paid_on != r["paid_on"]):
                ctx.cells.append(
                    r.problem("approval_ref", "已登记的拨款不能通过导入修改，请使用更正")
                )
            else:
                ctx.report.count(GRANTS.name, UNCHANGED)
            continue
        cmd = RecordGrant(
            designation_id=designation.id,
            kind=kind,
            approval_ref=str(r["approval_ref"]),
            approved_on=r["approved_on"],
            paid_on=r["paid_on"],
            amount_yuan=None if amount is None else str(amount),
            paying_union_id=paying.id if paying else None,
            note=IMPORTED_REASON,
        )
        try:
            record_decided_grant(ctx.uow, cmd, actor=ctx.actor, as_of=ctx.as_of, scope=ctx.scope)
        except DomainError as err:
            fields = {
                "designation_id": "number",
                "paying_union_id": "paying_union",
                "amount": "amount_yuan",
            }
            service_problems(r, err, fields, ctx.cells)
            continue
        ctx.report.count(GRANTS.name, CREATED)


_STEP_ORDER = {"unit": 0, "district": 1, "city": 2}


def _for_party(ctx: ImportContext, designation: Designation, act: Act) -> Actor:
    """The importer acting for the union whose step ``act`` is, when it lies in their subtree."""
    authority = scheme_authority(designation.scheme_code, act)
    union = ctx.uow.unions.get(party_union_id(designation, authority.party), ctx.scope)
    return ctx.actor if union is None else on_behalf_of(ctx.actor, union.id, union.level)


def import_assessments(ctx: ImportContext, records: list[Record]) -> None:
    """Past 考核 steps in order through the assessment use case [S9]; a title imported as ended
    (摘牌, 退出) keeps the steps taken while it was held, and a year they leave waiting ends
    with it, as it does when the title ends in the service (``close_unsettled``)."""
    ordered = sorted(records, key=_step_order)
    ended: dict[int, Designation] = {}
    for r in ordered:
        ctx.step()
        designation = _title_of(ctx, r)
        if held_back(ctx, r) or designation is None:
            continue
        step, passed = Step(r["step"]), r["passed"] == "1"
        found = ctx.uow.assessments.find(designation.id, int(r["year"]))
        recorded = _recorded(found, step) if found is not None else None
        if recorded is not None:
            if recorded == passed:
                ctx.report.count(ASSESSMENTS.name, UNCHANGED)
            else:
                why = "与已登记的考核结论不一致，不能通过导入修改"
                ctx.cells.append(r.problem("passed", why))
            continue
        cmd = AssessmentStep(
            designation.id, int(r["year"]), step, passed, r["decided_on"], r["signer"],
            r["opinion"], decision_ref=r["decision_ref"],
        )  # fmt: skip
        try:
            actor = _for_party(ctx, designation, STEP_ACT[step])
            record_step(ctx.uow, cmd, actor=actor, as_of=ctx.as_of, scope=ctx.scope, past=True)
        except DomainError as err:
            service_problems(r, err, {"designation_id": "number"}, ctx.cells)
            continue
        ctx.report.count(ASSESSMENTS.name, CREATED)
        if not is_active(designation.status):
            ended[designation.id] = designation
    for designation in ended.values():
        status = designation_status_label(designation.status, designation.scheme_code)
        close_unsettled(ctx.uow, designation, why=f"该称号{status}，本年度考核终止办理")


def _step_order(r: Record) -> tuple[str, str, int, int]:
    """Title by title, year by year, unit → district → city (an unreadable cell last)."""
    step = _STEP_ORDER.get(r["step"], len(_STEP_ORDER))
    return str(r["scheme"] or ""), str(r["number"] or ""), r["year"] or 0, step


def _recorded(found: AnnualAssessment, step: Step) -> bool | None:
    """The verdict already on record for ``step`` (None when the step is not yet recorded)."""
    if step is Step.UNIT:
        return found.unit_passed
    if step is Step.DISTRICT:
        return found.district_passed
    return None if found.city_revoke is None else not found.city_revoke


def title_key(r: Record) -> tuple[str, str] | None:
    """The (scheme, number) a row names a title by, the number as the series writes it (one
    title whatever the cell's width or spacing); None when a cell of it is unreadable."""
    if r["scheme"] is None or r["number"] is None:
        return None
    return str(r["scheme"]), written_number(str(r["number"]))


def title_missing(ctx: ImportContext, r: Record, key: tuple[str, str]) -> None:
    """A title the row names is not registered: refused in its 命名 row, or never entered."""
    why = ctx.refusals.missing(DESIGNATIONS, key, "该命名", "该命名未登记，请先在「命名」表填写")
    ctx.cells.append(r.problem("number", why))


def _title_of(ctx: ImportContext, r: Record) -> Designation | None:
    key = title_key(r)
    if key is None:  # unreadable: refused as a cell
        return None
    designation = ctx.designations.get(key)
    if designation is None:
        designation = ctx.uow.registry.designations([key]).get(key)
    if designation is None:
        title_missing(ctx, r, key)
    return designation
