"""Choices of the list filters: the unions of a scope above the unit level (the schemes: the
user's own city tree's, ``views.home_tree``)."""

from __future__ import annotations

from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel

# Unit unions are many and are found by search; the filter offers the levels above them.
LEVELS = (UnionLevel.CITY, UnionLevel.DISTRICT, UnionLevel.SECTOR)


def union_choices(uow: UnitOfWork, scope: Scope) -> list[tuple[int, str]]:
    """(id, name indented by depth) of the city, district and sector unions inside ``scope``."""
    found = [u for level in LEVELS for u in uow.unions.find(scope, level)]
    found.sort(key=lambda u: u.path)
    return [(u.id, "\u3000" * (u.path.count("/") - 2) + u.name) for u in found]
