"""Writing titles, their grants and their state through the designation and funding use cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lifecycle.actors import Actor
from lifecycle.adoption.apply_registry import workshop_of
from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.parse import Record
from lifecycle.adoption.plan import CHANGED, CREATED, UNCHANGED, service_problems
from lifecycle.adoption.sheets import (
    ASSESSMENTS,
    DESIGNATIONS,
    GRANTS,
    IMPORTED_REASON,
    IMPORTED_STATUS_LABELS,
)
from lifecycle.assessments.model import AnnualAssessment
from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.designations.model import Designation
from lifecycle.designations.service import NewDesignation, Transition, open_designation, transition
from lifecycle.errors import DomainError
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.money import parse_yuan
from lifecycle.schemes import get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus

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
    uow: UnitOfWork, cmd: NewDesignation, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """The one place an import creates a title (a named one, with 「系统启用前导入」 history).

    ``scope`` has already been checked on the workshop's union; the rules of the scheme, the
    naming level and one open title per scheme and team [Y7] are the use case's own.
    """
    del scope  # the caller checked it; kept so that a scoped use case can take it here
    return open_designation(uow, cmd, actor=actor, as_of=as_of)


def import_designations(
    ctx: ImportContext, records: list[Record]
) -> list[tuple[Record, Designation]]:
    """Titles as named; returns those whose imported state is not 已命名 (moved after grants)."""
    keys = {(str(r["scheme"]), str(r["number"])) for r in records}
    ctx.designations.update(ctx.uow.registry.designations(keys))
    later: list[tuple[Record, Designation]] = []
    for r in records:
        ctx.step()
        workshop = workshop_of(ctx, r)
        naming_union = ctx.unions.resolve(r, "naming_union", ctx.cells, in_scope=False)
        if workshop is None or naming_union is None:
            continue
        status = DesignationStatus(r["status"])
        if status is not DesignationStatus.NAMED and r["status_on"] is None:
            ctx.cells.append(r.problem("status_on", "已退出或已撤牌的命名须填写状态生效日期"))
            continue
        key = (str(r["scheme"]), str(r["number"]))
        existing = ctx.designations.get(key)
        if existing is not None:
            _compare(ctx, r, existing, ids=(workshop.id, naming_union.id), later=later)
            continue
        cmd = NewDesignation(
            workshop_id=workshop.id,
            scheme=key[0],
            title=r["title"],
            naming_union_id=naming_union.id,
            status=DesignationStatus.NAMED,
            number=key[1],
            naming_date=r["naming_date"],
            reason=IMPORTED_REASON,
            document_ref=r["naming_ref"],
        )
        try:
            designation = _register_title(
                ctx.uow, cmd, actor=ctx.actor, as_of=ctx.as_of, scope=ctx.scope
            )
        except DomainError as err:
            service_problems(r, err, DESIGNATION_FIELDS, ctx.cells)
            continue
        ctx.designations[key] = designation
        ctx.report.count(DESIGNATIONS.name, CREATED)
        if status is not DesignationStatus.NAMED:
            later.append((r, designation))
    return later


def _compare(
    ctx: ImportContext,
    r: Record,
    existing: Designation,
    *,
    ids: tuple[int, int],
    later: list[tuple[Record, Designation]],
) -> None:
    """A registered title: only its state may move on (by the lifecycle's own rules)."""
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
    if existing.status is DesignationStatus(r["status"]):
        ctx.report.count(DESIGNATIONS.name, UNCHANGED)
    else:
        later.append((r, existing))
        ctx.report.count(DESIGNATIONS.name, CHANGED)


def apply_states(ctx: ImportContext, later: list[tuple[Record, Designation]]) -> None:
    """Move titles to their imported state, each with its decision 文号 [DOMAIN §3]."""
    for r, designation in later:
        target = DesignationStatus(r["status"])
        try:
            for step in _steps(designation, target):
                label = "整改中（撤牌前）" if step is RECTIFYING else IMPORTED_STATUS_LABELS[step]
                cmd = Transition(
                    designation_id=designation.id,
                    target=step,
                    reason=f"{IMPORTED_REASON}：{label}",
                    effective_on=r["status_on"] or ctx.as_of,
                    document_ref=r["status_ref"],
                )
                transition(ctx.uow, cmd, actor=ctx.actor, as_of=ctx.as_of, scope=ctx.scope)
        except DomainError as err:
            service_problems(r, err, DESIGNATION_FIELDS, ctx.cells)


RECTIFYING = DesignationStatus.RECTIFYING


def _steps(designation: Designation, target: DesignationStatus) -> list[DesignationStatus]:
    """The lifecycle's path to ``target``: a pack that revokes only after 整改 [Y12] passes it."""
    allowed = get_scheme(designation.scheme_code).allowed_transitions()
    current = designation.status
    if (
        target is DesignationStatus.REVOKED
        and (current, target) not in allowed
        and {(current, RECTIFYING), (RECTIFYING, target)} <= allowed
    ):
        return [RECTIFYING, target]
    return [target]


def import_grants(ctx: ImportContext, records: list[Record]) -> None:
    """Past grants through the funding use case: a one-off grant once per title [Y14][S10]."""
    for r in records:
        ctx.step()
        designation = _title_of(ctx, r)
        if designation is None:
            continue
        paying = ctx.unions.resolve(r, "paying_union", ctx.cells, in_scope=False)
        if r["paying_union"] and paying is None:
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
            record_grant(ctx.uow, cmd, actor=ctx.actor, as_of=ctx.as_of, scope=ctx.scope)
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


def import_assessments(ctx: ImportContext, records: list[Record]) -> None:
    """Past 考核 steps in order through the assessment use case [S9]."""
    ordered = sorted(
        records, key=lambda r: (r["scheme"], r["number"], r["year"], _STEP_ORDER[r["step"]])
    )
    for r in ordered:
        ctx.step()
        designation = _title_of(ctx, r)
        if designation is None:
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
            record_step(ctx.uow, cmd, actor=ctx.actor, as_of=ctx.as_of, scope=ctx.scope)
        except DomainError as err:
            service_problems(r, err, {"designation_id": "number"}, ctx.cells)
            continue
        ctx.report.count(ASSESSMENTS.name, CREATED)


def _recorded(found: AnnualAssessment, step: Step) -> bool | None:
    """The verdict already on record for ``step`` (None when the step is not yet recorded)."""
    if step is Step.UNIT:
        return found.unit_passed
    if step is Step.DISTRICT:
        return found.district_passed
    return None if found.city_revoke is None else not found.city_revoke


def _title_of(ctx: ImportContext, r: Record) -> Designation | None:
    key = (str(r["scheme"]), str(r["number"]))
    designation = ctx.designations.get(key)
    if designation is None:
        designation = ctx.uow.registry.designations([key]).get(key)
    if designation is None:
        ctx.cells.append(r.problem("number", "该命名未登记，请先在「命名」表填写"))
    return designation
