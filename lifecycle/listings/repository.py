"""Listings with totals: each query joins to the owning union and applies the caller's scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.designations.model import Designation
from lifecycle.files.model import StoredFile
from lifecycle.funding.model import (
    AuditFinding,
    Expenditure,
    ExpenditureChange,
    FindingResolution,
    Grant,
)
from lifecycle.funding.refund_queries import refunded_sum
from lifecycle.inspections.model import Evidence, Inspection
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.occasions.index_model import OccasionTally
from lifecycle.occasions.index_repository import bytewise, showing
from lifecycle.persons.id_card import id_number_tail
from lifecycle.persons.model import Person
from lifecycle.persons.repository import persons_in
from lifecycle.scope import Scope, path_range
from lifecycle.unions.model import Union, UnionContact
from lifecycle.vocab import DesignationStatus, UnionLevel
from lifecycle.workshops.model import Workshop, WorkshopMember

T = TypeVar("T")
# How far past a page the designation list counts: enough to say "n pages more" near the end,
# never a full count of a district's registry on every page (nor of the pages before it).
COUNT_AHEAD = 200


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of rows and the number of rows matching the filter."""

    items: Sequence[T]
    total: int
    exact: bool = True  # False: at least ``total`` rows match (the count stopped there)


@dataclass(frozen=True)
class Window:
    limit: int = 50
    offset: int = 0


def _under(union_id: int | None) -> Any:
    """Rows of the subtree of `union_id` (None: no filter)."""
    if union_id is None:
        return None
    path = select(Union.path).where(Union.id == union_id).scalar_subquery()
    return Union.path.startswith(path)


@dataclass(frozen=True)
class RegistryFilter:
    """The registry list's filters; ``text`` matches title, number, leader or unit union."""

    status: DesignationStatus | None = None
    scheme: str | None = None
    under: int | None = None
    named_from: date | None = None
    named_to: date | None = None
    text: str | None = None


def _subtree_range(session: Session, scope: Scope) -> ColumnElement[bool]:
    """``scope`` as a range of union paths in byte order (the same unions as ``scope.clause``):
    a range the path index serves, where SQLite reads a LIKE row by row."""
    prefix = scope.path_prefix
    if not prefix:
        return scope.clause(Union.path)
    return path_range(bytewise(session, Union.path.expression), prefix)


# A designation with its workshop, unit union and leader: built once, as every list joins them.
_REGISTRY = (
    Designation.__table__.join(Workshop, Workshop.id == Designation.workshop_id)
    .join(Union, Union.id == Workshop.unit_union_id)
    .outerjoin(Person, Person.id == Workshop.leader_person_id)
)


def _registry_where(
    stmt: Select[Any],
    scope: Scope,
    flt: RegistryFilter,
    *,
    in_scope: ColumnElement[bool] | None = None,
) -> Select[Any]:
    """Join the unit union and the leader, apply the scope (``in_scope``: as that clause) and
    every filter, in SQL."""
    stmt = stmt.select_from(_REGISTRY).where(
        scope.clause(Union.path) if in_scope is None else in_scope
    )
    if flt.status is not None:
        stmt = stmt.where(Designation.status == flt.status)
    if flt.scheme is not None:
        stmt = stmt.where(Designation.scheme_code == flt.scheme)
    if (clause := _under(flt.under)) is not None:
        stmt = stmt.where(clause)
    if flt.named_from is not None:
        stmt = stmt.where(Designation.naming_date >= flt.named_from)
    if flt.named_to is not None:
        stmt = stmt.where(Designation.naming_date <= flt.named_to)
    if flt.text:
        stmt = stmt.where(
            or_(
                Designation.title.icontains(flt.text, autoescape=True),
                Designation.number.icontains(flt.text, autoescape=True),
                Person.name.icontains(flt.text, autoescape=True),
                Union.name.icontains(flt.text, autoescape=True),
            )
        )
    return stmt


class ListingRepository:
    """Scoped listings; an object outside the scope is simply not found."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _page(
        self,
        stmt: Select[Any],
        order: Any,
        window: Window,
        *,
        count_ahead: int | None = None,
        plain: bool = False,
        counted: Select[Any] | None = None,
    ) -> Listing[Any]:
        """One page and the number of matching rows; with ``count_ahead`` only the rows from the
        page's start to that many past it are counted (a district's tens of thousands are not
        counted per page): the total is then at least that, exact when the count ran out.
        ``plain``: the page as rows of the selected columns, not as objects. ``counted``: the
        same rows as ``stmt``, one column, written for counting (default: ``stmt``'s first)."""
        if counted is None:
            counted = stmt.order_by(None).with_only_columns(stmt.selected_columns[0])
        exact = True
        if count_ahead is None:
            total = self._count(counted)
        else:
            ahead = window.limit + count_ahead
            found = self._count(counted.limit(ahead).offset(window.offset))
            if found == 0 and window.offset:  # past the end: how far the rows do reach
                total = self._count(counted.limit(window.offset))
            else:
                total, exact = window.offset + found, found < ahead
        page = stmt.order_by(*order).limit(window.limit).offset(window.offset)
        if plain:  # rows as the database gives them: no ORM loading
            return Listing(self.session.connection().execute(page).all(), total, exact)
        return Listing(self.session.scalars(page).unique().all(), total, exact)

    def _count(self, stmt: Select[Any]) -> int:
        counted = select(func.count()).select_from(stmt.subquery())
        return int(self.session.connection().scalar(counted) or 0)

    # unions
    def unions(
        self, scope: Scope, window: Window, *, level: UnionLevel | None, under: int | None
    ) -> Listing[Union]:
        stmt = select(Union).where(scope.clause(Union.path))
        if level is not None:
            stmt = stmt.where(Union.level == level)
        if (clause := _under(under)) is not None:
            stmt = stmt.where(clause)
        return self._page(stmt, (Union.path,), window)

    def acting_counts(self, scope: Scope, as_of: date, end: date) -> dict[tuple[int, str], int]:
        """How many outstanding occasions showing on ``as_of`` and due by ``end`` each union in
        ``scope`` must act on, by kind (the dashboard tally's ``mine``)."""
        t = OccasionTally
        stmt = (
            select(t.union_id, t.kind, func.sum(t.mine))
            .join(Union, Union.id == t.union_id)
            .where(scope.clause(Union.path), t.mine > 0, t.due_on <= end, *showing(as_of, t))
            .group_by(t.union_id, t.kind)
        )
        return {(union_id, kind): int(n) for union_id, kind, n in self.session.execute(stmt)}

    def contacts(self, union_id: int, scope: Scope, window: Window) -> Listing[UnionContact]:
        """A page of one union's contacts in the order added, and how many it has."""
        stmt = (
            select(UnionContact)
            .join(Union, Union.id == UnionContact.union_id)
            .where(UnionContact.union_id == union_id, scope.clause(Union.path))
        )
        return self._page(stmt, (UnionContact.id,), window)

    # persons: visible through their own union or a workshop they lead or belong to
    def _persons(self, scope: Scope) -> Select[Any]:
        return persons_in(scope)

    def persons(
        self, scope: Scope, window: Window, *, name: str | None, after: int | None = None
    ) -> Listing[Person]:
        """``name``: a part of the name, or the last 4 characters of the ID number
        (``id_number_tail``), as the masked number shows them. ``after``: the persons after
        that id (keyset paging)."""
        stmt = self._persons(scope)
        if after is not None:
            stmt = stmt.where(Person.id > after)
        if name:
            matches = [Person.name.icontains(name.strip(), autoescape=True)]
            if (tail := id_number_tail(name)) is not None:
                matches.append(Person.id_card_number.endswith(tail, autoescape=True))
            stmt = stmt.where(or_(*matches))
        return self._page(stmt, (Person.id,), window)

    def person(self, person_id: int, scope: Scope) -> Person | None:
        stmt = self._persons(scope).where(Person.id == person_id)
        return self.session.scalars(stmt).unique().one_or_none()

    # workshops and members
    def _workshops(self, scope: Scope) -> Select[Any]:
        return (
            select(Workshop)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
        )

    def workshops(
        self,
        scope: Scope,
        window: Window,
        *,
        under: int | None,
        name: str | None = None,
        after: int | None = None,
    ) -> Listing[Workshop]:
        stmt = self._workshops(scope)
        if after is not None:
            stmt = stmt.where(Workshop.id > after)
        if (clause := _under(under)) is not None:
            stmt = stmt.where(clause)
        if name:
            stmt = stmt.where(Workshop.name.icontains(name, autoescape=True))
        return self._page(stmt, (Workshop.id,), window)

    def members(
        self, workshop_id: int, scope: Scope, window: Window | None = None
    ) -> Listing[WorkshopMember]:
        """The workshop's members in ``scope`` as recorded (a page of them in ``window``), and
        how many it has."""
        stmt = (
            select(WorkshopMember)
            .join(Workshop, Workshop.id == WorkshopMember.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(WorkshopMember.workshop_id == workshop_id, scope.clause(Union.path))
            .order_by(WorkshopMember.id)
        )
        return self._windowed(stmt, window)

    # designations
    def designations(
        self,
        scope: Scope,
        window: Window,
        *,
        status: DesignationStatus | None = None,
        scheme: str | None = None,
        under: int | None = None,
        named_from: date | None = None,
        named_to: date | None = None,
        search: str | None = None,
        after: int | None = None,
    ) -> Listing[Any]:
        """A page of designations as rows of their own columns (no objects, nothing eager);
        ``search`` matches title, number, leader or unit union (the registry list's filter).
        ``after``: the page after the designation of that id (keyset paging: the rows before
        it are neither read nor counted; the total then counts from the page on)."""
        flt = RegistryFilter(status, scheme, under, named_from, named_to, (search or "").strip())
        stmt = _registry_where(select(*Designation.__table__.columns), scope, flt)
        # The count takes the rows in any order: the scope as a path range lets the planner
        # start from the subtree's unions (a district's first 250 of 150,000: 0.6 → 0.1 ms on
        # SQLite, which else reads designations by id until it has found them).
        counted = _registry_where(
            select(Designation.id), scope, flt, in_scope=_subtree_range(self.session, scope)
        )
        if after is not None:
            stmt = stmt.where(Designation.id > after)
            counted = counted.where(Designation.id > after)
        return self._page(
            stmt, (Designation.id,), window, count_ahead=COUNT_AHEAD, plain=True, counted=counted
        )

    def registry_rows(self, scope: Scope, flt: RegistryFilter, window: Window) -> Listing[Any]:
        """Rows of the registry list: the designation with its unit union, leader's name and the
        day it ended (摘牌, 撤牌 or 退出; None while it runs)."""
        # One row shape for every filter: typed loosely, as _registry_where takes any select.
        columns = cast(
            "Select[Any]",
            select(
                Designation.id,
                Designation.number,
                Designation.title,
                Designation.scheme_code,
                Designation.status,
                Designation.naming_date,
                Union.name.label("unit_name"),
                Person.name.label("leader_name"),
                Designation.ended_on,
            ),
        )
        return self._page(
            _registry_where(columns, scope, flt), (Designation.id,), window, plain=True
        )

    def finance_rows(
        self, scope: Scope, flt: RegistryFilter, window: Window, *, with_open_findings: bool
    ) -> Listing[Any]:
        """Designations with funds received (paid, not voided, less what was refunded), spent
        on expenditures never changed, and open findings [S10]."""
        paid = (
            select(func.coalesce(func.sum(Grant.amount_fen), 0))
            .where(
                Grant.designation_id == Designation.id,
                Grant.paid_on.is_not(None),
                Grant.voided_on.is_(None),
            )
            .scalar_subquery()
        )
        received = paid - refunded_sum(Designation.id)  # less what was returned (已退回)
        # Expenditures never corrected nor voided; the changed ones are added as they stand
        # (``FundingRepository.changed_spending``, the rule in Python).
        spent = (
            select(func.coalesce(func.sum(Expenditure.amount_fen), 0))
            .where(
                Expenditure.designation_id == Designation.id,
                ~exists().where(ExpenditureChange.expenditure_id == Expenditure.id),
            )
            .scalar_subquery()
        )
        unresolved = and_(
            AuditFinding.designation_id == Designation.id,
            ~exists().where(FindingResolution.finding_id == AuditFinding.id),
        )
        open_findings = select(func.count(AuditFinding.id)).where(unresolved).scalar_subquery()
        columns = cast(
            "Select[Any]",
            select(
                Designation.id,
                Designation.number,
                Designation.title,
                Designation.scheme_code,
                Designation.status,
                received.label("received_fen"),
                spent.label("spent_fen"),
                open_findings.label("open_findings"),
            ),
        )
        stmt = _registry_where(columns, scope, flt)
        if with_open_findings:
            stmt = stmt.where(exists().where(unresolved))
        return self._page(stmt, (Designation.id,), window, plain=True)

    # notices
    def notices(
        self,
        scope: Scope,
        window: Window,
        *,
        status: NoticeStatus | None = None,
        under: int | None = None,
        issued_from: date | None = None,
        issued_to: date | None = None,
        designation_id: int | None = None,
    ) -> Listing[RectificationNotice]:
        stmt = (
            select(RectificationNotice)
            .join(Designation, Designation.id == RectificationNotice.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
        )
        if status is not None:
            stmt = stmt.where(RectificationNotice.status == status)
        if (clause := _under(under)) is not None:
            stmt = stmt.where(clause)
        if issued_from is not None:
            stmt = stmt.where(RectificationNotice.issued_on >= issued_from)
        if issued_to is not None:
            stmt = stmt.where(RectificationNotice.issued_on <= issued_to)
        if designation_id is not None:
            stmt = stmt.where(RectificationNotice.designation_id == designation_id)
        return self._page(stmt, (RectificationNotice.id,), window)

    # inspections
    def inspections(
        self,
        scope: Scope,
        window: Window,
        *,
        under: int | None = None,
        scheduled_from: date | None = None,
        scheduled_to: date | None = None,
        designation_id: int | None = None,
    ) -> Listing[Inspection]:
        stmt = (
            select(Inspection)
            .join(Designation, Designation.id == Inspection.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
        )
        if (clause := _under(under)) is not None:
            stmt = stmt.where(clause)
        if scheduled_from is not None:
            stmt = stmt.where(Inspection.scheduled_on >= scheduled_from)
        if scheduled_to is not None:
            stmt = stmt.where(Inspection.scheduled_on <= scheduled_to)
        if designation_id is not None:
            stmt = stmt.where(Inspection.designation_id == designation_id)
        return self._page(stmt, (Inspection.scheduled_on, Inspection.id), window)

    def designation_subjects(self, ids: Sequence[int], scope: Scope) -> dict[int, str]:
        """称号（编号） of the designations ``ids`` inside the scope (the calendar's entries)."""
        if not ids:
            return {}
        stmt = (
            select(Designation.id, Designation.title, Designation.number)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Designation.id.in_(sorted(set(ids))), scope.clause(Union.path))
        )
        return {
            i: f"{title}（{number}）" if number else title
            for i, title, number in self.session.execute(stmt).all()
        }

    def evidence_file(self, inspection_id: int, file_id: int, scope: Scope) -> StoredFile | None:
        """A file attached as evidence to an inspection inside the scope."""
        stmt = (
            select(StoredFile)
            .join(Evidence, Evidence.file_id == StoredFile.id)
            .join(Inspection, Inspection.id == Evidence.inspection_id)
            .join(Designation, Designation.id == Inspection.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(
                Evidence.inspection_id == inspection_id,
                StoredFile.id == file_id,
                scope.clause(Union.path),
            )
        )
        return self.session.scalars(stmt).first()

    # calendar overrides (not scoped: one calendar for everyone)
    def calendar_days(
        self, year: int | None, window: Window | None = None
    ) -> Listing[CalendarOverrideDay]:
        """The calendar's override days (of ``year``) by date (a page of them in ``window``),
        and how many there are."""
        stmt = select(CalendarOverrideDay).order_by(CalendarOverrideDay.day)
        if year is not None:
            stmt = stmt.where(
                CalendarOverrideDay.day >= date(year, 1, 1),
                CalendarOverrideDay.day <= date(year, 12, 31),
            )
        return self._windowed(stmt, window)

    def _windowed(self, stmt: Select[Any], window: Window | None) -> Listing[Any]:
        """Every row of ``stmt`` (no window), or one page of them, with the number of all."""
        if window is None:
            rows = self.session.scalars(stmt).unique().all()
            return Listing(rows, len(rows))
        counted = select(func.count()).select_from(stmt.order_by(None).subquery())
        page = self.session.scalars(stmt.limit(window.limit).offset(window.offset)).unique().all()
        return Listing(page, self.session.scalar(counted) or 0)
