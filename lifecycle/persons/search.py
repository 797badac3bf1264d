"""Choosing a person by search: name, unit, union or the last 4 ID digits, within the scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_
from sqlalchemy.orm import aliased

from lifecycle.persons.id_card import id_number_tail
from lifecycle.persons.model import Person
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, HONOUR_LABELS

MAX_HITS = 20
# The person's own union under another name: the scope clause's subqueries use ``Union``.
_Owner = aliased(Union)


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


def _select(uow: UnitOfWork, scope: Scope) -> Select[Any]:
    return (
        uow.listings.persons_select(scope)
        .outerjoin(_Owner, _Owner.id == Person.union_id)
        .add_columns(_Owner.name)
    )


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
    stmt = _select(uow, scope)
    for term in terms:
        matches = [
            Person.name.contains(term, autoescape=True),
            Person.employer.contains(term, autoescape=True),
            _Owner.name.contains(term, autoescape=True),
        ]
        if (tail := id_number_tail(term)) is not None:
            matches.append(Person.id_card_number.endswith(tail, autoescape=True))
        stmt = stmt.where(or_(*matches))
    rows = uow.session.execute(stmt.order_by(Person.name, Person.id).limit(limit))
    return [_hit(person, union_name) for person, union_name in rows.unique()]


def person_hit(uow: UnitOfWork, person_id: int, *, scope: Scope) -> PersonHit | None:
    """The picker's line for one chosen person in ``scope`` (to show a choice again)."""
    row = uow.session.execute(_select(uow, scope).where(Person.id == person_id)).unique().first()
    return None if row is None else _hit(row[0], row[1])
