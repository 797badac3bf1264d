"""Every query on inspections, their outcomes and evidence."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.inspections.model import CriterionOutcome, Evidence, Inspection
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop


class InspectionRepository:
    """Inspections inside the caller's scope (through designation → workshop → union path)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, inspection_id: int, scope: Scope) -> Inspection | None:
        stmt = (
            select(Inspection)
            .join(Designation, Designation.id == Inspection.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Inspection.id == inspection_id, scope.clause(Union.path))
        )
        return self.session.scalars(stmt).unique().one_or_none()

    def labels(self, inspection_ids: Collection[int], scope: Scope) -> list[Any]:
        """(id, kind, scheduled_on) of each inspection ``scope`` may see, in one query (the
        others are left out): what a 修改记录 names an inspection by."""
        if not inspection_ids:
            return []
        stmt = (
            select(Inspection.id, Inspection.kind, Inspection.scheduled_on)
            .join(Designation, Designation.id == Inspection.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Inspection.id.in_(sorted(inspection_ids)), scope.clause(Union.path))
        )
        return list(self.session.execute(stmt).all())

    def for_designation(self, designation_id: int) -> Sequence[Inspection]:
        stmt = (
            select(Inspection)
            .where(Inspection.designation_id == designation_id)
            .order_by(Inspection.scheduled_on, Inspection.id)
        )
        return self.session.scalars(stmt).unique().all()

    def pending(self, designation_id: int) -> Sequence[Inspection]:
        """Scheduled inspections whose outcome has not been recorded."""
        stmt = select(Inspection).where(
            Inspection.designation_id == designation_id, Inspection.result.is_(None)
        )
        return self.session.scalars(stmt).unique().all()

    def add(self, inspection: Inspection) -> Inspection:
        self.session.add(inspection)
        self.session.flush()
        return inspection

    def remove(self, inspection: Inspection) -> None:
        """Delete a scheduled inspection and its evidence rows (each delete is audited)."""
        for evidence in inspection.evidence:
            self.session.delete(evidence)
        self.session.flush()
        self.session.expire(inspection, ["evidence"])
        self.session.delete(inspection)
        self.session.flush()

    def add_outcome(self, outcome: CriterionOutcome) -> CriterionOutcome:
        self.session.add(outcome)
        return outcome

    def add_evidence(self, evidence: Evidence) -> Evidence:
        self.session.add(evidence)
        self.session.flush()
        return evidence

    def scheduled_between(self, scope: Scope, start: date, end: date) -> Sequence[Inspection]:
        """Inspections planned in [start, end] for designations inside `scope`."""
        stmt = (
            select(Inspection)
            .join(Designation, Designation.id == Inspection.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(
                scope.clause(Union.path),
                Inspection.scheduled_on >= start,
                Inspection.scheduled_on <= end,
            )
            .order_by(Inspection.scheduled_on, Inspection.id)
        )
        return self.session.scalars(stmt).unique().all()
