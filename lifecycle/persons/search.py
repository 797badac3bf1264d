"""Choosing a person by search: name, unit, union or the last 4 ID digits, within the scope."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.listings.repository import Listing, Window
from lifecycle.persons.model import Person
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, HONOUR_LABELS

MAX_HITS = 20


@dataclass(frozen=True)
class PersonHit:
    """One search result, with what tells namesakes apart (never the whole ID number)."""

    id: int
    name: str
    birth_year: int
    id_card_masked: str | None
    employer: str | None
    union_name: str | None
    employment_status: str
    honours: tuple[str, ...]

    @property
    def label(self) -> str:
        """One line naming the person as a picker shows them."""
        parts = [self.name, f"{self.birth_year}年生"]
        if self.employer:
            parts.append(self.employer)
        if self.union_name:
            parts.append(self.union_name)
        if self.id_card_masked:
            parts.append(f"身份证 {self.id_card_masked}")
        if self.honours:
            parts.append("、".join(self.honours))
        if self.employment_status != "在职":
            parts.append(self.employment_status)
        return " · ".join(parts)


def search_terms(query: str) -> list[str]:
    """The words of a query (whitespace separated, at most 5, each at most 50 characters)."""
    return [t[:50] for t in query.split()][:5]


def _hit(person: Person, union_name: str | None) -> PersonHit:
    return PersonHit(
        id=person.id,
        name=person.name,
        birth_year=person.birth_date.year,
        id_card_masked=person.masked_id_card,
        employer=person.employer,
        union_name=union_name,
        employment_status=EMPLOYMENT_STATUS_LABELS[person.employment_status],
        honours=tuple(HONOUR_LABELS[h.honour] for h in person.honours),
    )


def search_persons(
    uow: UnitOfWork, query: str, *, scope: Scope, limit: int = MAX_HITS
) -> list[PersonHit]:
    """Persons in ``scope`` matching every word of ``query`` (by name, employer, union name,
    or — a word of 4 digits, the last possibly X — the end of the ID-card number)."""
    terms = search_terms(query)
    if not terms:
        return []
    return [_hit(person, union) for person, union in uow.persons.search(terms, scope, limit)]


def person_hit(uow: UnitOfWork, person_id: int, *, scope: Scope) -> PersonHit | None:
    """The picker's line for one chosen person in ``scope`` (to show a choice again)."""
    row = uow.persons.with_union_name(person_id, scope)
    return None if row is None else _hit(*row)


def search_persons_page(
    uow: UnitOfWork, query: str, window: Window, *, scope: Scope
) -> Listing[PersonHit]:
    """A page of ``search_persons``'s hits (by name) and how many match."""
    terms = search_terms(query)
    if not terms:
        return Listing([], 0)
    found = uow.persons.search_page(terms, scope, window)
    return Listing([_hit(person, union) for person, union in found.items], found.total)
