"""Choices of the list filters: the unions of a scope above the unit level (the schemes: the
user's own city tree's, ``views.home_tree``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel

# Unit unions are many and are found by search; the filter offers the levels above them.
LEVELS = (UnionLevel.CITY, UnionLevel.DISTRICT, UnionLevel.SECTOR)


def union_choices(uow: UnitOfWork, scope: Scope) -> list[tuple[int, str]]:
    """(id, name indented by depth) of the city, district and sector unions inside ``scope``."""
    found = [u for level in LEVELS for u in uow.unions.find(scope, level)]
    found.sort(key=lambda u: u.path)
    names = distinct_names(uow, found)
    return [(u.id, "\u3000" * (u.path.count("/") - 2) + names[u.id]) for u in found]


def distinct_names(uow: UnitOfWork, unions: Iterable[Union]) -> dict[int, str]:
    """Each union's name as a list of choices offers it: its name, and where another union
    of the list bears the same name (a unit union may share its name with one under another
    parent), its parent's name beside it: 新单位工会（殷行街道总工会）. Every union dropdown
    names its unions through this, so no two choices read the same."""
    found = list(unions)
    parents = clashing_parents(uow, found)
    return {u.id: f"{u.name}（{parents[u.id]}）" if u.id in parents else u.name for u in found}


def clashing_parents(uow: UnitOfWork, unions: Iterable[Union]) -> dict[int, str]:
    """The parent's name of each of ``unions`` whose name another of them bears too (one
    query, only for parents not among ``unions``, only where names clash)."""
    found = list(unions)
    counts = Counter(u.name for u in found)
    clashing = {u.id: u.parent_id for u in found if counts[u.name] > 1 and u.parent_id is not None}
    known = {u.id: u.name for u in found}
    missing = {p for p in clashing.values() if p not in known}
    names = known | (uow.unions.names(missing) if missing else {})
    return {u: names[p] for u, p in clashing.items() if p in names}
