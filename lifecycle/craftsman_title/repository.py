"""Every query of the 上海工匠 selection; scope filters on the applicant's union path."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Row, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from lifecycle.craftsman_title.model import (
    CraftsmanApplication,
    CraftsmanSelection,
    FalseDeclaration,
    LocalSelection,
    StageRecord,
)
from lifecycle.craftsman_title.rules import Group
from lifecycle.craftsman_title.stages import Status
from lifecycle.db import models  # noqa: F401  every class mapped before aliased() configures them
from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.persons.repository import visible_in
from lifecycle.scope import Scope, in_bound_scope
from lifecycle.unions.model import Union
from lifecycle.vocab import Honour

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any] | Select[Any, Any])
_Own = aliased(Union)
_District = aliased(Union)


def _in_scope(q: S, scope: Scope) -> S:
    """Where an application is seen: its applicant's union (the unit or the association) and
    the district union that checks its qualification (for associations: gives its opinion)."""
    joined = (
        q.join(_Own, _Own.id == CraftsmanApplication.union_id)
        .join(_District, _District.id == CraftsmanApplication.district_union_id)
        .where(or_(scope.clause(_Own.path), scope.clause(_District.path)))
    )
    return cast(S, joined)


def _waiting_statement() -> Select[Any]:
    """``CraftsmanRepository.waiting``'s statement, its scope (``Scope.bound``) and ``statuses``
    bound by name."""
    last = (
        select(StageRecord.application_id, func.max(StageRecord.decided_on).label("since"))
        .group_by(StageRecord.application_id)
        .subquery()
    )
    app, sel = CraftsmanApplication, CraftsmanSelection
    stmt: Select[Any] = (
        select(
            *(app.id, app.status, app.channel, app.district_union_id, app.applied_on),
            *(sel.year, sel.union_deadline, Person.name, last.c.since),
            _District.path.label("district_path"),
        )
        .join(sel, sel.id == app.selection_id)
        .join(Person, Person.id == app.person_id)
        .join(_District, _District.id == app.district_union_id)
        .outerjoin(last, last.c.application_id == app.id)
        .where(
            in_bound_scope(_District.path),
            app.status.in_(bindparam("statuses", expanding=True)),
        )
    )
    return stmt.order_by(app.id)


# Written once (every dashboard and 待办 read asks it): it holds no value of any request.
_WAITING = _waiting_statement()


class CraftsmanRepository:
    """Selections, applications, stage records and findings."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def add_selection(self, selection: CraftsmanSelection, *, taken: Taken) -> CraftsmanSelection:
        """Insert; the year's call opened meanwhile by another request (the unique year) is
        refused as ``taken``, the use case's check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(selection)
        return selection

    def add_local(self, local: LocalSelection, *, taken: Taken) -> LocalSelection:
        """Insert; the body's selection of the year recorded meanwhile by another request (the
        unique selection and union) is refused as ``taken``, the use case's check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(local)
        return local

    def selection(self, selection_id: int) -> CraftsmanSelection | None:
        return self.session.get(CraftsmanSelection, selection_id)

    def selection_of_year(self, year: int) -> CraftsmanSelection | None:
        return self.session.scalar(
            select(CraftsmanSelection).where(CraftsmanSelection.year == year)
        )

    def selections(self) -> Sequence[CraftsmanSelection]:
        return self.session.scalars(_SELECTIONS).all()

    def selections_page(self, window: Window) -> Listing[CraftsmanSelection]:
        """A page of every year's call, the latest first, and how many there are."""
        return windowed(self.session, _SELECTIONS, window)

    def ran_local(self, selection_id: int, *, union_id: int) -> bool:
        """Whether the district union or association recorded its own selection [G] 五（二）."""
        q = select(LocalSelection.id).where(
            LocalSelection.selection_id == selection_id, LocalSelection.union_id == union_id
        )
        return self.session.scalar(q.limit(1)) is not None

    def local_selections(self, selection_id: int, scope: Scope) -> Sequence[LocalSelection]:
        """The local selections (附件3 figures) of the district unions and associations in
        ``scope``: nobody reads another district's figures (DOMAIN §1); the city reads all."""
        return self.session.scalars(
            select(LocalSelection)
            .join(Union, Union.id == LocalSelection.union_id)
            .where(LocalSelection.selection_id == selection_id, scope.clause(Union.path))
            .order_by(LocalSelection.id)
        ).all()

    def application(self, application_id: int, scope: Scope) -> CraftsmanApplication | None:
        q = select(CraftsmanApplication).where(CraftsmanApplication.id == application_id)
        return self.session.scalar(_in_scope(q, scope))

    def applications(
        self, selection_id: int, scope: Scope, *, group: Group | None = None
    ) -> Sequence[CraftsmanApplication]:
        """The year's applications in scope; one 组别 for the 分类、分场 review [G] 三（三）."""
        q = _in_scope(
            select(CraftsmanApplication).where(CraftsmanApplication.selection_id == selection_id),
            scope,
        )
        if group is not None:
            q = q.where(CraftsmanApplication.group == group)
        return self.session.scalars(q.order_by(CraftsmanApplication.id)).all()

    def application_page(
        self,
        selection_id: int,
        scope: Scope,
        window: Window,
        *,
        group: Group | None = None,
        after: int | None = None,
    ) -> Listing[CraftsmanApplication]:
        """One page of the year's applications in scope in id order (one 组别 if asked), with
        their number (``after``: from the application after that id)."""
        q = _in_scope(
            select(CraftsmanApplication).where(CraftsmanApplication.selection_id == selection_id),
            scope,
        )
        if group is not None:
            q = q.where(CraftsmanApplication.group == group)
        if after is not None:
            q = q.where(CraftsmanApplication.id > after)
        total = self.session.scalar(select(func.count()).select_from(q.subquery()))
        page = q.order_by(CraftsmanApplication.id).limit(window.limit).offset(window.offset)
        return Listing(self.session.scalars(page).all(), int(total or 0))

    def waiting(self, scope: Scope, statuses: Collection[str]) -> Sequence[Row[Any]]:
        """Applications at one of ``statuses`` whose district union is in ``scope``: the columns
        their waiting stage and its owner (``channel``) are read from, their selection's year and
        unions' deadline, the applicant's ``name``, the date of their latest stage decision
        (``since``) and the district union's path (``district_path``)."""
        asked = {**scope.bound, "statuses": sorted(statuses)}
        return self.session.execute(_WAITING, asked).all()

    def application_of(self, selection_id: int, person_id: int) -> CraftsmanApplication | None:
        """The person's live application of the year (a withdrawn one does not count, G9)."""
        return self.session.scalar(
            select(CraftsmanApplication).where(
                CraftsmanApplication.selection_id == selection_id,
                CraftsmanApplication.person_id == person_id,
                CraftsmanApplication.status != Status.WITHDRAWN,
            )
        )

    def stage_records(self, application_id: int, scope: Scope) -> Sequence[StageRecord]:
        q = select(StageRecord).join(
            CraftsmanApplication, CraftsmanApplication.id == StageRecord.application_id
        )
        q = _in_scope(q.where(StageRecord.application_id == application_id), scope)
        return self.session.scalars(q.order_by(StageRecord.id)).all()

    def holds_honour(self, person_id: int, honour: Honour, *, up_to: int) -> bool:
        """Whether the person was awarded ``honour`` in ``up_to`` or before."""
        found = self.session.scalar(
            select(PersonHonour.id)
            .where(
                PersonHonour.person_id == person_id,
                PersonHonour.honour == honour,
                PersonHonour.year <= up_to,
            )
            .limit(1)
        )
        return found is not None

    def findings(
        self, *, person_id: int | None, unit_union_id: int | None, scope: Scope
    ) -> Sequence[FalseDeclaration]:
        """Findings against a person or a unit the scope sees [G] 五（三）."""
        q = select(FalseDeclaration)
        if person_id is not None:
            q = q.join(Person, Person.id == FalseDeclaration.person_id).where(
                FalseDeclaration.person_id == person_id, visible_in(scope)
            )
        else:
            q = q.join(Union, Union.id == FalseDeclaration.unit_union_id).where(
                FalseDeclaration.unit_union_id == unit_union_id, scope.clause(Union.path)
            )
        return self.session.scalars(q.order_by(FalseDeclaration.found_on)).all()

    def members(self, union_id: int, scope: Scope) -> Sequence[Person]:
        """The persons an association (or union) has registered as its own, by name."""
        q = select(Person).where(Person.union_id == union_id, visible_in(scope))
        return self.session.scalars(q.order_by(Person.name, Person.id)).all()

    def applications_up_to(
        self, year: int, scope: Scope
    ) -> Sequence[tuple[CraftsmanApplication, int]]:
        """Every call's applications in scope up to ``year``, with the call's year (附件3 历年)."""
        q = select(CraftsmanApplication, CraftsmanSelection.year).join(
            CraftsmanSelection, CraftsmanSelection.id == CraftsmanApplication.selection_id
        )
        q = _in_scope(q.where(CraftsmanSelection.year <= year), scope)
        rows = self.session.execute(q.order_by(CraftsmanApplication.id)).all()
        return [(a, y) for a, y in rows]

    def local_selections_up_to(self, year: int) -> Sequence[tuple[LocalSelection, int]]:
        """Every body's local selections up to ``year``, with the call's year (附件3 历年)."""
        q = select(LocalSelection, CraftsmanSelection.year).join(
            CraftsmanSelection, CraftsmanSelection.id == LocalSelection.selection_id
        )
        rows = self.session.execute(
            q.where(CraftsmanSelection.year <= year).order_by(LocalSelection.id)
        ).all()
        return [(loc, y) for loc, y in rows]

    def honour_holders(
        self, honour: Honour, *, up_to: int, scope: Scope
    ) -> Sequence[tuple[int, int]]:
        """Each person in scope awarded ``honour`` in ``up_to`` or before, with their union."""
        q = select(Person.id, Person.union_id).where(
            visible_in(scope),
            Person.union_id.is_not(None),
            Person.id.in_(
                select(PersonHonour.person_id).where(
                    PersonHonour.honour == honour, PersonHonour.year <= up_to
                )
            ),
        )
        rows = self.session.execute(q.order_by(Person.id)).all()
        return [(person_id, union_id) for person_id, union_id in rows if union_id is not None]


# Every year's call, the latest first (one a year).
_SELECTIONS = select(CraftsmanSelection).order_by(CraftsmanSelection.year.desc())
