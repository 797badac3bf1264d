"""The queries of the 专款专用 audit: designations in id batches and the facts the rules need.

The audit reads a million expenditures; only the few a rule can find something on leave the
database (``screened``). Every query is Core on the session's connection (no ORM objects) and
bounded by one batch: an id range within the caller's scope. Each batch's reads depend on nothing
but the batch, so on PostgreSQL they go out in one pipeline with the previous batch's findings
(``AuditRepository.pipeline``): the server reads and writes while Python runs the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, cast

from sqlalchemy import Select, Table, func, insert, or_, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.funding.audit_queries import (
    SPAN_FIRST,
    SPAN_LAST,
    AuditCriteria,
    BatchQuery,
    Span,
    batch_queries,
)
from lifecycle.funding.model import AuditFinding
from lifecycle.funding.rules import ExpenditureFact, FundingFacts, GrantFact
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import DesignationStatus
from lifecycle.workshops.model import Workshop

_GRANT_KINDS = {k.value: k for k in GrantKind}
_FINDINGS = cast(Table, AuditFinding.__table__)
_DESIGNATIONS = cast(Table, Designation.__table__)


class AuditBatch(NamedTuple):
    """Designations ``first_id`` … ``last_id`` (by id), those in ``scope``."""

    first_id: int
    last_id: int
    scope: Scope


class BatchFacts(NamedTuple):
    """One batch as the audit reads it (rows as read; facts made only for those judged)."""

    rows: Sequence[Any]  # (id, scheme_code, status, naming_date, ended_on) of those with money
    expenditures: dict[int, list[ExpenditureFact]]  # the screened ones, by designation
    grant_suspects: set[int]
    grants: dict[int, list[Any]]  # (designation_id, id, kind, amount, approved, paid) by as_of
    keys: set[tuple[int, str]]  # (designation_id, key) of the findings stored already

    def judged(self) -> Iterator[FundingFacts]:
        """The facts of each designation SQL screened in, by id."""
        wanted = self.grant_suspects | self.expenditures.keys()
        for did, scheme_code, status, naming_date, ended_on in self.rows:
            if did not in wanted:
                continue
            yield FundingFacts(
                designation_id=did,
                scheme_code=scheme_code,
                status=DesignationStatus(status),
                naming_date=naming_date,
                ended_on=ended_on,
                grants=tuple(
                    GrantFact(gid, _GRANT_KINDS[kind], amount, approved_on, paid_on)
                    for _, gid, kind, amount, approved_on, paid_on in self.grants.get(did, ())
                ),
                expenditures=tuple(self.expenditures.get(did, ())),
            )


class _Compiled(NamedTuple):
    """A batch query compiled once for the driver (PostgreSQL pipelines)."""

    sql: str
    fixed: dict[str, Any]  # every parameter but the id range, through its bind processor
    parse: Callable[[Sequence[Any]], Any]

    def params(self, batch: AuditBatch) -> dict[str, Any]:
        return {**self.fixed, "first_id": batch.first_id, "last_id": batch.last_id}


class AuditRepository:
    """Reads and writes of the audit, batch by batch."""

    def __init__(
        self, session: Session, scope: Scope, criteria: AuditCriteria | None = None
    ) -> None:
        self.session = session
        self.scope = scope
        self.criteria = criteria
        self._reads: list[BatchQuery] | None = None
        self._compiled: list[_Compiled] | None = None

    def _rows(self, stmt: Select[Any]) -> Sequence[Any]:
        """Core rows on the session's connection (no ORM layer)."""
        return self.session.connection().execute(stmt).all()

    # --- which designations ---------------------------------------------------------------------

    def batches(self, *, batch_size: int = 2000) -> list[AuditBatch]:
        """The designations in this repository's scope as id ranges of ``batch_size`` (one
        query: every ``batch_size``-th id and the last)."""
        self._plan_for_small_batches()
        scope = self.scope
        d = _DESIGNATIONS.c
        scoped: Any = _DESIGNATIONS
        if scope.path_prefix is not None:
            scoped = scoped.join(Workshop, Workshop.id == d.workshop_id).join(
                Union, Union.id == Workshop.unit_union_id
            )
        nth = func.row_number().over(order_by=d.id)
        ranked = (
            select(d.id, nth.label("nth"), func.count().over().label("total"))
            .select_from(scoped)
            .where(scope.clause(Union.path))
            .subquery()
        )
        stmt = (
            select(ranked.c.id)
            .where(or_(ranked.c.nth % batch_size == 0, ranked.c.nth == ranked.c.total))
            .order_by(ranked.c.id)
        )
        batches: list[AuditBatch] = []
        after = 0
        for (last,) in self._rows(stmt):
            batches.append(AuditBatch(after + 1, last, scope))
            after = last
        return batches

    def _plan_for_small_batches(self) -> None:
        """PostgreSQL, for this transaction: no JIT (compiling each batch's plan costs more than
        running it). Each batch query is planned for its own id range anyway: it goes out
        unprepared (``pipeline``). The server's own cached plans, such as the foreign key checks
        of every finding inserted, stay cached: forcing custom plans session-wide made each
        of those checks plan again, half the server's time."""
        conn = self.session.connection()
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL jit = off")

    def batch_of(self, designation_id: int) -> AuditBatch | None:
        """The one designation as a batch (audited right after its money changed)."""
        found = self.session.execute(
            select(_DESIGNATIONS.c.id).where(_DESIGNATIONS.c.id == designation_id)
        ).first()
        if found is None:
            return None
        return AuditBatch(designation_id, designation_id, EVERYTHING)

    # --- the reads of a batch -------------------------------------------------------------------

    def _batch_reads(self) -> list[BatchQuery]:
        """The batch queries of this run (its scope and criteria), built once."""
        if self._reads is None:
            assert self.criteria is not None, "an audit repository for reads needs criteria"
            self._reads = batch_queries(Span(SPAN_FIRST, SPAN_LAST, self.scope), self.criteria)
        return self._reads

    def _compiled_reads(self, dialect: Dialect) -> list[_Compiled]:
        """The batch queries compiled once for the driver, with their bind processors."""
        if self._compiled is None:
            self._compiled = [_compile(r, dialect) for r in self._batch_reads()]
        return self._compiled

    def read(self, batch: AuditBatch) -> BatchFacts:
        """Everything the audit reads of one batch (in this repository's scope), in turn."""
        assert batch.scope == self.scope
        conn = self.session.connection()
        bounds = {"first_id": batch.first_id, "last_id": batch.last_id}
        return BatchFacts(
            *(r.parse(conn.execute(r.stmt, bounds).all()) for r in self._batch_reads())
        )

    @contextmanager
    def pipeline(
        self, rows: Sequence[dict[str, Any]], ahead: AuditBatch | None
    ) -> Iterator[Callable[[], BatchFacts | None]]:
        """Insert ``rows`` (new findings) and read the batch ``ahead`` while the block runs.

        PostgreSQL: both go out in pipeline mode before the block and the server works through
        them while Python runs in it; elsewhere they run before the block. No other query may
        run in the block. Yields the reader of ``ahead``'s facts, ready after the block (its
        results are in by then: it may be called in the next pipeline's block).
        """
        conn = self.session.connection()
        if conn.dialect.name != "postgresql":
            self.insert_findings(rows)
            facts = None if ahead is None else self.read(ahead)
            yield lambda: facts
            return
        raw = conn.connection.driver_connection
        assert raw is not None
        sent: list[tuple[Any, _Compiled]] = []
        with raw.pipeline(), raw.cursor() as writer:
            if rows:
                writer.execute(*_unnest_insert(rows, conn.dialect))
            if ahead is not None:
                assert ahead.scope == self.scope
                for r in self._compiled_reads(conn.dialect):
                    cursor = raw.cursor()
                    cursor.execute(r.sql, r.params(ahead), prepare=False)
                    sent.append((cursor, r))
            yield (
                lambda: (
                    BatchFacts(*(r.parse(cursor.fetchall()) for cursor, r in sent))
                    if sent
                    else None
                )
            )

    # --- the findings ---------------------------------------------------------------------------

    def insert_findings(self, rows: Sequence[dict[str, Any]]) -> None:
        """Bulk insert of new findings, their values through the columns' bind processors."""
        if not rows:
            return
        conn = self.session.connection()
        dialect = conn.dialect
        if dialect.name == "postgresql":
            with self.pipeline(rows, None):
                return
        if dialect.name != "sqlite":
            conn.execute(insert(_FINDINGS), list(rows))
            return
        names, columns = _columns(rows, dialect)
        quoted = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" * len(names))
        sql = f"INSERT INTO {_FINDINGS.name} ({quoted}) VALUES ({marks})"  # noqa: S608
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.executemany(sql, list(zip(*columns, strict=True)))


# --- statements sent past SQLAlchemy --------------------------------------------------------------


def _compile(read: BatchQuery, dialect: Dialect) -> _Compiled:
    """The query's SQL for the driver and its parameters but the id range, processed once."""
    compiled = read.stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    fixed = dict(compiled.construct_params())
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if name in ("first_id", "last_id") or process is None:
            continue
        if name not in fixed:  # an expanded list: its items are not one value
            raise ValueError(f"no bind processing for the expanded parameter {name!r}")
        fixed[name] = process(fixed[name])
    return _Compiled(str(compiled), fixed, read.parse)


def _columns(rows: Sequence[dict[str, Any]], dialect: Dialect) -> tuple[list[str], list[list[Any]]]:
    """The rows' values column by column, through the columns' own bind processors (JSON, UTC
    timestamps, dates, enums), so the rows stored are exactly what a Core insert would store."""
    names = list(rows[0])
    columns = [[row[n] for row in rows] for n in names]
    for i, n in enumerate(names):
        convert = _once_per_value(_FINDINGS.c[n].type, dialect)
        if convert is not None:
            columns[i] = [convert(v) for v in columns[i]]
    return names, columns


def _unnest_insert(rows: Sequence[dict[str, Any]], dialect: Dialect) -> tuple[str, list[Any]]:
    """One ``INSERT … SELECT FROM unnest(arrays)`` of the rows (PostgreSQL, binary arrays)."""
    names, columns = _columns(rows, dialect)
    quoted = ", ".join(f'"{n}"' for n in names)
    arrays = ", ".join(f"%b::{_FINDINGS.c[n].type.compile(dialect=dialect)}[]" for n in names)
    return f"INSERT INTO {_FINDINGS.name} ({quoted}) SELECT * FROM unnest({arrays})", columns  # noqa: S608


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
