"""Every query on workshops and members."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop, WorkshopMember


class WorkshopRepository:
    """Workshops inside the caller's scope (by the unit union's place in the tree)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, workshop_id: int, scope: Scope) -> Workshop | None:
        stmt = (
            select(Workshop)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Workshop.id == workshop_id, scope.clause(Union.path))
        )
        return self.session.scalars(stmt).unique().one_or_none()

    def names(self, workshop_ids: Collection[int], scope: Scope) -> dict[int, str]:
        """The name of each workshop ``scope`` may see (the others are left out)."""
        if not workshop_ids:
            return {}
        stmt = (
            select(Workshop.id, Workshop.name)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Workshop.id.in_(sorted(workshop_ids)), scope.clause(Union.path))
        )
        return dict(self.session.execute(stmt).all())

    def get_by_name(self, name: str, unit_union_id: int) -> Workshop | None:
        # The first of that name: names stored twice before corrections were checked are no 500.
        stmt = (
            select(Workshop)
            .where(Workshop.name == name, Workshop.unit_union_id == unit_union_id)
            .order_by(Workshop.id)
            .limit(1)
        )
        return self.session.scalars(stmt).unique().one_or_none()

    def name_taken(self, name: str, unit_union_id: int, *, other_than: int) -> bool:
        """Whether another workshop than ``other_than`` of the unit union bears ``name``."""
        stmt = select(Workshop.id).where(
            Workshop.name == name,
            Workshop.unit_union_id == unit_union_id,
            Workshop.id != other_than,
        )
        return self.session.scalars(stmt.limit(1)).first() is not None

    def find(self, scope: Scope) -> Sequence[Workshop]:
        stmt = (
            select(Workshop)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
            .order_by(Workshop.id)
        )
        return self.session.scalars(stmt).unique().all()

    def add(self, workshop: Workshop) -> Workshop:
        self.session.add(workshop)
        self.session.flush()
        return workshop

    def add_member(self, member: WorkshopMember) -> WorkshopMember:
        self.session.add(member)
        self.session.flush()
        return member

    def led_by(self, person_id: int) -> list[int]:
        """The workshops ``person_id`` leads now, of any union (the person's own record)."""
        stmt = select(Workshop.id).where(Workshop.leader_person_id == person_id)
        return list(self.session.scalars(stmt.order_by(Workshop.id)))
