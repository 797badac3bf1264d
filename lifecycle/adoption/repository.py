"""Every query of the adoption package: cut-overs, and the registry rows an import matches."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import cast

from sqlalchemy import Select, Table, func, select, text
from sqlalchemy.orm import Session, selectinload

from lifecycle.adoption.model import UnionCutover
from lifecycle.assessments.model import AnnualAssessment
from lifecycle.db.base import Base
from lifecycle.db.batches import batches
from lifecycle.designations.model import Designation
from lifecycle.funding.model import Grant
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed_rows
from lifecycle.persons.model import Person
from lifecycle.persons.repository import visible_in
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, UnionContact, path_ids
from lifecycle.workshops.model import Workshop, WorkshopMember

# The tables an import writes most of (their statistics are refreshed after a large one).
REGISTRY_TABLES = (
    "unions",
    "persons",
    "person_honours",
    "workshops",
    "workshop_members",
    "designations",
    "designation_status_changes",
    "funding_grants",
)


class CutoverRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> dict[int, date]:
        """union id → cut-over date (one small table, read whole)."""
        query = select(UnionCutover.union_id, UnionCutover.cutover_on)
        return {union_id: day for union_id, day in self.session.execute(query)}  # noqa: C416

    def get(self, union_id: int) -> UnionCutover | None:
        return self.session.get(UnionCutover, union_id)

    def add(self, cutover: UnionCutover) -> UnionCutover:
        self.session.add(cutover)
        return cutover

    def designation_ids_under(self, path: str) -> list[int]:
        """Designations whose workshop sits in the subtree at ``path``."""
        query = (
            select(Designation.id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Scope.subtree(path).clause(Union.path))
        )
        return list(self.session.scalars(query))


class RegistryRepository:
    """The records an import matches by natural key, fetched in batches."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def refresh_statistics(self) -> None:
        """PostgreSQL: the planner's statistics of the registry's tables, after a large import
        (ANALYZE in the transaction counts its own new rows; autovacuum would come later). Only
        the tables' owner may: a service role that is not skips them with a warning. SQLite
        plans without them."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text(f"ANALYZE {', '.join(REGISTRY_TABLES)}"))

    def reserve_ids(self, model: type[Base], count: int, *, above: int = 0) -> list[int]:
        """``count`` primary keys for new rows of ``model``'s table, taken by no other writer.

        PostgreSQL hands them out of the table's sequence. On SQLite the unit of work holds the
        write lock from its first statement (BEGIN IMMEDIATE): the keys after the highest one
        stored and after ``above`` (the highest handed out before, perhaps not yet stored).
        """
        table = cast(Table, model.__table__)
        if self.session.get_bind().dialect.name == "postgresql":
            sequence = func.pg_get_serial_sequence(table.name, "id")
            query = select(func.nextval(sequence)).select_from(func.generate_series(1, count))
            return [int(i) for i in self.session.scalars(query)]
        top = max(int(self.session.scalar(select(func.max(table.c.id))) or 0), above)
        return list(range(top + 1, top + 1 + count))

    def unions(self) -> list[Union]:
        # The registry's workbook lists every union's contacts: read with the unions, at once.
        stmt = select(Union).options(selectinload(Union.contacts)).order_by(Union.path)
        return list(self.session.scalars(stmt))

    def contacts(self, union_ids: Collection[int]) -> dict[tuple[int, str], UnionContact]:
        found: dict[tuple[int, str], UnionContact] = {}
        for chunk in batches(union_ids):
            query = select(UnionContact).where(UnionContact.union_id.in_(chunk))
            for c in self.session.scalars(query):
                found[(c.union_id, c.email)] = c
        return found

    def persons(self, id_cards: Collection[str]) -> dict[str, Person]:
        found: dict[str, Person] = {}
        for p in self.persons_holding(id_cards):
            assert p.id_card_number is not None
            found[p.id_card_number] = p
        return found

    def persons_holding(self, id_cards: Collection[str]) -> list[Person]:
        """Every person recorded with one of ``id_cards``, in any registry, by id."""
        found: list[Person] = []
        for chunk in batches(id_cards):
            query = select(Person).where(Person.id_card_number.in_(chunk)).order_by(Person.id)
            found.extend(self.session.scalars(query))
        return found

    def persons_visible(self, person_ids: Collection[int], scope: Scope) -> list[Person]:
        """The persons of ``person_ids`` (an export's 人员编号) that ``scope`` may see."""
        found: list[Person] = []
        for chunk in batches(person_ids):
            query = select(Person).where(Person.id.in_(chunk), visible_in(scope))
            found.extend(self.session.scalars(query))
        return found

    def workshops(self, keys: Collection[tuple[int, str]]) -> dict[tuple[int, str], Workshop]:
        found: dict[tuple[int, str], Workshop] = {}
        wanted = set(keys)
        for chunk in batches(wanted):
            # By the indexed union, the pairs picked in Python: PostgreSQL compares a list of
            # row values with every row of the table (a 150,000-title dry run took 7 minutes).
            unions = {union_id for union_id, _ in chunk}
            query = select(Workshop).where(Workshop.unit_union_id.in_(unions))
            for w in self.session.scalars(query):
                if (w.unit_union_id, w.name) in wanted:
                    found[(w.unit_union_id, w.name)] = w
        return found

    def designations(self, keys: Collection[tuple[str, str]]) -> dict[tuple[str, str], Designation]:
        found: dict[tuple[str, str], Designation] = {}
        wanted = set(keys)
        for chunk in batches(wanted):
            # Both columns of the unique (scheme, number) index, the pairs picked in Python.
            schemes = {scheme for scheme, _ in chunk}
            numbers = {number for _, number in chunk}
            query = select(Designation).where(
                Designation.scheme_code.in_(schemes), Designation.number.in_(numbers)
            )
            for d in self.session.scalars(query):
                assert d.number is not None
                if (d.scheme_code, d.number) in wanted:
                    found[(d.scheme_code, d.number)] = d
        return found

    def grants(self, designation_ids: Collection[int]) -> dict[tuple[int, str, str], Grant]:
        found: dict[tuple[int, str, str], Grant] = {}
        for chunk in batches(designation_ids):
            query = select(Grant).where(Grant.designation_id.in_(chunk), Grant.voided_on.is_(None))
            for g in self.session.scalars(query):
                found[(g.designation_id, str(g.kind), g.approval_ref)] = g
        return found

    def members(self, workshop_ids: Collection[int]) -> list[WorkshopMember]:
        found: list[WorkshopMember] = []
        for chunk in batches(workshop_ids):
            query = select(WorkshopMember).where(WorkshopMember.workshop_id.in_(chunk))
            found.extend(self.session.scalars(query))
        return found

    def workshops_in(self, scope: Scope) -> list[Workshop]:
        """Workshops whose unit union lies in ``scope`` (the export's reach)."""
        query = (
            select(Workshop)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
            .order_by(Workshop.id)
        )
        return list(self.session.scalars(query))

    def designations_of(self, workshop_ids: Collection[int]) -> list[Designation]:
        found: list[Designation] = []
        for chunk in batches(workshop_ids):
            query = select(Designation).where(Designation.workshop_id.in_(chunk))
            found.extend(self.session.scalars(query.order_by(Designation.id)))
        return found

    def assessments_of(self, designation_ids: Collection[int]) -> list[AnnualAssessment]:
        found: list[AnnualAssessment] = []
        for chunk in batches(designation_ids):
            query = select(AnnualAssessment).where(AnnualAssessment.designation_id.in_(chunk))
            found.extend(self.session.scalars(query.order_by(AnnualAssessment.id)))
        return found

    def person_ids(self, person_ids: Collection[int]) -> set[int]:
        """Which of ``person_ids`` are persons of this database, in any registry."""
        found: set[int] = set()
        for chunk in batches(person_ids):
            found.update(self.session.scalars(select(Person.id).where(Person.id.in_(chunk))))
        return found

    def persons_by_id(self, person_ids: Collection[int]) -> list[Person]:
        found: list[Person] = []
        for chunk in batches(person_ids):
            query = select(Person).where(Person.id.in_(chunk)).order_by(Person.id)
            found.extend(self.session.scalars(query))
        return found

    def persons_in(self, scope: Scope) -> list[int]:
        """Persons whose union lies in ``scope``."""
        query = select(Person.id).join(Union, Union.id == Person.union_id)
        return list(self.session.scalars(query.where(scope.clause(Union.path))))

    def cutovers_page(self, union: Union, window: Window) -> Listing[tuple[str, date]]:
        """A page of the cut-overs of the union, its ancestors and its subtree (union name,
        date; by path) and how many there are."""
        return windowed_rows(self.session, _cutovers_near(union), window)


def _cutovers_near(union: Union) -> Select[str, date]:
    """Cut-overs of the union, its ancestors and its subtree: (union name, date) by path."""
    return (
        select(Union.name, UnionCutover.cutover_on)
        .join(UnionCutover, UnionCutover.union_id == Union.id)
        .where(Union.id.in_(path_ids(union.path)) | Scope.subtree(union.path).clause(Union.path))
        .order_by(Union.path, Union.id)
    )
