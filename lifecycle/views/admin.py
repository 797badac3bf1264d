"""Read models of the admin pages: users, union contacts, calendar overrides (issue 7 §2), and
the contacts every reader may list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from lifecycle.accounts.model import User
from lifecycle.accounts.permissions import ROLE_LEVELS
from lifecycle.accounts.service import list_users
from lifecycle.calendar.workdays import YearOverride
from lifecycle.errors import NotFound
from lifecycle.intake.occasions import waiting_occasions
from lifecycle.occasions import index
from lifecycle.occasions.model import Occasion
from lifecycle.occasions.service import iter_occasions_for_union
from lifecycle.reminders.policy import MONEY_KINDS
from lifecycle.reminders.service import routes_of
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, UnionContact
from lifecycle.uow import UnitOfWork
from lifecycle.views.choices import clashing_parents
from lifecycle.views.home_tree import tree_wordings
from lifecycle.views.paging import Paged, stored_page
from lifecycle.views.todo import REACH
from lifecycle.vocab import Role, UnionWording


def union_choice(union: Union, wording: UnionWording, parent: str | None = None) -> str:
    """A union as offered to bind a user to: its name and level (the role must fit the level),
    the level in the words of the union's city (乐山's 县（市、区）总工会 [L 一]); ``parent``:
    its parent's name where another union offered bears the same name
    (``choices.clashing_parents``): 新单位工会（殷行街道总工会，基层单位工会）."""
    level = wording.level(union.level)
    return f"{union.name}（{parent}，{level}）" if parent else f"{union.name}（{level}）"


def role_choices(
    wording: UnionWording, unions: Iterable[Union], keep: Role | None = None
) -> list[tuple[str, str]]:
    """The roles a user may be given in one of ``unions`` (the admin's subtree: a district's
    admin is not offered 市总工会干部, which no union of theirs takes, ``ROLE_LEVELS``), and
    ``keep`` (the user's present role) whatever it is: each its value and its name in that
    city's words (乐山's 县（市、区）总工会干部 [L 一])."""
    levels = {u.level for u in unions}
    return [(r.value, wording.role(r)) for r in Role if r == keep or ROLE_LEVELS[r] & levels]


@dataclass(frozen=True)
class UsersPage:
    """The users of the unions inside the admin's scope, with the union names to show and each
    user's role in the words of their own union's tree."""

    users: Sequence[User]
    total: int
    unions: Sequence[Union]
    union_names: dict[int, str]
    role_labels: dict[int, str]  # user id → role label
    union_choices: list[tuple[str, str]]  # (union id, name and level) to bind a new user to


def users_page(
    uow: UnitOfWork, scope: Scope, *, search: str | None = None, limit: int, offset: int = 0
) -> UsersPage:
    """A page of the users inside ``scope`` (those ``search`` finds by username, name, mailbox
    or union) and the unions they may be bound to."""
    users, total = list_users(uow, scope, search=search, limit=limit, offset=offset)
    unions = uow.unions.find(scope)
    by_id = {u.id: u for u in unions}
    words = tree_wordings(uow)
    labels = {u.id: words.role(u.role, by_id.get(u.union_id)) for u in users}
    parents = clashing_parents(uow, unions)
    choices = [(str(u.id), union_choice(u, words.of(u.path), parents.get(u.id))) for u in unions]
    return UsersPage(users, total, unions, {u.id: u.name for u in unions}, labels, choices)


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


@dataclass(frozen=True)
class Unheard:
    """A union owing items that none of its contacts is told of, and who is told instead."""

    union_id: int
    union_name: str
    money: bool  # its money items (no finance contact), else its other items (no contact)
    items: int  # outstanding, due within a year
    heard_by: str | None  # the union above it whose contacts are told (None: nobody)


def unheard_unions(
    uow: UnitOfWork,
    union_id: int,
    as_of: date,
    *,
    scope: Scope,
    waiting: Sequence[Occasion] | None = None,
) -> list[Unheard]:
    """The unions of the subtree that must act on items due within a year (applications waiting
    for their step included) but have no contact told of them: their reminders go to the nearest
    union above with one (DOMAIN.md §6). ``waiting``: the steps the subtree's applications wait
    at, where the caller read them already (``waiting_occasions``); else read here."""
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    end = as_of + REACH
    if index.usable(uow, end, as_of):
        counts = Counter(uow.listings.acting_counts(scope, as_of, end))
    else:
        found = iter_occasions_for_union(
            uow, union.id, as_of, end, as_of, scope=scope, outstanding_only=True
        )
        counts = Counter((o.union_id, o.kind.value) for o in found)
    # Applications waiting for a union's step are made on each read, not indexed: counted in.
    if waiting is None:
        waiting = waiting_occasions(uow, Scope.subtree(union.path), as_of)
    for o in waiting:
        if o.due_on <= end:
            counts[o.union_id, o.kind.value] += 1
    routes = routes_of(uow, uow.reminders.recipients())
    owed: Counter[tuple[int, bool]] = Counter()
    heard: dict[tuple[int, bool], str | None] = {}
    for (acting, kind), n in counts.items():
        if (to := routes.to(acting, kind)) != acting:
            key = (acting, kind in MONEY_KINDS)
            owed[key] += n
            heard[key] = None if to is None else routes.names[to]
    return [
        Unheard(u, routes.names[u], money, n, heard[u, money])
        for (u, money), n in sorted(owed.items())
    ]


def calendar_overrides(
    uow: UnitOfWork, page: int, problems: list[str]
) -> tuple[int, Paged[YearOverride]]:
    """Page ``page`` of the overridden years, oldest first, paged in SQL (past the last: the
    last, said in ``problems``): the number shown and its years."""
    return stored_page(uow.calendar.years_page, page, problems)
