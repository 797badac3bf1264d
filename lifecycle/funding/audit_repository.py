"""The queries of the 专款专用 audit: designations in id batches and the facts the rules need.

The audit reads a million expenditures; only the few a rule can find something on leave the
database (``AuditRepository.screened_expenditure_facts``). Every query is Core on the session's
connection (no ORM objects) and bounded by one batch: an id range within the caller's scope.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    and_,
    any_,
    case,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.model import AuditFinding, Expenditure, Grant
from lifecycle.funding.rules import NEVER_NAMED, ExpenditureFact, GrantFact
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import DesignationStatus
from lifecycle.workshops.model import Workshop

_GRANT_KINDS = {k.value: k for k in GrantKind}
_CATEGORIES = {c.value: c for c in ExpenditureCategory}

_GRANTS = cast(Table, Grant.__table__)
_EXPENDITURES = cast(Table, Expenditure.__table__)
_FINDINGS = cast(Table, AuditFinding.__table__)
_DESIGNATIONS = cast(Table, Designation.__table__)


class AuditRow(NamedTuple):
    """The lifecycle columns of a designation the audit needs."""

    id: int
    scheme_code: str
    status: DesignationStatus
    naming_date: date | None
    ended_on: date | None


class AuditBatch(NamedTuple):
    """Designations ``first_id`` … ``last_id`` (by id) with money, all in ``scope``."""

    first_id: int
    last_id: int
    scope: Scope
    ids: list[int]


def _in_scope(scope: Scope) -> Select[int]:
    """Designation ids whose workshop's unit union lies in ``scope``."""
    return (
        select(Designation.id)
        .join(Workshop, Workshop.id == Designation.workshop_id)
        .join(Union, Union.id == Workshop.unit_union_id)
        .where(scope.clause(Union.path))
    )


def _within(column: Any, batch: AuditBatch) -> ColumnElement[bool]:
    """Rows of the batch's designations: an id range (an index range scan), within its scope."""
    in_range = column.between(batch.first_id, batch.last_id)
    if batch.scope.path_prefix is None:
        return cast(ColumnElement[bool], in_range)
    ids = _in_scope(batch.scope).where(Designation.id.between(batch.first_id, batch.last_id))
    return and_(in_range, column.in_(ids))


class AuditRepository:
    """Reads and writes of the audit, batch by batch."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _among(self, column: Any, ids: Sequence[int]) -> ColumnElement[bool]:
        """``column`` is one of ``ids`` (up to a batch): one array parameter on PostgreSQL, whose
        planner and driver handle it far faster than thousands of IN parameters."""
        if self.session.get_bind().dialect.name == "postgresql":
            return cast(ColumnElement[bool], column == any_(literal(list(ids), ARRAY(Integer))))
        return cast(ColumnElement[bool], column.in_(ids))

    def _rows(self, stmt: Select[Any]) -> Sequence[Any]:
        """Core rows on the session's connection (no ORM layer)."""
        return self.session.connection().execute(stmt).all()

    # --- which designations ---------------------------------------------------------------------

    def batches(self, scope: Scope = EVERYTHING, *, batch_size: int = 2000) -> Iterator[AuditBatch]:
        """Designations in ``scope`` with any grant or expenditure, by id.

        Keyset pagination over the designations in scope, ``batch_size`` at a time; within each
        id range only those with money (range-bounded subqueries: no scan of all the money).
        """
        self._plan_for_small_batches()
        d, g, e = _DESIGNATIONS.c, _GRANTS.c, _EXPENDITURES.c
        scoped: Any = _DESIGNATIONS
        if scope.path_prefix is not None:
            scoped = scoped.join(Workshop, Workshop.id == d.workshop_id).join(
                Union, Union.id == Workshop.unit_union_id
            )
        after = 0
        while True:
            ids = select(d.id).select_from(scoped).where(scope.clause(Union.path), d.id > after)
            last = self.session.execute(
                ids.order_by(d.id).offset(batch_size - 1).limit(1)
            ).scalar_one_or_none()
            below = [] if last is None else [d.id <= last]
            spent = select(e.designation_id).where(e.designation_id > after)
            granted = select(g.designation_id).where(g.designation_id > after)
            if last is not None:
                spent = spent.where(e.designation_id <= last)
                granted = granted.where(g.designation_id <= last)
            stmt = (
                select(d.id)
                .select_from(scoped)
                .where(scope.clause(Union.path), d.id > after, *below)
                .where(or_(d.id.in_(granted), d.id.in_(spent)))
                .order_by(d.id)
            )
            found = [did for (did,) in self._rows(stmt)]
            if found:
                yield AuditBatch(found[0], found[-1], scope, found)
            if last is None:
                return
            after = last

    def _plan_for_small_batches(self) -> None:
        """PostgreSQL, for this transaction: no JIT (compiling each batch's plan costs more than
        running it) and a plan for each batch's own id range and ids, never a generic plan of
        the driver's prepared statement (which cannot know how few rows a range holds)."""
        conn = self.session.connection()
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL jit = off")
            conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")

    def batch_of(self, designation_id: int) -> AuditBatch | None:
        """The one designation as a batch (audited right after its money changed)."""
        found = self.session.execute(
            select(_DESIGNATIONS.c.id).where(_DESIGNATIONS.c.id == designation_id)
        ).first()
        if found is None:
            return None
        return AuditBatch(designation_id, designation_id, EVERYTHING, [designation_id])

    def rows(self, designation_ids: Sequence[int]) -> list[AuditRow]:
        """The lifecycle columns of these designations (at most a batch of them)."""
        d = _DESIGNATIONS.c
        stmt = (
            select(d.id, d.scheme_code, d.status, d.naming_date, d.ended_on)
            .where(self._among(d.id, designation_ids))
            .order_by(d.id)
        )
        return [AuditRow(*row) for row in self._rows(stmt)]

    # --- the facts ------------------------------------------------------------------------------

    def grant_facts(
        self, designation_ids: Sequence[int], *, as_of: date
    ) -> dict[int, list[GrantFact]]:
        """Grants approved by ``as_of`` (the audit judges no other), per designation."""
        g = _GRANTS.c
        stmt = select(
            g.designation_id,
            g.id,
            type_coerce(g.kind, String),
            g.amount_fen,
            g.approved_on,
            g.paid_on,
        ).where(self._among(g.designation_id, designation_ids), g.approved_on <= as_of)
        found: dict[int, list[GrantFact]] = {}
        for did, gid, kind, amount, approved_on, paid_on in self._rows(stmt):
            fact = GrantFact(gid, _GRANT_KINDS[kind], amount, approved_on, paid_on)
            found.setdefault(did, []).append(fact)
        return found

    def grant_suspects(
        self, batch: AuditBatch, *, as_of: date, matching: Mapping[str, tuple[int, int]]
    ) -> set[int]:
        """Designations of the batch with a one-off grant (approved by ``as_of``) on which
        ``rules._ineligible_grants`` or ``rules._matching`` can find something [Y14][S10].

        Ineligible: the title was never named, or the grant was approved before naming or after
        the title ended. Matching: the scheme has a ratio ``num / den`` (``matching``, by scheme
        code), the grant is paid and the matching paid by ``as_of`` is below ratio × grant
        (``matched < ceil(ratio × grant)`` is ``matched × den < grant × num`` in integers).
        """
        g, d = _GRANTS.c, _DESIGNATIONS.c
        suspect = [
            d.status.in_(sorted(NEVER_NAMED)),
            d.naming_date.is_(None),
            g.approved_on < d.naming_date,
            and_(d.ended_on.is_not(None), g.approved_on > d.ended_on),
        ]
        if matching:
            m = _GRANTS.alias("paid_matching").c
            matched = (
                select(func.coalesce(func.sum(m.amount_fen), 0))
                .where(
                    m.designation_id == g.designation_id,
                    m.kind == GrantKind.MATCHING,
                    m.approved_on <= as_of,
                    m.paid_on <= as_of,
                )
                .scalar_subquery()
            )
            num = case({code: r[0] for code, r in matching.items()}, value=d.scheme_code)
            den = case({code: r[1] for code, r in matching.items()}, value=d.scheme_code)
            suspect.append(
                and_(
                    d.scheme_code.in_(sorted(matching)),
                    g.paid_on.is_not(None),
                    matched * den < g.amount_fen * num,
                )
            )
        stmt = (
            select(g.designation_id)
            .join_from(_GRANTS, _DESIGNATIONS, d.id == g.designation_id)
            .where(
                _within(g.designation_id, batch),
                d.id.between(batch.first_id, batch.last_id),
                g.kind == GrantKind.ONE_OFF,
                g.approved_on <= as_of,
                or_(*suspect),
            )
        )
        return {did for (did,) in self._rows(stmt)}

    def screened_expenditure_facts(
        self, batch: AuditBatch, *, as_of: date, forbidden: Collection[str]
    ) -> dict[int, list[ExpenditureFact]]:
        """The expenditures by ``as_of`` that the audit rules can find something on [Y16].

        Kept: a category in ``forbidden``; dated after the title ended; no receipt reference;
        and every expenditure of a designation that uses a receipt reference more than once or
        whose running balance goes below zero. What is left out yields no finding and changes
        none: with its whole list where references repeat or the balance dips, a designation's
        findings are the same as over all of its expenditures (receipt references are stored
        stripped, so ``TRIM`` and ``str.strip`` agree).
        """
        e, d = _EXPENDITURES.c, _DESIGNATIONS.c
        mine = and_(_within(e.designation_id, batch), e.spent_on <= as_of)
        whole = self._whole_ledgers(batch, as_of)
        kept = [
            type_coerce(e.category, String).in_(sorted(forbidden)),
            and_(d.ended_on.is_not(None), e.spent_on > d.ended_on),
            e.receipt_ref.is_(None),
            func.trim(e.receipt_ref) == "",
        ]
        if whole:
            kept.append(self._among(e.designation_id, whole))
        stmt = (
            select(
                e.designation_id,
                e.id,
                e.spent_on,
                e.amount_fen,
                type_coerce(e.category, String),
                e.receipt_ref,
            )
            .join_from(_EXPENDITURES, _DESIGNATIONS, d.id == e.designation_id)
            .where(mine, d.id.between(batch.first_id, batch.last_id), or_(*kept))
        )
        found: dict[int, list[ExpenditureFact]] = {}
        for did, eid, spent_on, amount, category, receipt_ref in self._rows(stmt):
            fact = ExpenditureFact(eid, spent_on, amount, _CATEGORIES[category], receipt_ref)
            found.setdefault(did, []).append(fact)
        return found

    def _whole_ledgers(self, batch: AuditBatch, as_of: date) -> list[int]:
        """Designations of the batch whose every expenditure the rules must see: those reusing a
        receipt reference, and those whose running balance goes below zero.

        One pass per designation (first spending day, total spent, references used and distinct)
        gives the reusers and the cheap test of ``rules._overspent``'s fast path (funds paid by
        the first spending day cover all spending); the running balance decides the rest.
        """
        e, g = _EXPENDITURES.c, _GRANTS.c
        ref = func.nullif(func.trim(e.receipt_ref), "")
        spend = (
            select(
                e.designation_id,
                func.min(e.spent_on).label("first_on"),
                func.sum(e.amount_fen).label("total"),
                (func.count(ref) - func.count(ref.distinct())).label("reused"),
            )
            .where(_within(e.designation_id, batch), e.spent_on <= as_of)
            .group_by(e.designation_id)
            .subquery()
        )
        early = (
            select(func.coalesce(func.sum(g.amount_fen), 0))
            .where(
                g.designation_id == spend.c.designation_id,
                g.approved_on <= as_of,
                g.paid_on <= spend.c.first_on,
            )
            .scalar_subquery()
        )
        short = spend.c.total > early
        stmt = select(spend.c.designation_id, spend.c.reused > 0, short).where(
            or_(spend.c.reused > 0, short)
        )
        whole: list[int] = []
        maybe: list[int] = []
        for did, reused, may_dip in self._rows(stmt):
            (whole if reused else maybe if may_dip else []).append(did)
        return whole + self._dipping(maybe, as_of)

    def _dipping(self, designation_ids: list[int], as_of: date) -> list[int]:
        """Those of ``designation_ids`` whose running balance goes below zero after a spend, as
        ``rules.running_ledger`` keeps it: paid grants approved by ``as_of`` and expenditures by
        ``as_of``, by date, money in before money out on a day."""
        if not designation_ids:
            return []
        e, g = _EXPENDITURES.c, _GRANTS.c
        events = union_all(
            select(
                g.designation_id,
                g.paid_on.label("on_day"),
                literal_column("0").label("side"),
                g.id,
                g.amount_fen.label("delta"),
            ).where(
                self._among(g.designation_id, designation_ids),
                g.approved_on <= as_of,
                g.paid_on.is_not(None),
            ),
            select(
                e.designation_id,
                e.spent_on,
                literal_column("1"),
                e.id,
                -e.amount_fen,
            ).where(self._among(e.designation_id, designation_ids), e.spent_on <= as_of),
        ).subquery()
        balance = func.sum(events.c.delta).over(
            partition_by=events.c.designation_id,
            order_by=(events.c.on_day, events.c.side, events.c.id),
            rows=(None, 0),
        )
        running = select(events.c.designation_id, events.c.side, balance.label("balance"))
        ledger = running.subquery()
        stmt = (
            select(ledger.c.designation_id)
            .where(ledger.c.side == 1, ledger.c.balance < 0)
            .distinct()
        )
        return [did for (did,) in self._rows(stmt)]

    # --- the findings ---------------------------------------------------------------------------

    def finding_keys(self, batch: AuditBatch) -> set[tuple[int, str]]:
        """(designation_id, key) of every stored finding of the batch's designations."""
        f = _FINDINGS.c
        stmt = select(f.designation_id, f.key).where(_within(f.designation_id, batch))
        return {(did, key) for did, key in self._rows(stmt)}

    def insert_findings(self, rows: Sequence[dict[str, Any]]) -> None:
        """Bulk insert of new findings (see ``inserting``), done when this returns."""
        with self.inserting(rows):
            pass

    @contextmanager
    def inserting(self, rows: Sequence[dict[str, Any]]) -> Iterator[None]:
        """Insert new findings while the caller's block runs; stored when the block ends.

        PostgreSQL: one ``INSERT … SELECT FROM unnest(arrays)`` sent in pipeline mode, so the
        server writes (indexes, foreign key checks) while Python works in the block; other
        dialects: the driver's executemany, before the block. No query may run in the block.
        Values go through the columns' own bind processors (JSON, UTC timestamps, dates, enums),
        once per distinct value, so the rows stored are exactly what a Core insert would store.
        """
        if not rows:
            yield
            return
        conn = self.session.connection()
        dialect = conn.dialect
        if dialect.name not in ("postgresql", "sqlite"):
            conn.execute(insert(_FINDINGS), list(rows))
            yield
            return
        names = list(rows[0])
        columns = [[row[n] for row in rows] for n in names]
        for i, n in enumerate(names):
            convert = _once_per_value(_FINDINGS.c[n].type, dialect)
            if convert is not None:
                columns[i] = [convert(v) for v in columns[i]]
        quoted = ", ".join(f'"{n}"' for n in names)
        raw = conn.connection.driver_connection
        assert raw is not None
        if dialect.name == "sqlite":
            marks = ", ".join("?" * len(names))
            sql = f"INSERT INTO {_FINDINGS.name} ({quoted}) VALUES ({marks})"  # noqa: S608
            raw.executemany(sql, list(zip(*columns, strict=True)))
            yield
            return
        arrays = ", ".join(f"%b::{_FINDINGS.c[n].type.compile(dialect=dialect)}[]" for n in names)
        sql = f"INSERT INTO {_FINDINGS.name} ({quoted}) SELECT * FROM unnest({arrays})"  # noqa: S608
        with raw.pipeline(), raw.cursor() as cur:
            cur.execute(sql, columns)
            yield


def _once_per_value(type_: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's bind processor (None: values go as they are), run once per distinct
    value (dates, enums, the run's timestamp repeat across a hundred thousand findings);
    unhashable values (JSON) every time."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    done: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if isinstance(value, dict | list):
            return process(value)
        if value not in done:
            done[value] = process(value)
        return done[value]

    return convert
