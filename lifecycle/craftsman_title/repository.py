"""Every query of the 上海工匠 selection; scope filters on the applicant's union path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.craftsman_title.model import (
    CraftsmanApplication,
    CraftsmanSelection,
    FalseDeclaration,
    LocalSelection,
    StageRecord,
)
from lifecycle.craftsman_title.rules import Group
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.persons.repository import visible_in
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import Honour

T = TypeVar("T")


class CraftsmanRepository:
    """Selections, applications, stage records and findings."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def selection(self, selection_id: int) -> CraftsmanSelection | None:
        return self.session.get(CraftsmanSelection, selection_id)

    def selection_of_year(self, year: int) -> CraftsmanSelection | None:
        return self.session.scalar(
            select(CraftsmanSelection).where(CraftsmanSelection.year == year)
        )

    def selections(self) -> Sequence[CraftsmanSelection]:
        return self.session.scalars(
            select(CraftsmanSelection).order_by(CraftsmanSelection.year.desc())
        ).all()

    def ran_local(
        self, selection_id: int, *, union_id: int | None, association: str | None
    ) -> bool:
        q = select(LocalSelection.id).where(LocalSelection.selection_id == selection_id)
        if association is not None:
            q = q.where(LocalSelection.association_name == association)
        else:
            q = q.where(LocalSelection.union_id == union_id)
        return self.session.scalar(q.limit(1)) is not None

    def local_selections(self, selection_id: int) -> Sequence[LocalSelection]:
        return self.session.scalars(
            select(LocalSelection)
            .where(LocalSelection.selection_id == selection_id)
            .order_by(LocalSelection.id)
        ).all()

    def application(self, application_id: int, scope: Scope) -> CraftsmanApplication | None:
        return self.session.scalar(
            select(CraftsmanApplication)
            .join(Union, Union.id == CraftsmanApplication.union_id)
            .where(CraftsmanApplication.id == application_id, scope.clause(Union.path))
        )

    def applications(
        self, selection_id: int, scope: Scope, *, group: Group | None = None
    ) -> Sequence[CraftsmanApplication]:
        """The year's applications in scope; one 组别 for the 分类、分场 review [G] 三（三）."""
        q = (
            select(CraftsmanApplication)
            .join(Union, Union.id == CraftsmanApplication.union_id)
            .where(CraftsmanApplication.selection_id == selection_id, scope.clause(Union.path))
        )
        if group is not None:
            q = q.where(CraftsmanApplication.group == group)
        return self.session.scalars(q.order_by(CraftsmanApplication.id)).all()

    def application_of(self, selection_id: int, person_id: int) -> CraftsmanApplication | None:
        return self.session.scalar(
            select(CraftsmanApplication).where(
                CraftsmanApplication.selection_id == selection_id,
                CraftsmanApplication.person_id == person_id,
            )
        )

    def stage_records(self, application_id: int, scope: Scope) -> Sequence[StageRecord]:
        return self.session.scalars(
            select(StageRecord)
            .join(CraftsmanApplication, CraftsmanApplication.id == StageRecord.application_id)
            .join(Union, Union.id == CraftsmanApplication.union_id)
            .where(StageRecord.application_id == application_id, scope.clause(Union.path))
            .order_by(StageRecord.id)
        ).all()

    def holds_honour(self, person_id: int, honour: Honour, *, up_to: int) -> bool:
        """Whether the person was awarded ``honour`` in ``up_to`` or before."""
        found = self.session.scalar(
            select(PersonHonour.id)
            .where(
                PersonHonour.person_id == person_id,
                PersonHonour.honour == honour,
                PersonHonour.year <= up_to,
            )
            .limit(1)
        )
        return found is not None

    def findings(
        self, *, person_id: int | None, unit_union_id: int | None, scope: Scope
    ) -> Sequence[FalseDeclaration]:
        """Findings against a person or a unit the scope sees [G] 五（三）."""
        q = select(FalseDeclaration)
        if person_id is not None:
            q = q.join(Person, Person.id == FalseDeclaration.person_id).where(
                FalseDeclaration.person_id == person_id, visible_in(scope)
            )
        else:
            q = q.join(Union, Union.id == FalseDeclaration.unit_union_id).where(
                FalseDeclaration.unit_union_id == unit_union_id, scope.clause(Union.path)
            )
        return self.session.scalars(q.order_by(FalseDeclaration.found_on)).all()
