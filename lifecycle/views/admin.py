"""Read models of the admin pages: users, union contacts, calendar overrides (issue 7 §2), and
the contacts every reader may list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lifecycle.accounts.model import User
from lifecycle.accounts.service import list_users
from lifecycle.calendar.workdays import YearOverride
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, UnionContact
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged
from lifecycle.vocab import UNION_LEVEL_LABELS


def union_choice(union: Union) -> str:
    """A union as offered to bind a user to: its name and level (the role must fit the level)."""
    return f"{union.name}（{UNION_LEVEL_LABELS[union.level]}）"


@dataclass(frozen=True)
class UsersPage:
    """The users of the unions inside the admin's scope, with the union names to show."""

    users: Sequence[User]
    total: int
    unions: Sequence[Union]
    union_names: dict[int, str]


def users_page(uow: UnitOfWork, scope: Scope, *, limit: int = 200, offset: int = 0) -> UsersPage:
    """Users and the unions they may be bound to, all inside ``scope``."""
    users, total = list_users(uow, scope, limit=limit, offset=offset)
    unions = uow.unions.find(scope)
    return UsersPage(users, total, unions, {u.id: u.name for u in unions})


@dataclass(frozen=True)
class ContactRow:
    """One reminder recipient as the contacts page lists it."""

    contact: UnionContact
    union_name: str


def contacts_page(
    uow: UnitOfWork, scope: Scope, *, search: str | None, limit: int, offset: int
) -> Paged[ContactRow]:
    """The contacts of the unions inside ``scope`` (those matching ``search``), a page at a
    time, in the union tree's order."""
    rows, total = uow.unions.contacts(scope, search=search, limit=limit, offset=offset)
    return Paged([ContactRow(c, name) for c, name in rows], total, limit, offset)


def calendar_overrides(uow: UnitOfWork) -> list[YearOverride]:
    """The overridden years, oldest first."""
    return list(uow.calendar.overrides().values())
