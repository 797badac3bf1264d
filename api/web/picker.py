"""The person picker of every form that chooses a person: search by name, unit or the last 4
ID digits within the user's scope, never by internal id (script-free fallback included)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.datastructures import FormData

from api.web.forms import whole_id
from lifecycle.persons.search import PersonHit, person_hit, search_persons
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork

SEARCH_BUTTON = "picker"  # the name of each picker's 搜索 button (its value: the picker's field)


@dataclass(frozen=True)
class Picker:
    """One picker as a form shows it: the field, the words searched, the hits and the choice."""

    name: str
    query: str = ""
    hits: list[PersonHit] = field(default_factory=list)
    chosen: PersonHit | None = None
    searched: bool = False

    @property
    def options(self) -> list[PersonHit]:
        """The chosen person first (if not among the hits), then the hits."""
        if self.chosen is None or any(h.id == self.chosen.id for h in self.hits):
            return list(self.hits)
        return [self.chosen, *self.hits]


def picker(uow: UnitOfWork, values: Mapping[str, str], name: str, *, scope: Scope) -> Picker:
    """The picker ``name`` for the values a form was (re)shown with; searches when words typed."""
    query = values.get(f"{name}_q", "").strip()
    chosen = None
    picked = whole_id(values.get(name, ""))
    if picked is not None:
        chosen = person_hit(uow, picked, scope=scope)
    hits = search_persons(uow, query, scope=scope) if query else []
    return Picker(name, query, hits, chosen, searched=bool(query))


def searching(form: FormData) -> bool:
    """Whether the form was posted by a picker's 搜索 button (show results, write nothing)."""
    return bool(form.get(SEARCH_BUTTON))


def chosen_id(
    values: Mapping[str, str], name: str, label: str, errors: dict[str, str]
) -> int | None:
    """The id the user picked from the results, or an error asking them to search and choose."""
    picked = whole_id(values.get(name, ""))
    if picked is not None:
        return picked
    errors[name] = f"请先搜索并选择{label}"
    return None
