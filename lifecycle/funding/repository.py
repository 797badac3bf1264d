"""Every query on grants, expenditures, audit findings and their resolutions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    insert,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from lifecycle.db.batches import batches
from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.db.rows import insert_rows
from lifecycle.designations.model import Designation
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.fact_queries import change_facts, open_finding_facts, team_receipts
from lifecycle.funding.facts import FindingFact, MatchingFact, StoredFinding
from lifecycle.funding.model import (
    AuditFinding,
    ExcellenceApplication,
    Expenditure,
    ExpenditureChange,
    FindingResolution,
    FundingRefund,
    Grant,
)
from lifecycle.funding.refund_queries import RefundQueries, refund_facts, voided_refund_findings
from lifecycle.funding.rules import ExpenditureFact, FundingFacts, GrantFact
from lifecycle.funding.standing import (
    StandingExpenditure,
    latest_changes,
    standing,
    standing_all,
    standing_facts,
)
from lifecycle.funding.summary_queries import SummaryQueries, in_scope
from lifecycle.funding.vocab import GrantKind
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed, windowed_rows
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import DesignationStatus
from lifecycle.workshops.model import Workshop

# Bound parameters per IN list: well below SQLite's 32766 and PostgreSQL's 65535.


def _text(column: Any) -> Any:
    """An enum column read as its stored text (looked up below: cheaper than the type's)."""
    return type_coerce(column, String)


_KINDS = {k.value: k for k in GrantKind}
_CATEGORIES = {c.value: c for c in ExpenditureCategory}
_STATUSES = {s.value: s for s in DesignationStatus}


def _in_range(column: Any, scope: Scope, first_id: int, last_id: int) -> ColumnElement[bool]:
    """A designation id ``column`` from ``first_id`` to ``last_id`` and in ``scope`` (no join
    to the union tree when the scope is everything)."""
    in_range: ColumnElement[bool] = column.between(first_id, last_id)
    if scope.path_prefix is None:
        return in_range
    return and_(
        in_range, column.in_(in_scope(scope).where(Designation.id.between(first_id, last_id)))
    )


_FINDINGS = AuditFinding.metadata.tables[AuditFinding.__tablename__]


class FundingRepository(RefundQueries, SummaryQueries):
    """Grants, expenditures and findings, always through a designation in the caller's scope."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- writing -------------------------------------------------------------------------------

    def add_grant(self, grant: Grant, *, taken: Taken) -> Grant:
        """Insert; the title's one-off, or the achievement's support, recorded meanwhile by
        another request (the partial unique indexes) is refused as ``taken``, the use case's
        check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(grant)
        return grant

    def add_expenditures(self, expenditures: Sequence[Expenditure]) -> Sequence[Expenditure]:
        self.session.add_all(expenditures)
        self.session.flush()
        return expenditures

    def add_expenditure_change(self, change: ExpenditureChange) -> ExpenditureChange:
        self.session.add(change)
        self.session.flush()
        return change

    def add_application(self, application: ExcellenceApplication) -> ExcellenceApplication:
        self.session.add(application)
        self.session.flush()
        return application

    def add_resolution(self, resolution: FindingResolution) -> FindingResolution:
        self.session.add(resolution)
        self.session.flush()
        return resolution

    # --- one record -----------------------------------------------------------------------------

    def get_grant(self, grant_id: int, scope: Scope) -> Grant | None:
        stmt = select(Grant).where(Grant.id == grant_id, Grant.designation_id.in_(in_scope(scope)))
        return self.session.scalars(stmt).one_or_none()

    def get_expenditure(self, expenditure_id: int, scope: Scope) -> Expenditure | None:
        stmt = select(Expenditure).where(
            Expenditure.id == expenditure_id, Expenditure.designation_id.in_(in_scope(scope))
        )
        return self.session.scalars(stmt).one_or_none()

    def standing_expenditure(self, expenditure_id: int, scope: Scope) -> StandingExpenditure | None:
        """The expenditure in ``scope`` as it stands after its corrections and void."""
        recorded = self.get_expenditure(expenditure_id, scope)
        if recorded is None:
            return None
        stmt = select(ExpenditureChange).where(ExpenditureChange.expenditure_id == recorded.id)
        return standing(recorded, self.session.scalars(stmt).all())

    def one_off_grant(self, designation_id: int) -> Grant | None:
        stmt = select(Grant).where(
            Grant.designation_id == designation_id,
            Grant.kind == GrantKind.ONE_OFF,
            Grant.voided_on.is_(None),
        )
        return self.session.scalars(stmt).first()

    def grant_by_approval_ref(self, approval_ref: str) -> Grant | None:
        stmt = select(Grant).where(Grant.approval_ref == approval_ref).limit(1)
        return self.session.scalars(stmt).first()

    def grant_for_achievement(self, achievement_id: int) -> Grant | None:
        """Voided or not: one grant per achievement, ever [Y15]."""
        stmt = select(Grant).where(Grant.achievement_id == achievement_id)
        return self.session.scalars(stmt).first()

    def get_application(self, application_id: int, scope: Scope) -> ExcellenceApplication | None:
        stmt = select(ExcellenceApplication).where(
            ExcellenceApplication.id == application_id,
            ExcellenceApplication.designation_id.in_(in_scope(scope)),
        )
        return self.session.scalars(stmt).one_or_none()

    def application_for_achievement(self, achievement_id: int) -> ExcellenceApplication | None:
        stmt = select(ExcellenceApplication).where(
            ExcellenceApplication.achievement_id == achievement_id
        )
        return self.session.scalars(stmt).first()

    def applications_of(self, designation_id: int) -> Sequence[ExcellenceApplication]:
        return self.session.scalars(_applications(designation_id)).all()

    def applications_page(
        self, designation_id: int, window: Window
    ) -> Listing[ExcellenceApplication]:
        """A page of the designation's excellence applications by filing date, and how many."""
        return windowed(self.session, _applications(designation_id), window)

    def get_finding(self, finding_id: int, scope: Scope) -> AuditFinding | None:
        stmt = select(AuditFinding).where(
            AuditFinding.id == finding_id, AuditFinding.designation_id.in_(in_scope(scope))
        )
        return self.session.scalars(stmt).one_or_none()

    def open_recurrence(self, finding: AuditFinding) -> int | None:
        """The open later occurrence of a finding's key, if the audit stored one (reopened)."""
        f = AuditFinding
        stmt = select(f.id).where(
            f.designation_id == finding.designation_id,
            f.key == finding.key,
            f.occurrence > finding.occurrence,
            ~exists().where(FindingResolution.finding_id == f.id),
        )
        return self.session.scalars(stmt.order_by(f.occurrence.desc()).limit(1)).first()

    def resolution_of(self, finding_id: int) -> FindingResolution | None:
        stmt = select(FindingResolution).where(FindingResolution.finding_id == finding_id)
        return self.session.scalars(stmt).one_or_none()

    def designations_under(self, scope: Scope) -> list[tuple[int, str, str | None, str]]:
        """(id, title, number, scheme code) of every designation in ``scope``, by id."""
        stmt = (
            select(Designation.id, Designation.title, Designation.number, Designation.scheme_code)
            .where(Designation.id.in_(in_scope(scope)))
            .order_by(Designation.id)
        )
        return [
            (did, title, number, code) for did, title, number, code in self.session.execute(stmt)
        ]

    def founding_dates(self, designation_ids: Collection[int]) -> dict[int, date]:
        """Each designation's workshop founding date: nothing was spent before it [Y10]."""
        found: dict[int, date] = {}
        for chunk in batches(designation_ids):
            stmt = (
                select(Designation.id, Workshop.founded_on)
                .join(Workshop, Workshop.id == Designation.workshop_id)
                .where(Designation.id.in_(chunk))
            )
            found.update((did, founded) for did, founded in self.session.execute(stmt))
        return found

    # --- one designation ----------------------------------------------------------------------

    def grants_of(self, designation_id: int) -> Sequence[Grant]:
        return self.session.scalars(_grants(designation_id)).all()

    def grants_page(self, designation_id: int, window: Window) -> Listing[Grant]:
        """A page of the designation's grants by payment date, and how many it has."""
        return windowed(self.session, _grants(designation_id), window)

    def expenditures_of(self, designation_id: int) -> list[StandingExpenditure]:
        """Every expenditure recorded for the designation as it stands (voided ones too), by
        the date first recorded."""
        stmt = (
            select(Expenditure)
            .where(Expenditure.designation_id == designation_id)
            .order_by(Expenditure.spent_on, Expenditure.id)
        )
        changes = select(ExpenditureChange).join(
            Expenditure, Expenditure.id == ExpenditureChange.expenditure_id
        )
        return standing_all(
            self.session.scalars(stmt).all(),
            self.session.scalars(changes.where(Expenditure.designation_id == designation_id)),
        )

    def expenditures_page(
        self, designation_id: int, window: Window
    ) -> Listing[StandingExpenditure]:
        """A page of the designation's expenditures as they stand (voided ones too), in the
        order of ``expenditures_of``, and how many it has; the changes read for the page only."""
        stmt = (
            select(Expenditure)
            .where(Expenditure.designation_id == designation_id)
            .order_by(Expenditure.spent_on, Expenditure.id)
        )
        page = windowed(self.session, stmt, window)
        ids = [e.id for e in page.items]
        changes = select(ExpenditureChange).where(ExpenditureChange.expenditure_id.in_(ids))
        return Listing(standing_all(page.items, self.session.scalars(changes)), page.total)

    def findings_of(
        self, designation_id: int
    ) -> Sequence[tuple[AuditFinding, FindingResolution | None]]:
        """Stored findings with their resolution (if any), by date."""
        return [(f, r) for f, r in self.session.execute(_findings(designation_id))]

    def finding_kinds(self, ids: Collection[int]) -> dict[int, str]:
        """The kind of each of the findings ``ids`` (a reminder's 办理要求 follows it)."""
        if not ids:
            return {}
        stmt = select(AuditFinding.id, AuditFinding.kind).where(AuditFinding.id.in_(ids))
        return {i: str(kind) for i, kind in self.session.execute(stmt)}

    def findings_page(
        self, designation_id: int, window: Window
    ) -> Listing[tuple[AuditFinding, FindingResolution | None]]:
        """A page of the stored findings with their resolution, by date, and how many."""
        return windowed_rows(self.session, _findings(designation_id), window)

    # --- the audit's facts, a batch of designations at a time -----------------------------

    def designation_ids(self, scope: Scope, *, after_id: int, limit: int) -> list[int]:
        """The next ``limit`` designation ids after ``after_id`` in ``scope``, by id (no join to
        the union tree when the scope is everything)."""
        stmt = select(Designation.id).where(Designation.id > after_id)
        if scope.path_prefix is not None:
            stmt = (
                stmt.join(Workshop, Workshop.id == Designation.workshop_id)
                .join(Union, Union.id == Workshop.unit_union_id)
                .where(scope.clause(Union.path))
            )
        return list(self.session.scalars(stmt.order_by(Designation.id).limit(limit)))

    def team_titles(self, designation_id: int) -> list[int]:
        """The designation and the other titles of its team (workshop), by id."""
        team = select(Designation.workshop_id).where(Designation.id == designation_id)
        stmt = select(Designation.id).where(Designation.workshop_id.in_(team))
        return list(self.session.scalars(stmt.order_by(Designation.id)))

    def funding_facts(self, scope: Scope, first_id: int, last_id: int) -> list[FundingFacts]:
        """The designations in ``scope`` with ids from ``first_id`` to ``last_id``, each with
        every grant (voided ones too) and expenditure, as plain facts.

        Plain rows on the connection (no ORM loading), a range of ids rather than a list of them
        (no thousands of bound parameters); enums come back as their stored text and are looked
        up once per row (a full audit reads 1.5 M expenditures)."""
        conn = self.session.connection()
        d, g, e = Designation, Grant, Expenditure
        grants: dict[int, list[GrantFact]] = defaultdict(list)
        for did, gid, kind, fen, approved, paid, voided in conn.execute(
            select(
                g.designation_id, g.id, _text(g.kind), g.amount_fen, g.approved_on, g.paid_on,
                g.voided_on,
            ).where(_in_range(g.designation_id, scope, first_id, last_id))
        ).all():  # fmt: skip
            grants[did].append(GrantFact(gid, _KINDS[kind], fen, approved, paid, voided))
        spent: dict[int, list[ExpenditureFact]] = defaultdict(list)
        for did, eid, spent_on, fen, category, ref in conn.execute(
            select(
                e.designation_id, e.id, e.spent_on, e.amount_fen, _text(e.category), e.receipt_ref
            ).where(_in_range(e.designation_id, scope, first_id, last_id))
        ).all():
            spent[did].append(ExpenditureFact(eid, spent_on, fen, _CATEGORIES[category], ref))
        in_range = _in_range(e.designation_id, scope, first_id, last_id)
        latest = latest_changes(change_facts(conn, in_range))
        if latest:
            for did, recorded in spent.items():
                spent[did] = standing_facts(recorded, latest)
        batch = _in_range(d.id, scope, first_id, last_id)
        team = team_receipts(conn, batch, first_id, last_id, spent)
        refunds = refund_facts(
            conn, _in_range(FundingRefund.designation_id, scope, first_id, last_id)
        )
        heads = select(d.id, d.scheme_code, _text(d.status), d.naming_date, d.ended_on).where(
            _in_range(d.id, scope, first_id, last_id)
        )
        return [
            FundingFacts(
                did, code, _STATUSES[status], named, ended, tuple(grants[did]), tuple(spent[did]),
                team.get(did, ()), tuple(refunds.get(did, ())),
            )
            for did, code, status, named, ended in conn.execute(heads.order_by(d.id)).all()
        ]  # fmt: skip

    def finding_keys(
        self, scope: Scope, first_id: int, last_id: int
    ) -> dict[tuple[int, str], StoredFinding]:
        """(designation, key) of every stored finding of the designations in ``scope`` with ids
        from ``first_id`` to ``last_id``: its last occurrence and how that one was closed, if it
        was (the audit decides what follows from it)."""
        f, r = AuditFinding, FindingResolution
        stmt = select(
            f.designation_id, f.key, f.id, f.found_on, f.occurrence, r.resolved_on, r.by_audit,
            f.id.in_(voided_refund_findings()),
        ).outerjoin(r, r.finding_id == f.id)  # fmt: skip
        last: dict[tuple[int, str], StoredFinding] = {}
        for did, key, fid, found_on, occurrence, resolved_on, by_audit, voided in (
            self.session.connection()
            .execute(stmt.where(_in_range(f.designation_id, scope, first_id, last_id)))
            .all()
        ):
            seen = last.get((did, key))
            if seen is None or occurrence > seen.occurrence:
                last[did, key] = StoredFinding(
                    fid, found_on, occurrence, resolved_on, bool(by_audit), bool(voided)
                )
        return last

    def insert_findings(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Many new findings, every column given (a full audit stores 100,000s): COPY on
        PostgreSQL (``insert_rows``)."""
        insert_rows(self.session, _FINDINGS, rows)

    def insert_resolutions(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Many resolutions at once (the audit closing findings that no longer hold)."""
        if rows:
            self.session.connection().execute(insert(FindingResolution), list(rows))

    # --- occasions --------------------------------------------------------------------------

    def matching_facts(self, designation_ids: Collection[int]) -> dict[int, MatchingFact]:
        """Per designation with a paid one-off grant: its date, amount and matching paid [S10].

        Voided grants count for nothing."""
        found: dict[int, MatchingFact] = {}
        for ids in batches(designation_ids):
            matched = (
                select(Grant.designation_id, func.sum(Grant.amount_fen).label("fen"))
                .where(
                    Grant.designation_id.in_(ids),
                    Grant.kind == GrantKind.MATCHING,
                    Grant.paid_on.is_not(None),
                    Grant.voided_on.is_(None),
                )
                .group_by(Grant.designation_id)
                .subquery()
            )
            stmt = (
                select(
                    Grant.designation_id,
                    Grant.paid_on,
                    Grant.amount_fen,
                    matched.c.fen,
                    Grant.paid_recorded_on,
                )
                .outerjoin(matched, matched.c.designation_id == Grant.designation_id)
                .where(
                    Grant.designation_id.in_(ids),
                    Grant.kind == GrantKind.ONE_OFF,
                    Grant.paid_on.is_not(None),
                    Grant.voided_on.is_(None),
                )
            )
            for did, paid_on, amount, fen, known in self.session.execute(stmt):
                found[did] = MatchingFact(paid_on, amount, int(fen or 0), known)
        return found

    def open_finding_facts(self, designation_ids: Collection[int]) -> dict[int, list[FindingFact]]:
        """Per designation, its unresolved findings as the occasions see them [Y16][S10]."""
        self.session.flush()
        return open_finding_facts(self.session.connection(), designation_ids)

    def open_findings(self, scope: Scope, *, limit: int = 1000) -> Sequence[AuditFinding]:
        """Unresolved findings in ``scope``, oldest first."""
        stmt = (
            select(AuditFinding)
            .where(*_unresolved_in(scope))
            .order_by(AuditFinding.occurred_on, AuditFinding.id)
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def open_finding_count(self, scope: Scope) -> int:
        """How many findings in ``scope`` are unresolved (as many as ``open_findings`` lists)."""
        stmt = select(func.count(AuditFinding.id)).where(*_unresolved_in(scope))
        return int(self.session.scalar(stmt) or 0)

    def grant_payers(self, grant_ids: Collection[int]) -> dict[int, int]:
        """The paying union id per grant."""
        found: dict[int, int] = {}
        for ids in batches(grant_ids):
            stmt = select(Grant.id, Grant.paying_union_id).where(Grant.id.in_(ids))
            found.update((gid, payer) for gid, payer in self.session.execute(stmt))
        return found

    def designation_labels(self, designation_ids: Collection[int]) -> dict[int, tuple[str, str]]:
        """(title, number) per designation, for summaries."""
        found: dict[int, tuple[str, str]] = {}
        for ids in batches(designation_ids):
            stmt = select(Designation.id, Designation.title, Designation.number).where(
                Designation.id.in_(ids)
            )
            for did, title, number in self.session.execute(stmt):
                found[did] = (title, number or "")
        return found


def _grants(designation_id: int) -> Select[Grant]:
    """The designation's grants by payment date (then approval, then id)."""
    return (
        select(Grant)
        .where(Grant.designation_id == designation_id)
        .order_by(Grant.paid_on, Grant.approved_on, Grant.id)
    )


def _applications(designation_id: int) -> Select[ExcellenceApplication]:
    """The designation's excellence applications by filing date."""
    return (
        select(ExcellenceApplication)
        .where(ExcellenceApplication.designation_id == designation_id)
        .order_by(ExcellenceApplication.filed_on, ExcellenceApplication.id)
    )


def _findings(designation_id: int) -> Select[AuditFinding, FindingResolution]:
    """The designation's stored findings with their resolution (if any), by date."""
    return (
        select(AuditFinding, FindingResolution)
        .outerjoin(FindingResolution, FindingResolution.finding_id == AuditFinding.id)
        .where(AuditFinding.designation_id == designation_id)
        .order_by(AuditFinding.occurred_on, AuditFinding.id)
    )


def _unresolved_in(scope: Scope) -> tuple[Any, ...]:
    """The findings of titles in ``scope`` that no resolution answers."""
    return (
        AuditFinding.designation_id.in_(in_scope(scope)),
        ~exists().where(and_(FindingResolution.finding_id == AuditFinding.id)),
    )
