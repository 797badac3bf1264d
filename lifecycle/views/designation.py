"""One designation on one page: status, history, cycles, occasions, inspections, ledgers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lifecycle.assessments.model import AnnualAssessment
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.errors import NotFound
from lifecycle.filings.model import YearlyFiling
from lifecycle.inspections.model import Inspection, InspectionResult
from lifecycle.ledgers.service import Ledger, ledger_of
from lifecycle.notices.model import RectificationNotice
from lifecycle.occasions.model import Occasion
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import SchemeSettings, add_years
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.changes import ChangeSection, change_section


@dataclass(frozen=True)
class Cycle:
    """Management cycle k: naming + years·(k−1) to naming + years·k, and its inspection [Y12]."""

    number: int
    starts_on: date
    ends_on: date
    result: InspectionResult | None
    current: bool


@dataclass(frozen=True)
class DesignationPage:
    """What the designation page shows, all read inside the caller's scope."""

    designation: Designation
    settings: SchemeSettings
    history: Sequence[StatusChange]
    cycles: list[Cycle]
    occasions: list[Occasion]
    inspections: Sequence[Inspection]
    notices: Sequence[RectificationNotice]
    filings: Sequence[YearlyFiling]
    assessments: Sequence[AnnualAssessment]
    ledger: Ledger
    criteria: dict[str, str]
    changes: ChangeSection | None = None


def cycles_of(
    naming_date: date | None,
    cycle_years: int | None,
    inspections: Sequence[Inspection],
    as_of: date,
) -> list[Cycle]:
    """The cycles begun by ``as_of`` (at least the first), each with its cycle-end result [Y12]."""
    if naming_date is None or not cycle_years:
        return []
    results = {i.cycle_no: i.result for i in inspections if i.cycle_no is not None and i.result}
    cycles = []
    k = 1
    while True:
        starts = add_years(naming_date, cycle_years * (k - 1))
        if k > 1 and starts > as_of:
            break
        ends = add_years(naming_date, cycle_years * k)
        cycles.append(Cycle(k, starts, ends, results.get(k), starts <= as_of < ends))
        k += 1
    return cycles


def designation_page(
    uow: UnitOfWork, designation_id: int, as_of: date, *, scope: Scope
) -> DesignationPage:
    """Read one designation and everything hanging off it, refusing what lies outside ``scope``."""
    designation = uow.designations.get(designation_id, scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在可见范围内", field="designation_id")
    settings = get_scheme(designation.scheme_code).settings
    inspections = uow.inspections.for_designation(designation.id)
    return DesignationPage(
        designation=designation,
        settings=settings,
        history=uow.designations.history(designation.id),
        cycles=cycles_of(designation.naming_date, settings.cycle_years, inspections, as_of),
        occasions=occasions_for_designation(uow, designation.id, as_of, scope=scope),
        inspections=inspections,
        notices=uow.notices.for_designation(designation.id),
        filings=uow.filings.for_designation(designation.id),
        assessments=uow.assessments.for_designation(designation.id),
        ledger=ledger_of(uow, designation.workshop_id, scope),
        criteria=dict(settings.inspection_criteria),
        changes=change_section(uow, designation),
    )
