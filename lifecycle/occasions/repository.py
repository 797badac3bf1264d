"""Every query the occasions calendar needs: designations streamed by id, their history in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Executable, Result, Row, Select, func, select
from sqlalchemy.orm import Session

from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.changes.model import OPEN_CHANGE_STATUSES, ChangeRequest
from lifecycle.db.batches import batches
from lifecycle.designations.model import Designation
from lifecycle.filings.model import YearlyFiling
from lifecycle.inspections.model import Inspection, InspectionKind, InspectionResult
from lifecycle.leaders.titles import (
    DelistingApplied,
    HeldTitle,
    filed_of,
    with_delisting,
    with_filed,
)
from lifecycle.notices.model import NoticeStatus, RectificationNotice, RectificationReport
from lifecycle.occasions.facts import NoticeFact, may_owe
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop

# The columns of one designation the occasions need, in ``DesignationFacts``' order and names
# (the unions resolved through its workshop).
DesignationRow = Row[*tuple[Any, ...]]
_DESIGNATION_ROWS = (
    select(
        Designation.id,
        Designation.scheme_code,
        Designation.status,
        Designation.naming_date,
        Designation.ended_on,
        Designation.title,
        Designation.number,
        Designation.workshop_id,
        Workshop.unit_union_id,
        Union.parent_id.label("sector_union_id"),
        Designation.district_union_id,
        Designation.naming_union_id,
        Union.path.label("unit_path"),
    )
    .join(Workshop, Workshop.id == Designation.workshop_id)
    .join(Union, Union.id == Workshop.unit_union_id)
)


class OccasionRepository:
    """Facts for occasions, loaded in bulk for a union subtree."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _execute(self, stmt: Executable) -> Result[*tuple[Any, ...]]:
        """Column rows through Core (no ORM row loading); flushes first as the session would."""
        if self.session.autoflush:
            self.session.flush()
        return self.session.connection().execute(stmt)

    def _by_designation(
        self, stmt: Select[*tuple[Any, ...]], ids: Collection[int]
    ) -> dict[int, list[Any]]:
        """The rest of each row of ``stmt`` by its first column, a designation id among ``ids``."""
        found: dict[int, list[Any]] = defaultdict(list)
        for chunk in batches(ids):
            for designation_id, *rest in self._execute(
                stmt.where(stmt.selected_columns[0].in_(chunk))
            ):
                found[designation_id].append(rest)
        return found

    def active_designations(
        self, scope: Scope, *, batch_size: int = 5000
    ) -> Iterator[Sequence[DesignationRow]]:
        """Designations in ``scope`` that may owe (named, rectifying; ended with district matching,
        ``may_owe``), in batches by id (keyset pagination)."""
        # The status is checked here, not in SQL: with it in the WHERE clause SQLite walks the
        # status index and sorts every active designation for each page (a full pass quadratic).
        after = 0
        while True:
            stmt = (
                _DESIGNATION_ROWS.where(scope.clause(Union.path), Designation.id > after)
                .order_by(Designation.id)
                .limit(batch_size)
            )
            rows = self._execute(stmt).all()
            batch = [row for row in rows if may_owe(row.status)]
            if batch:
                yield batch
            if len(rows) < batch_size:
                return
            after = rows[-1].id

    def designations(self, designation_ids: Collection[int]) -> Iterator[Sequence[DesignationRow]]:
        """Some designations whatever their status, in batches by id."""
        for ids in batches(designation_ids):
            stmt = _DESIGNATION_ROWS.where(Designation.id.in_(ids)).order_by(Designation.id)
            if batch := self._execute(stmt).all():
                yield batch

    def designation(self, designation_id: int, scope: Scope) -> DesignationRow | None:
        """One designation in ``scope``, whatever its status."""
        stmt = _DESIGNATION_ROWS.where(scope.clause(Union.path), Designation.id == designation_id)
        return self.session.execute(stmt).one_or_none()

    def cycle_results(
        self, designation_ids: Collection[int]
    ) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        """Recorded inspection results per cycle [Y12], per designation: the cycles with a passed
        inspection, and those whose cycle-end inspection failed."""
        i, passing, cycle_end = Inspection, InspectionResult.PASS, InspectionKind.CYCLE_END
        stmt = (
            select(i.designation_id, i.cycle_no, i.kind, i.result)
            .where(i.cycle_no.is_not(None), i.result.is_not(None))
            .distinct()
        )
        rows = self._by_designation(stmt, designation_ids).items()
        passed = {d: {c for c, _, r in rs if r == passing} for d, rs in rows}
        failed = {d: {c for c, k, r in rs if r != passing and k == cycle_end} for d, rs in rows}
        return passed, failed

    def scheduled_cycles(self, designation_ids: Collection[int]) -> dict[int, dict[int, date]]:
        """Cycle → the day of its cycle-end inspection scheduled and not yet recorded, per
        designation [Y12] (scheduling allows one such inspection a title at a time)."""
        i = Inspection
        stmt = select(i.designation_id, i.cycle_no, i.scheduled_on).where(
            i.kind == InspectionKind.CYCLE_END, i.cycle_no.is_not(None), i.result.is_(None)
        )
        rows = self._by_designation(stmt, designation_ids).items()
        return {d: dict(rs) for d, rs in rows}

    def team_titles(self, workshop_ids: Collection[int]) -> dict[int, list[HeldTitle]]:
        """Every title of some teams (any status), oldest first, by team (reading 43a); each with
        its 考核's application for 摘牌 awaiting the city and its open 附件3, where it reads
        them [S9]."""
        d, a = Designation, AnnualAssessment
        stmt = select(d.workshop_id, d.id, d.title, d.number, d.scheme_code, d.status)
        applied_stmt = (
            select(a.designation_id, a.year, a.district_on)
            .join(d, d.id == a.designation_id)
            .where(a.outcome == AssessmentOutcome.REVOCATION_APPLIED)
        )
        c = ChangeRequest
        filed_stmt = select(c.designation_id, c.id, c.filed_on, c.status).where(
            c.status.in_(OPEN_CHANGE_STATUSES)
        )
        held: dict[int, list[HeldTitle]] = {}
        for ids in batches(workshop_ids):
            applied: dict[int, list[DelistingApplied]] = defaultdict(list)
            for title_id, year, on in self._execute(applied_stmt.where(d.workshop_id.in_(ids))):
                applied[title_id].append(DelistingApplied(year, on))
            filed = {  # at most one open request per title (the table's partial unique index)
                title_id: filed_of(request_id, on, status)
                for title_id, request_id, on, status in self._execute(
                    filed_stmt.where(c.workshop_id.in_(ids))
                )
            }
            for shop, *title in self._execute(stmt.where(d.workshop_id.in_(ids)).order_by(d.id)):
                found = with_delisting(HeldTitle(*title), applied[title[0]])
                held.setdefault(shop, []).append(with_filed(found, filed.get(title[0])))
        return held

    def workshops_of(self, designation_ids: Collection[int]) -> set[int]:
        """The teams holding some designations (their other titles read theirs, reading 43a)."""
        d = Designation
        stmt = select(d.id, d.workshop_id)
        return {
            shop
            for rows in self._by_designation(stmt, designation_ids).values()
            for (shop,) in rows
        }

    def filings(self, designation_ids: Collection[int]) -> dict[int, set[tuple[int, str]]]:
        """(year, kind) of every yearly filing per designation [Y11]."""
        stmt = select(YearlyFiling.designation_id, YearlyFiling.year, YearlyFiling.kind)
        rows = self._by_designation(stmt, designation_ids).items()
        return {d: {(year, str(kind)) for year, kind in rs} for d, rs in rows}

    def assessments(self, designation_ids: Collection[int]) -> dict[int, dict[int, str]]:
        """Year → 考核 outcome per designation [S9]."""
        a = AnnualAssessment
        rows = self._by_designation(select(a.designation_id, a.year, a.outcome), designation_ids)
        return {d: {year: str(outcome) for year, outcome in rs} for d, rs in rows.items()}

    def notices(
        self, designation_ids: Collection[int], *, open_only: bool = True
    ) -> dict[int, list[NoticeFact]]:
        """整改通知 per designation [Y12], oldest first; only open ones unless asked; each with the
        day its first written 整改情况报告 was sent."""
        n, r = RectificationNotice, RectificationReport
        first_report = select(func.min(r.reported_on)).where(r.notice_id == n.id).scalar_subquery()
        stmt = select(
            n.designation_id,
            n.id,
            n.number,
            n.deadline,
            n.deadline_provisional,
            n.issuing_union_id,
            n.addressee_union_id,
            n.status,
            first_report,
            n.issued_on,
        ).order_by(n.id)
        if open_only:
            stmt = stmt.where(n.status == NoticeStatus.OPEN)
        rows = self._by_designation(stmt, designation_ids).items()
        return {
            d: [
                NoticeFact(*f, open=s == NoticeStatus.OPEN, reported_on=on, issued_on=issued)
                for *f, s, on, issued in rs
            ]
            for d, rs in rows
        }
