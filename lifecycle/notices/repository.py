"""Every query on rectification notices, including the gapless per-union, per-year counter."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, case, select
from sqlalchemy.orm import Session, aliased

from lifecycle.db.rows import insert_on_conflict
from lifecycle.designations.model import Designation
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed, windowed_rows
from lifecycle.notices.model import (
    NoticeCounter,
    NoticeStatus,
    RectificationNotice,
    RectificationReport,
)
from lifecycle.notices.rules import last_revocable_deadline
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop


class NoticeRepository:
    """Notices inside the caller's scope."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _scoped(self, scope: Scope) -> Select[RectificationNotice]:
        return (
            select(RectificationNotice)
            .join(Designation, Designation.id == RectificationNotice.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(scope.clause(Union.path))
        )

    def get(self, notice_id: int, scope: Scope) -> RectificationNotice | None:
        stmt = self._scoped(scope).where(RectificationNotice.id == notice_id)
        return self.session.scalars(stmt).one_or_none()

    def numbers(self, notice_ids: Collection[int], scope: Scope) -> dict[int, str]:
        """The number of each notice ``scope`` may see (杨工创〔2026〕1号), the others left out."""
        if not notice_ids:
            return {}
        stmt = (
            select(RectificationNotice.id, RectificationNotice.number)
            .join(Designation, Designation.id == RectificationNotice.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(RectificationNotice.id.in_(sorted(notice_ids)), scope.clause(Union.path))
        )
        return {i: str(number) for i, number in self.session.execute(stmt).all()}

    def by_number(self, number: str) -> RectificationNotice | None:
        stmt = select(RectificationNotice).where(RectificationNotice.number == number)
        return self.session.scalars(stmt).one_or_none()

    def for_designation(self, designation_id: int) -> Sequence[RectificationNotice]:
        stmt = (
            select(RectificationNotice)
            .where(RectificationNotice.designation_id == designation_id)
            .order_by(RectificationNotice.issued_on, RectificationNotice.id)
        )
        return self.session.scalars(stmt).all()

    def open_for_designation(self, designation_id: int) -> RectificationNotice | None:
        stmt = select(RectificationNotice).where(
            RectificationNotice.designation_id == designation_id,
            RectificationNotice.status == NoticeStatus.OPEN,
        )
        return self.session.scalars(stmt).first()

    def provisional_open(self) -> Sequence[tuple[RectificationNotice, str]]:
        """Every open notice whose deadline rests on a holiday arrangement not yet published,
        with its title's scheme: the working-day calendar is shared by all unions, so these
        are read across every tree when the calendar changes."""
        stmt = (
            select(RectificationNotice, Designation.scheme_code)
            .join(Designation, Designation.id == RectificationNotice.designation_id)
            .where(
                RectificationNotice.status == NoticeStatus.OPEN,
                RectificationNotice.deadline_provisional.is_(True),
            )
            .order_by(RectificationNotice.id)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def past_deadline(
        self, as_of: date, scope: Scope, window: Window
    ) -> Listing[RectificationNotice]:
        """A page of the open notices whose deadline has passed (撤牌 pending the officer's
        confirmation), the earliest deadline first, and how many there are."""
        stmt = (
            self._scoped(scope)
            .where(
                RectificationNotice.status == NoticeStatus.OPEN,
                RectificationNotice.deadline <= last_revocable_deadline(as_of),
            )
            .order_by(RectificationNotice.deadline, RectificationNotice.id)
        )
        return windowed(self.session, stmt, window)

    def next_seq(self, issuing_union_id: int, year: int) -> int:
        """Take the next number of a union's year; the row lock makes concurrent issuers queue.

        The increment is part of the caller's transaction, so a rolled-back issue frees its
        number again: numbers stay gapless and unique.
        """
        stmt = (
            insert_on_conflict(self.session, NoticeCounter)
            .values(issuing_union_id=issuing_union_id, year=year, last_seq=1)
            .on_conflict_do_update(
                index_elements=[NoticeCounter.issuing_union_id, NoticeCounter.year],
                set_={"last_seq": NoticeCounter.last_seq + 1},
            )
            .returning(NoticeCounter.last_seq)
        )
        return int(self.session.execute(stmt).scalar_one())

    def raise_counter(self, issuing_union_id: int, year: int, seq: int) -> None:
        """Move a union's year counter to at least ``seq`` (a number already used on paper)."""
        last = NoticeCounter.last_seq
        stmt = (
            insert_on_conflict(self.session, NoticeCounter)
            .values(issuing_union_id=issuing_union_id, year=year, last_seq=seq)
            .on_conflict_do_update(
                index_elements=[NoticeCounter.issuing_union_id, NoticeCounter.year],
                set_={"last_seq": case((last < seq, seq), else_=last)},
            )
        )
        self.session.execute(stmt)

    def seq_taken(self, issuing_union_id: int, year: int, seq: int) -> bool:
        stmt = select(RectificationNotice.id).where(
            RectificationNotice.issuing_union_id == issuing_union_id,
            RectificationNotice.year == year,
            RectificationNotice.seq == seq,
        )
        return self.session.scalar(stmt) is not None

    def add(self, notice: RectificationNotice) -> RectificationNotice:
        self.session.add(notice)
        self.session.flush()
        return notice

    def add_report(self, report: RectificationReport) -> RectificationReport:
        self.session.add(report)
        self.session.flush()
        return report

    def reports(self, notice_id: int) -> Sequence[RectificationReport]:
        """The written 整改 reports of a notice (the caller checks its scope), as sent."""
        return self.session.scalars(_reports(notice_id)).all()

    def reports_page(self, notice_id: int, window: Window) -> Listing[RectificationReport]:
        """A page of the notice's written 整改 reports, as sent, and how many it has."""
        return windowed(self.session, _reports(notice_id), window)

    def register(
        self,
        scope: Scope,
        window: Window,
        *,
        status: NoticeStatus | None = None,
        under: int | None = None,
    ) -> Listing[Any]:
        """The notices inside ``scope`` as the 整改通知 list shows them, latest issued first:
        the notice's own fields with its title's number and name and the addressed union's
        name [Y12]; ``under``: only the titles of that union's subtree."""
        addressee = aliased(Union)
        stmt = (
            select(
                RectificationNotice.id,
                RectificationNotice.number,
                RectificationNotice.designation_id,
                Designation.number,
                Designation.title,
                addressee.name,
                RectificationNotice.issued_on,
                RectificationNotice.deadline,
                RectificationNotice.deadline_provisional,
                RectificationNotice.status,
                RectificationNotice.closed_on,
            )
            .join(Designation, Designation.id == RectificationNotice.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .join(addressee, addressee.id == RectificationNotice.addressee_union_id)
            .where(scope.clause(Union.path))
            .order_by(RectificationNotice.issued_on.desc(), RectificationNotice.id.desc())
        )
        if status is not None:
            stmt = stmt.where(RectificationNotice.status == status)
        if under is not None:
            path = select(Union.path).where(Union.id == under).scalar_subquery()
            stmt = stmt.where(Union.path.startswith(path))
        return windowed_rows(self.session, stmt, window)

    def report(self, notice_id: int, report_id: int) -> RectificationReport | None:
        """Report ``report_id`` of notice ``notice_id`` (the caller checks the notice's scope)."""
        stmt = select(RectificationReport).where(
            RectificationReport.id == report_id, RectificationReport.notice_id == notice_id
        )
        return self.session.scalars(stmt).one_or_none()


def _reports(notice_id: int) -> Select[RectificationReport]:
    """The notice's written 整改 reports, by the day reported (then as sent)."""
    return (
        select(RectificationReport)
        .where(RectificationReport.notice_id == notice_id)
        .order_by(RectificationReport.reported_on, RectificationReport.id)
    )
