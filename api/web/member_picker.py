"""Choosing several persons by search (a new team's members): the person picker's search, with
every chosen person kept across searches (script-free fallback included)."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import FormData

from api.web.forms import text
from lifecycle.persons.search import PersonHit, person_hit, search_persons
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import ascii_digits

MAX_CHOSEN = 100  # as many members as a workshop registers at once (the API's limit)


@dataclass(frozen=True)
class MultiPicker:
    """The picker as a form shows it: the field, the words searched, the hits and the chosen."""

    name: str
    query: str = ""
    hits: list[PersonHit] = field(default_factory=list)
    chosen: list[PersonHit] = field(default_factory=list)
    searched: bool = False

    @property
    def options(self) -> list[PersonHit]:
        """The chosen persons first (those not among the hits), then the hits."""
        shown = {h.id for h in self.hits}
        return [*(c for c in self.chosen if c.id not in shown), *self.hits]

    def is_chosen(self, hit: PersonHit) -> bool:
        return any(c.id == hit.id for c in self.chosen)


def chosen_ids(form: FormData | None, name: str) -> list[int]:
    """The distinct ids ticked in the field ``name``, in the order posted."""
    if form is None:
        return []
    found: list[int] = []
    for raw in form.getlist(name):
        if isinstance(raw, str) and ascii_digits(raw) and int(raw) not in found:
            found.append(int(raw))
    return found[:MAX_CHOSEN]


def multi_picker(uow: UnitOfWork, form: FormData | None, name: str, *, scope: Scope) -> MultiPicker:
    """The picker ``name`` for the form (re)shown; searches when words were typed."""
    query = text(form, f"{name}_q") if form is not None else ""
    chosen = [h for i in chosen_ids(form, name) if (h := person_hit(uow, i, scope=scope))]
    hits = search_persons(uow, query, scope=scope) if query else []
    return MultiPicker(name, query, hits, chosen, searched=bool(query))
