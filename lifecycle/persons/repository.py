"""Every query on persons and honours."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, exists, or_, select, true
from sqlalchemy.orm import Session, aliased

from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.persons.id_card import id_number_tail
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import Honour
from lifecycle.workshops.model import Workshop, WorkshopMember

if TYPE_CHECKING:
    from lifecycle.listings.repository import Listing, Window


def visible_in(scope: Scope) -> ColumnElement[bool]:
    """A person is visible where their union is, or where they lead or belong to a team."""
    if scope.path_prefix is None:
        return true()
    own_union = exists().where(Union.id == Person.union_id, scope.clause(Union.path))
    member_of = exists().where(
        WorkshopMember.person_id == Person.id,
        Workshop.id == WorkshopMember.workshop_id,
        Union.id == Workshop.unit_union_id,
        scope.clause(Union.path),
    )
    leads = exists().where(
        Workshop.leader_person_id == Person.id,
        Union.id == Workshop.unit_union_id,
        scope.clause(Union.path),
    )
    return or_(own_union, member_of, leads)


# A person's own union under another name: the scope clause's subqueries use ``Union``.
_Owner = aliased(Union)


def persons_in(scope: Scope) -> Select[Any]:
    """Every person the scope may see."""
    return select(Person).where(visible_in(scope))


class PersonRepository:
    """Persons and their honours."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: int, scope: Scope) -> Person | None:
        """The person, or None when absent or outside `scope` (the two look the same)."""
        if scope.path_prefix is None:
            return self.session.get(Person, person_id)
        return self.session.scalars(persons_in(scope).where(Person.id == person_id)).first()

    def seen_in(self, person_id: int, scope: Scope) -> bool:
        """Whether ``get`` finds the person in ``scope``, without reading the record (honours)."""
        stmt = select(Person.id).where(Person.id == person_id, visible_in(scope)).limit(1)
        return self.session.scalars(stmt).first() is not None

    def names(self, person_ids: Collection[int], scope: Scope) -> dict[int, str]:
        """The name of each person ``scope`` may see (the others are left out)."""
        if not person_ids:
            return {}
        stmt = select(Person.id, Person.name).where(
            Person.id.in_(sorted(person_ids)), visible_in(scope)
        )
        return dict(self.session.execute(stmt).all())

    def _with_union_name(self, scope: Scope) -> Select[Any]:
        return (
            persons_in(scope)
            .outerjoin(_Owner, _Owner.id == Person.union_id)
            .add_columns(_Owner.name)
        )

    def search(
        self, terms: Sequence[str], scope: Scope, limit: int
    ) -> list[tuple[Person, str | None]]:
        """Persons in ``scope`` matching every term (by name, employer, union name, or a term of
        4 digits, the last possibly X, as the end of the ID-card number), with their union's
        name, by name."""
        stmt = self._matching(terms, scope)
        rows = self.session.execute(stmt.order_by(Person.name, Person.id).limit(limit))
        return [(person, union_name) for person, union_name in rows.unique()]

    def _matching(self, terms: Sequence[str], scope: Scope) -> Select[Any]:
        """``search``'s persons with their union's name, by name (then as registered)."""
        stmt = self._with_union_name(scope)
        for term in terms:
            matches = [
                Person.name.icontains(term, autoescape=True),
                Person.employer.icontains(term, autoescape=True),
                _Owner.name.icontains(term, autoescape=True),
            ]
            if (tail := id_number_tail(term)) is not None:
                matches.append(Person.id_card_number.endswith(tail, autoescape=True))
            stmt = stmt.where(or_(*matches))
        return stmt.order_by(Person.name, Person.id)

    def search_page(
        self, terms: Sequence[str], scope: Scope, window: Window
    ) -> Listing[tuple[Person, str | None]]:
        """A page of ``search``'s persons (by name) and how many match."""
        # Imported here: the listings import this module (``persons_in``).
        from lifecycle.listings.windowed import windowed_rows

        return windowed_rows(self.session, self._matching(terms, scope), window)

    def with_union_name(self, person_id: int, scope: Scope) -> tuple[Person, str | None] | None:
        """The person in ``scope`` with their union's name, or None."""
        stmt = self._with_union_name(scope).where(Person.id == person_id)
        row = self.session.execute(stmt).unique().first()
        return None if row is None else (row[0], row[1])

    def by_id_card(self, number: str, registry_union_id: int | None) -> Person | None:
        """The person recorded with `number` in one registry (None: persons without a union)."""
        registry = (
            Person.registry_union_id.is_(None)
            if registry_union_id is None
            else Person.registry_union_id == registry_union_id
        )
        stmt = select(Person).where(Person.id_card_number == number, registry)
        return self.session.scalars(stmt).one_or_none()

    def add(self, person: Person) -> Person:
        self.session.add(person)
        self.session.flush()
        return person

    def has_honour(self, person_id: int, honour: Honour, year: int) -> bool:
        stmt = select(PersonHonour.id).where(
            PersonHonour.person_id == person_id,
            PersonHonour.honour == honour,
            PersonHonour.year == year,
        )
        return self.session.scalars(stmt).first() is not None

    def add_honour(self, honour: PersonHonour, *, taken: Taken) -> PersonHonour:
        """Insert; the same honour and year recorded meanwhile by another request (the unique
        person, honour and year) is refused as ``taken``, the use case's check, says. In a
        savepoint: a registry import refused one honour so goes on to its next row."""
        with refused_as_checked(self.session, taken):
            self.session.add(honour)
        return honour
