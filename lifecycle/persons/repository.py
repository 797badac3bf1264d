"""Every query on persons and honours."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.persons.model import Person, PersonHonour
from lifecycle.vocab import Honour


class PersonRepository:
    """Persons and their honours."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def by_id_card(self, number: str) -> Person | None:
        stmt = select(Person).where(Person.id_card_number == number)
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

    def add_honour(self, honour: PersonHonour) -> PersonHonour:
        self.session.add(honour)
        self.session.flush()
        return honour
