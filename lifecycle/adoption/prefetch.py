"""The facts an import's use cases read, fetched in batches once per file and kept as rows go in.

For the length of one import the unit of work's union, person, workshop and designation
repositories are replaced by these subclasses. The use cases are the live ones, unchanged: they
ask the same questions (this union, its ancestors, this ID number in this registry, this
workshop's titles, this number) and get the answers the database would give inside the import's
transaction, from what was fetched by natural key in batches plus what the import itself wrote.
A question about a key that was not fetched goes to the database as before.

New rows get their keys from ``Keys`` as they are added and are sent in batches: persons and
workshops with their sheet, titles and their history rows in one flush per batch of rows
(``UnitOfWork.flushing_at_end``): every read in between is answered here, pending rows included.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lifecycle.adoption.repository import RegistryRepository
from lifecycle.audit.recorder import buffered
from lifecycle.db.base import Base
from lifecycle.db.lost_race import Taken
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.repository import DesignationRepository
from lifecycle.persons.model import Person
from lifecycle.persons.repository import PersonRepository
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, path_ids
from lifecycle.unions.repository import UnionRepository
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.model import Workshop
from lifecycle.workshops.repository import WorkshopRepository


class Keys:
    """Primary keys reserved for one table's new rows, a batch at a time.

    A row with its key set before the flush is sent with others of its kind in one statement
    (SQLite cannot return the keys of a many-row insert in order, so without it every row would
    go alone), and a title's history rows can carry its key before either is sent.
    """

    BATCH = 2000

    def __init__(self, registry: RegistryRepository, model: type[Base]) -> None:
        self.registry = registry
        self.model = model
        self.free: list[int] = []
        self.last = 0

    def take(self) -> int:
        if not self.free:
            self.free = self.registry.reserve_ids(self.model, self.BATCH, above=self.last)[::-1]
        key = self.free.pop()
        self.last = max(self.last, key)
        return key


class ImportUnions(UnionRepository):
    """Every union, read once at the start of the import (and those it creates)."""

    def __init__(self, session: Session, unions: Iterable[Union], keys: Keys) -> None:
        super().__init__(session)
        self.keys = keys
        self.by_id: dict[int, Union] = {}
        self.by_name: dict[tuple[int | None, str], Union] = {}
        # New unions keyed and pathed, not yet in the session: sent in a savepoint of their own
        # (``adoption/union_race.py::send_new_unions``), so a region or name lost to another
        # request is refused as its row's cell, not the whole file's bare conflict.
        self.unsent: list[Union] = []
        for union in unions:
            self._index(union)

    def _index(self, union: Union) -> None:
        self.by_id[union.id] = union
        self.by_name[(union.parent_id, union.name)] = union

    def get(self, union_id: int, scope: Scope) -> Union | None:
        union = self.by_id.get(union_id)
        if union is None:
            return super().get(union_id, scope)
        return union if scope.covers_path(union.path) else None

    def get_by_name(self, name: str, parent_id: int | None) -> Union | None:
        return self.by_name.get((parent_id, name))  # every union is known: a miss is none

    def ancestors(self, union: Union) -> list[Union]:
        ids = path_ids(union.path)[:-1]
        if any(i not in self.by_id for i in ids):
            return super().ancestors(union)
        return [self.by_id[i] for i in ids]

    def add(self, union: Union, *, taken: Taken) -> Union:
        parent = self.by_id.get(union.parent_id) if union.parent_id is not None else None
        if union.id is not None or (union.parent_id is not None and parent is None):
            super().add(union, taken=taken)
        else:  # its key now, so its path too: sent with the sheet (``unsent``)
            union.id = self.keys.take()
            union.path = f"{parent.path if parent else '/'}{union.id}/"
            self.unsent.append(union)
        self._index(union)
        return union


class ImportPersons(PersonRepository):
    """Persons by ID number, fetched for the file's numbers; new ones sent with the sheet."""

    def __init__(self, session: Session, keys: Keys) -> None:
        super().__init__(session)
        self.keys = keys
        self.fetched: set[str] = set()
        self.by_card: dict[tuple[str, int | None], Person] = {}
        self.visible: set[tuple[int, str]] = set()

    def remember(self, id_cards: Collection[str], persons: Iterable[Person]) -> None:
        """``persons`` are every person holding one of ``id_cards``, in any registry."""
        self.fetched.update(id_cards)
        for person in persons:
            assert person.id_card_number is not None
            self.by_card[(person.id_card_number, person.registry_union_id)] = person

    def remember_visible(self, persons: Iterable[Person], scope: Scope) -> None:
        """``persons`` were fetched as visible in ``scope`` (named by their 人员编号)."""
        if scope.path_prefix is not None:
            self.visible.update((p.id, scope.path_prefix) for p in persons)

    def by_id_card(self, number: str, registry_union_id: int | None) -> Person | None:
        if number not in self.fetched:
            return super().by_id_card(number, registry_union_id)
        return self.by_card.get((number, registry_union_id))

    def get(self, person_id: int, scope: Scope) -> Person | None:
        if scope.path_prefix is None:
            return self.session.get(Person, person_id)
        if (person_id, scope.path_prefix) in self.visible:  # seen once, seen for the import
            return self.session.get(Person, person_id)
        person = super().get(person_id, scope)
        if person is not None:
            self.visible.add((person_id, scope.path_prefix))
        return person

    def add(self, person: Person) -> Person:
        if person.id is None:
            person.id = self.keys.take()
        self.session.add(person)  # sent with the sheet's flush
        if person.id_card_number is not None:
            self.fetched.add(person.id_card_number)
            self.by_card[(person.id_card_number, person.registry_union_id)] = person
        return person


class ImportWorkshops(WorkshopRepository):
    """Workshops by (unit union, name), fetched for the file's keys; new ones go with the sheet."""

    def __init__(self, session: Session, unions: ImportUnions, keys: Keys) -> None:
        super().__init__(session)
        self.unions = unions
        self.keys = keys
        self.fetched: set[tuple[int, str]] = set()
        self.by_key: dict[tuple[int, str], Workshop] = {}
        self.by_id: dict[int, Workshop] = {}
        self.added: list[Workshop] = []  # made by this import: no title before it
        self.waiting: list[Workshop] = []  # added, not yet flushed when last looked

    def remember(self, keys: Collection[tuple[int, str]], workshops: Iterable[Workshop]) -> None:
        """``workshops`` are every workshop registered under one of ``keys``."""
        self.fetched.update(keys)
        for workshop in workshops:
            self.by_key[(workshop.unit_union_id, workshop.name)] = workshop
            self.by_id[workshop.id] = workshop

    def get(self, workshop_id: int, scope: Scope) -> Workshop | None:
        workshop = self.by_id.get(workshop_id)
        if workshop is None and self.waiting:  # a new one's id comes with the sheet's flush
            self.by_id.update((w.id, w) for w in self.waiting if w.id is not None)
            self.waiting = [w for w in self.waiting if w.id is None]
            workshop = self.by_id.get(workshop_id)
        union = self.unions.by_id.get(workshop.unit_union_id) if workshop is not None else None
        if workshop is None or union is None:
            return super().get(workshop_id, scope)
        return workshop if scope.covers_path(union.path) else None

    def get_by_name(self, name: str, unit_union_id: int) -> Workshop | None:
        if (unit_union_id, name) not in self.fetched:
            return super().get_by_name(name, unit_union_id)
        return self.by_key.get((unit_union_id, name))

    def add(self, workshop: Workshop) -> Workshop:
        if workshop.id is None:
            workshop.id = self.keys.take()
        self.session.add(workshop)  # sent with the sheet's flush
        key = (workshop.unit_union_id, workshop.name)
        self.fetched.add(key)
        self.by_key[key] = workshop
        self.added.append(workshop)
        self.waiting.append(workshop)
        return workshop


class ImportDesignations(DesignationRepository):
    """Titles by number and by workshop, fetched for the file's keys and workshops."""

    def __init__(self, session: Session, keys: Keys, history_keys: Keys) -> None:
        super().__init__(session)
        self.keys = keys
        self.history_keys = history_keys
        self.fetched: set[tuple[str, str]] = set()
        self.by_number: dict[tuple[str, str], Designation] = {}
        self.by_workshop: dict[int, list[Designation]] = {}

    def remember(
        self, keys: Collection[tuple[str, str]], designations: Iterable[Designation]
    ) -> None:
        """``designations`` are every title numbered as one of ``keys``."""
        self.fetched.update(keys)
        for d in designations:
            assert d.number is not None
            self.by_number[(d.scheme_code, d.number)] = d

    def remember_workshops(
        self, workshop_ids: Collection[int], titles: Sequence[Designation]
    ) -> None:
        """``titles`` are every title of the workshops ``workshop_ids`` (in id order)."""
        for workshop_id in workshop_ids:
            self.by_workshop.setdefault(workshop_id, [])
        for d in titles:
            if d not in self.by_workshop[d.workshop_id]:
                self.by_workshop[d.workshop_id].append(d)

    def get_by_number(self, scheme_code: str, number: str) -> Designation | None:
        if (scheme_code, number) not in self.fetched:
            return super().get_by_number(scheme_code, number)
        return self.by_number.get((scheme_code, number))

    def for_workshop(self, workshop_id: int) -> Sequence[Designation]:
        found = self.by_workshop.get(workshop_id)
        if found is None:
            return super().for_workshop(workshop_id)
        return list(found)

    def add(self, designation: Designation) -> Designation:
        if designation.id is None:
            designation.id = self.keys.take()  # its history rows carry it
        self.session.add(designation)  # sent by the use case's flush
        if designation.number is not None:
            key = (designation.scheme_code, designation.number)
            self.fetched.add(key)
            self.by_number[key] = designation
        titles = self.by_workshop.get(designation.workshop_id)
        if titles is not None:
            titles.append(designation)
        return designation

    def append_history(self, change: StatusChange) -> StatusChange:
        if change.id is None:
            change.id = self.history_keys.take()
        self.session.add(change)  # sent by the use case's flush, with the title
        return change


@dataclass
class Prefetched:
    """The import's repositories, installed on its unit of work."""

    unions: ImportUnions
    persons: ImportPersons
    workshops: ImportWorkshops
    designations: ImportDesignations


@contextmanager
def prefetching(uow: UnitOfWork, unions: Iterable[Union]) -> Iterator[Prefetched]:
    """Install the import's repositories (and batched audit entries) for the block, then restore
    the unit of work's own; what the block wrote is flushed before it ends."""
    session = uow.session
    original = (uow.unions, uow.persons, uow.workshops, uow.designations)

    def keys(model: type[Base]) -> Keys:
        return Keys(uow.registry, model)

    union_repo = ImportUnions(session, unions, keys(Union))

    facts = Prefetched(
        union_repo,
        ImportPersons(session, keys(Person)),
        ImportWorkshops(session, union_repo, keys(Workshop)),
        ImportDesignations(session, keys(Designation), keys(StatusChange)),
    )
    uow.unions, uow.persons, uow.workshops, uow.designations = (
        facts.unions, facts.persons, facts.workshops, facts.designations,
    )  # fmt: skip
    try:
        with buffered(session):
            yield facts
            uow.flush()
    finally:
        uow.unions, uow.persons, uow.workshops, uow.designations = original
