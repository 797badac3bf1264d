"""Every query on unions and their contacts."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, UnionContact, nearest_at_level, path_ids
from lifecycle.vocab import ContactRole, UnionLevel


class UnionBrief(NamedTuple):
    """What a read shows of a union: no contacts, no object in the session."""

    id: int
    name: str
    level: UnionLevel
    path: str


# ``UnionRepository.regional``'s statement, written once (every dashboard reads its tree's
# programmes): it holds no value of any request.
_REGIONAL = select(Union.path, Union.level, Union.region_code).where(
    Union.level.in_(bindparam("levels", expanding=True)), Union.region_code.is_not(None)
)


class UnionRepository:
    """Unions and contacts, always filtered by the caller's scope."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, union_id: int, scope: Scope) -> Union | None:
        stmt = select(Union).where(Union.id == union_id, scope.clause(Union.path))
        return self.session.scalars(stmt).one_or_none()

    def brief(self, union_id: int, scope: Scope) -> UnionBrief | None:
        """The union's id, name, level and path (``get`` without the contacts, one statement)."""
        stmt = select(Union.id, Union.name, Union.level, Union.path).where(
            Union.id == union_id, scope.clause(Union.path)
        )
        row = self.session.execute(stmt).one_or_none()
        return None if row is None else UnionBrief(*row)

    def levels_on(self, paths: Collection[str]) -> dict[int, UnionLevel]:
        """The level of every union on ``paths`` (each union and its ancestors), one statement:
        the tree's shape is no secret to any reader."""
        ids = sorted({i for path in paths for i in path_ids(path)})
        if not ids:
            return {}
        stmt = select(Union.id, Union.level).where(Union.id.in_(ids))
        return dict(self.session.execute(stmt).all())

    def names(self, union_ids: Collection[int]) -> dict[int, str]:
        """The name of each union (the union tree's names are no secret to any reader)."""
        if not union_ids:
            return {}
        stmt = select(Union.id, Union.name).where(Union.id.in_(sorted(union_ids)))
        return dict(self.session.execute(stmt).all())

    def get_by_name(self, name: str, parent_id: int | None) -> Union | None:
        stmt = select(Union).where(Union.name == name)
        stmt = stmt.where(
            Union.parent_id.is_(None) if parent_id is None else Union.parent_id == parent_id
        )
        return self.session.scalars(stmt).one_or_none()

    def association_named(self, name: str, scope: Scope) -> Union | None:
        """The association called ``name`` inside ``scope`` (at most one: names are unique)."""
        stmt = select(Union).where(
            Union.level == UnionLevel.ASSOCIATION, Union.name == name, scope.clause(Union.path)
        )
        return self.session.scalars(stmt.order_by(Union.id).limit(1)).one_or_none()

    def inside(self, union_ids: Collection[int], scope: Scope) -> set[int]:
        """Which of ``union_ids`` lie inside ``scope``."""
        if not union_ids:
            return set()
        stmt = select(Union.id).where(Union.id.in_(sorted(union_ids)), scope.clause(Union.path))
        return set(self.session.scalars(stmt))

    def any_outside(self, scope: Scope) -> bool:
        """Whether some union lies outside ``scope`` (another city's tree, another district)."""
        if scope.path_prefix is None:
            return False
        stmt = select(Union.id).where(~scope.clause(Union.path)).limit(1)
        return self.session.scalar(stmt) is not None

    def find(self, scope: Scope, level: UnionLevel | None = None) -> Sequence[Union]:
        stmt = select(Union).where(scope.clause(Union.path)).order_by(Union.path)
        if level is not None:
            stmt = stmt.where(Union.level == level)
        return self.session.scalars(stmt).all()

    def ancestors(self, union: Union) -> list[Union]:
        """The chain from the root down to `union`'s parent, nearest last."""
        ids = path_ids(union.path)[:-1]
        if not ids:
            return []
        found = {u.id: u for u in self.session.scalars(select(Union).where(Union.id.in_(ids)))}
        return [found[i] for i in ids if i in found]

    def ancestor_at_level(self, union: Union, level: UnionLevel) -> Union | None:
        """The union itself or its nearest ancestor at `level`."""
        if union.level == level:
            return union
        chain = {u.id: u for u in self.ancestors(union)}
        found = nearest_at_level(union.path, {i: u.level for i, u in chain.items()}, level)
        return None if found is None else chain[found]

    def of_region(self, region_code: str, level: UnionLevel) -> Union | None:
        """The union at ``level`` carrying ``region_code``: a pack's naming union (one at most at a
        naming level, ``REGION_LEVELS``; the topmost at a level below, where a district's unions
        share its region)."""
        stmt = (
            select(Union)
            .where(Union.region_code == region_code, Union.level == level)
            .order_by(Union.path)
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def regional(self, levels: Collection[UnionLevel]) -> list[tuple[str, UnionLevel, str]]:
        """(path, level, region code) of every union at ``levels`` carrying a region: the naming
        unions of the packs, found in any tree (where each lies is no secret to a reader)."""
        found = self.session.execute(_REGIONAL, {"levels": sorted(levels)})
        return [(p, lv, r) for p, lv, r in found if r is not None]

    def add(self, union: Union, *, taken: Taken) -> Union:
        """Insert with its path; one under the same parent by the same name, or a city or
        district union of the same region, written meanwhile by another request (the unique
        parent and name, ``uq_unions_level_region``) is refused as ``taken``, the use case's
        check of the name and the region, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(union)
            self.session.flush()
            parent_path = "/"
            if union.parent_id is not None:
                parent = self.session.get(Union, union.parent_id)
                assert parent is not None
                parent_path = parent.path
            union.path = f"{parent_path}{union.id}/"
        return union

    def add_contact(self, contact: UnionContact, *, taken: Taken) -> UnionContact:
        """Insert; the union's contact of the same e-mail written meanwhile by another request
        (the unique union and e-mail) is refused as ``taken``, the use case's check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(contact)
        return contact

    def correct_contact(
        self,
        contact: UnionContact,
        *,
        name: str,
        email: str,
        phone: str | None,
        role: ContactRole,
        taken: Taken,
    ) -> UnionContact:
        """Write a contact's corrected fields; its new e-mail taken meanwhile by another of the
        union's contacts (the unique union and e-mail) is refused as ``taken`` says."""
        with refused_as_checked(self.session, taken):
            contact.name, contact.email, contact.phone, contact.role = name, email, phone, role
        return contact

    def contact_unions(self, email: str) -> list[str]:
        """The names of the unions one of whose contacts holds ``email`` (normalised): those
        whose reminders are mailed there, in the union tree's order."""
        stmt = (
            select(Union.name)
            .join(UnionContact, UnionContact.union_id == Union.id)
            .where(func.lower(func.trim(UnionContact.email)) == email)
            .group_by(Union.id, Union.name, Union.path)
            .order_by(Union.path)
        )
        return list(self.session.scalars(stmt))

    def union_recipients(self, union_id: int) -> list[tuple[str, str]]:
        """(name, e-mail) of the contacts of one union, the recipients of its reminders."""
        c = UnionContact
        stmt = select(c.name, c.email).where(c.union_id == union_id).order_by(c.id)
        return [(name, email) for name, email in self.session.execute(stmt)]

    def first_contact(self, union_id: int) -> UnionContact | None:
        """The union's first recorded contact (the one its forms name)."""
        stmt = (
            select(UnionContact).where(UnionContact.union_id == union_id).order_by(UnionContact.id)
        )
        return self.session.scalars(stmt).first()

    def contact_by_email(self, union_id: int, email: str) -> UnionContact | None:
        stmt = select(UnionContact).where(
            UnionContact.union_id == union_id, UnionContact.email == email
        )
        return self.session.scalars(stmt).one_or_none()

    def get_contact(self, contact_id: int, union_id: int, scope: Scope) -> UnionContact | None:
        """A contact of ``union_id`` whose union lies in ``scope``."""
        stmt = (
            select(UnionContact)
            .join(Union, Union.id == UnionContact.union_id)
            .where(
                UnionContact.id == contact_id,
                UnionContact.union_id == union_id,
                scope.clause(Union.path),
            )
        )
        return self.session.scalars(stmt).one_or_none()

    def contact_in(self, contact_id: int, scope: Scope) -> UnionContact | None:
        """A contact, of whichever union, whose union lies in ``scope``."""
        stmt = (
            select(UnionContact)
            .join(Union, Union.id == UnionContact.union_id)
            .where(UnionContact.id == contact_id, scope.clause(Union.path))
        )
        return self.session.scalars(stmt).one_or_none()

    def contacts(
        self, scope: Scope, *, search: str | None, limit: int, offset: int
    ) -> tuple[list[tuple[UnionContact, str]], int]:
        """A page of the contacts of the unions in ``scope`` with each union's name, in the
        union tree's order, and how many there are; ``search`` keeps those whose name, mailbox
        or union's name contains it."""
        stmt = (
            select(UnionContact, Union.name)
            .join(Union, Union.id == UnionContact.union_id)
            .where(scope.clause(Union.path))
        )
        if search:
            stmt = stmt.where(
                or_(
                    UnionContact.name.contains(search, autoescape=True),
                    UnionContact.email.contains(search.lower(), autoescape=True),
                    Union.name.contains(search, autoescape=True),
                )
            )
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.execute(
            stmt.order_by(Union.path, UnionContact.id).limit(limit).offset(offset)
        ).all()
        return [(contact, name) for contact, name in rows], total

    def delete_contact(self, contact: UnionContact) -> None:
        self.session.delete(contact)
        self.session.flush()
