"""Every query on designations and their history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, Subquery, bindparam, func, select
from sqlalchemy.orm import Session, lazyload

from lifecycle.db.batches import batches
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.errors import NotFound
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed
from lifecycle.schemes.numbers import written_number
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import DesignationStatus
from lifecycle.workshops.model import Workshop

# ``DesignationRepository.scheme_codes``' statement, written once (every list of occasions asks
# it): it holds no value of any request.
_SCHEMES = select(Designation.id, Designation.scheme_code).where(
    Designation.id.in_(bindparam("ids", expanding=True))
)


class DesignationRepository:
    """Designations inside the caller's scope (by the workshop's unit union)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _scoped(self, scope: Scope) -> Select[Designation]:
        return (
            select(Designation)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
        )

    def get(self, designation_id: int, scope: Scope) -> Designation | None:
        stmt = self._scoped(scope).where(Designation.id == designation_id)
        return self.session.scalars(stmt).unique().one_or_none()

    def names(self, designation_ids: Collection[int], scope: Scope) -> dict[int, str]:
        """Each title ``scope`` may see by its name and number (「…（沪劳创 2026-003）」)."""
        if not designation_ids:
            return {}
        stmt = (
            select(Designation.id, Designation.title, Designation.number)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Designation.id.in_(sorted(designation_ids)), scope.clause(Union.path))
        )
        rows = self.session.execute(stmt).all()
        return {i: f"{title}（{number or '未编号'}）" for i, title, number in rows}

    def require(self, designation_id: int, scope: Scope) -> Designation:
        """The designation inside ``scope``; one outside it is refused exactly as a missing one."""
        designation = self.get(designation_id, scope)
        if designation is None:
            raise NotFound("命名记录不存在或不在可见范围内", field="designation_id")
        return designation

    def row(self, designation_id: int, scope: Scope) -> Any | None:
        """The designation's own columns as a row (attributes named as on ``Designation``), or
        None outside ``scope``: one query, no objects loaded."""
        stmt = (
            select(*Designation.__table__.columns)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Designation.id == designation_id, scope.clause(Union.path))
        )
        return self.session.execute(stmt).one_or_none()

    def get_by_number(self, scheme_code: str, number: str) -> Designation | None:
        """The title numbered ``number`` as typed, in whatever width or spacing."""
        stmt = select(Designation).where(
            Designation.scheme_code == scheme_code, Designation.number == written_number(number)
        )
        return self.session.scalars(stmt).unique().one_or_none()

    def find(
        self,
        scope: Scope,
        *,
        status: DesignationStatus | None = None,
        scheme_code: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[Designation]:
        stmt = self._scoped(scope).order_by(Designation.id).limit(limit).offset(offset)
        if status is not None:
            stmt = stmt.where(Designation.status == status)
        if scheme_code is not None:
            stmt = stmt.where(Designation.scheme_code == scheme_code)
        return self.session.scalars(stmt).unique().all()

    def for_workshop(self, workshop_id: int) -> Sequence[Designation]:
        stmt = (
            select(Designation)
            .where(Designation.workshop_id == workshop_id)
            .order_by(Designation.id)
        )
        return self.session.scalars(stmt).unique().all()

    def titles_of_team(self, workshop_id: int) -> Sequence[Designation]:
        """``for_workshop`` without the team, its members and each title's history eagerly read
        with every title (read when used): the facts of the titles alone (``team_titles``)."""
        stmt = (
            select(Designation)
            .where(Designation.workshop_id == workshop_id)
            .options(lazyload(Designation.workshop), lazyload(Designation.history))
            .order_by(Designation.id)
        )
        return self.session.scalars(stmt).all()

    def for_workshop_in(self, workshop_id: int, scope: Scope) -> Sequence[Designation]:
        """The titles of one team that ``scope`` may read, in id order."""
        stmt = self._scoped(scope).where(Designation.workshop_id == workshop_id)
        return self.session.scalars(stmt.order_by(Designation.id)).unique().all()

    def for_workshops(self, workshop_ids: Collection[int]) -> dict[int, list[Designation]]:
        """The designations of several teams, by team (each team asked for has its list)."""
        held: dict[int, list[Designation]] = {workshop_id: [] for workshop_id in workshop_ids}
        for ids in batches(workshop_ids):
            stmt = select(Designation).where(Designation.workshop_id.in_(ids))
            for designation in self.session.scalars(stmt.order_by(Designation.id)).unique():
                held[designation.workshop_id].append(designation)
        return held

    def add(self, designation: Designation) -> Designation:
        self.session.add(designation)
        self.session.flush()
        return designation

    def append_history(self, change: StatusChange) -> StatusChange:
        self.session.add(change)
        self.session.flush()
        return change

    def last_change(self, designation_id: int) -> StatusChange | None:
        """The newest history row, read from the database (not a possibly stale collection)."""
        stmt = (
            select(StatusChange)
            .where(StatusChange.designation_id == designation_id)
            .order_by(StatusChange.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def history(self, designation_id: int) -> Sequence[StatusChange]:
        return self.session.scalars(_history(designation_id)).all()

    def history_page(self, designation_id: int, window: Window) -> Listing[StatusChange]:
        """A page of the designation's status changes, oldest first, and how many it has."""
        return windowed(self.session, _history(designation_id), window)

    def count_by_scheme_and_status(self, scope: Scope) -> dict[tuple[str, str], int]:
        """How many designations each scheme has in each status."""
        stmt = (
            select(Designation.scheme_code, Designation.status, func.count())
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
            .group_by(Designation.scheme_code, Designation.status)
        )
        return {(code, str(status)): n for code, status, n in self.session.execute(stmt)}

    def title_unions(self, designation_ids: Collection[int]) -> dict[int, tuple[int, int]]:
        """(naming union id, district union id) per designation: who pays and answers."""
        found: dict[int, tuple[int, int]] = {}
        for ids in batches(designation_ids):
            stmt = select(
                Designation.id, Designation.naming_union_id, Designation.district_union_id
            ).where(Designation.id.in_(ids))
            rows = self.session.execute(stmt)
            found.update((did, (naming, district)) for did, naming, district in rows)
        return found

    def scheme_codes(self, designation_ids: Collection[int]) -> dict[int, str]:
        """The scheme of each designation: an item names things in its own scheme's words."""
        found: dict[int, str] = {}
        for ids in batches(designation_ids):
            found.update((did, code) for did, code in self.session.execute(_SCHEMES, {"ids": ids}))
        return found


def teams_first_titles() -> Subquery:
    """Each team's first title (``workshop_id``, ``designation_id``): the page that shows what
    belongs to the team (its leader's events, its 台账) when a 修改记录 names it."""
    return (
        select(Designation.workshop_id, func.min(Designation.id).label("designation_id"))
        .group_by(Designation.workshop_id)
        .subquery()
    )


def _history(designation_id: int) -> Select[StatusChange]:
    """The designation's status changes, oldest first."""
    return (
        select(StatusChange)
        .where(StatusChange.designation_id == designation_id)
        .order_by(StatusChange.id)
    )
