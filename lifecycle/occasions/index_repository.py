"""Every query of the materialised occasion index (``lifecycle.occasions.index_model``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    column,
    delete,
    func,
    insert,
    select,
    table,
)
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.occasions.index_model import OccasionEntry, OccasionIndexState
from lifecycle.occasions.index_range import in_subtree
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop

_IDS_PER_QUERY = 5000
_ROWS_PER_INSERT = 5000
_ROWS_PER_FETCH = 10_000

ENTRY_COLUMNS = (
    OccasionEntry.designation_id,
    OccasionEntry.kind,
    OccasionEntry.key,
    OccasionEntry.due_on,
    OccasionEntry.union_id,
    OccasionEntry.title,
    OccasionEntry.link,
    OccasionEntry.subject,
    OccasionEntry.provisional,
    OccasionEntry.standing,
    OccasionEntry.visible_until,
    OccasionEntry.window_days,
)


# The order of the tuples ``add`` takes.
ENTRY_ROW = (
    "designation_id",
    "kind",
    "key",
    "due_on",
    "union_id",
    "scope_path",
    "title",
    "link",
    "subject",
    "provisional",
    "standing",
    "visible_until",
    "window_days",
)


# Positions of the date columns in an entry tuple (SQLite stores dates as ISO text).
_DUE_ON = ENTRY_ROW.index("due_on")
_VISIBLE_UNTIL = ENTRY_ROW.index("visible_until")

# A full build writes here first (``start_build``), then moves the rows in by due date.
_STAGING = "occasion_index_staging"
# Entry indexes a full build drops and makes again on SQLite (``start_build``).
_REBUILT_INDEXES = (
    "ix_occasion_index_designation_id",
    "ix_occasion_index_due",
    "ix_occasion_index_scope_due",
    "ix_occasion_index_union_due",
)


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """An entry as SQLAlchemy stores it in SQLite: ISO dates (booleans are 0/1 already)."""
    values = list(row)
    values[_DUE_ON] = values[_DUE_ON].isoformat()
    until = values[_VISIBLE_UNTIL]
    if until is not None:
        values[_VISIBLE_UNTIL] = until.isoformat()
    return tuple(values)


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), _IDS_PER_QUERY):
        yield unique[start : start + _IDS_PER_QUERY]


class OccasionIndexRepository:
    """Reads and rewrites of the occasion index; scope is a prefix match on the unit's path."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def state(self) -> OccasionIndexState | None:
        """The index's horizon, or None when it was never built."""
        return self.session.get(OccasionIndexState, 1)

    def save_state(self, built_for: date, through: date, now: datetime) -> None:
        """Record a completed build."""
        state = self.state()
        if state is None:
            self.session.add(
                OccasionIndexState(id=1, built_for=built_for, through=through, built_at=now)
            )
        else:
            state.built_for, state.through, state.built_at = built_for, through, now
        self.session.flush()

    def clear(self) -> None:
        """Remove every entry (before a full build)."""
        self.session.execute(delete(OccasionEntry))

    def start_build(self) -> None:
        """Before a full build: remove every entry; ``add(staged=True)`` then fills a staging table.

        ``finish_build`` moves the staged rows in, ordered by due date, so that the daily question
        ("due by the end of next month, or overdue") reads a contiguous stretch of the table
        instead of one page per row. On SQLite the secondary indexes are dropped here and made
        again after the move (sorting millions of keys once beats updating five B-trees row by
        row); PostgreSQL keeps its indexes (dropping one would lock readers out until the
        commit). All of it is one transaction: readers see the old index until the commit, and a
        failed build rolls back whole.
        """
        connection = self.session.connection()
        if connection.dialect.name == "sqlite":
            # Dropped before the delete, which then has fewer B-trees to update.
            for name in _REBUILT_INDEXES:
                connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        self.clear()
        names = ", ".join(ENTRY_ROW)
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_STAGING}")
        connection.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {_STAGING} AS "  # noqa: S608 - fixed names
            f"SELECT {names} FROM occasion_index WHERE 1 = 0"
        )

    def finish_build(self) -> None:
        """Move the staged entries in, by due date, and make the dropped indexes again."""
        connection = self.session.connection()
        names = ", ".join(ENTRY_ROW)
        connection.exec_driver_sql(
            f"INSERT INTO occasion_index ({names}) "  # noqa: S608 - fixed names
            f"SELECT {names} FROM {_STAGING} ORDER BY due_on, scope_path"
        )
        connection.exec_driver_sql(f"DROP TABLE {_STAGING}")
        if connection.dialect.name != "sqlite":
            return
        entries = OccasionEntry.__table__
        assert isinstance(entries, Table)
        for index in entries.indexes:
            if index.name in _REBUILT_INDEXES:
                index.create(connection, checkfirst=True)

    def remove(self, designation_ids: Collection[int]) -> None:
        """Remove the entries of some designations (before rewriting them)."""
        for ids in _chunks(designation_ids):
            self.session.execute(delete(OccasionEntry).where(OccasionEntry.designation_id.in_(ids)))

    def add(self, rows: Iterable[tuple[Any, ...]], *, staged: bool = False) -> int:
        """Insert entries (tuples in ``ENTRY_ROW`` order) in batches; returns how many.

        ``staged``: into the staging table of a full build (``start_build``).
        """
        into = _STAGING if staged else "occasion_index"
        batch: list[tuple[Any, ...]] = []
        count = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= _ROWS_PER_INSERT:
                self._insert(into, batch)
                count += len(batch)
                batch = []
        if batch:
            self._insert(into, batch)
            count += len(batch)
        return count

    def _insert(self, into: str, batch: list[tuple[Any, ...]]) -> None:
        # Straight to the driver (COPY on PostgreSQL): a full build writes millions of rows that
        # are never loaded as objects in this session.
        connection = self.session.connection()
        raw = connection.connection.driver_connection
        assert raw is not None
        names = ", ".join(ENTRY_ROW)
        if connection.dialect.name == "postgresql":
            with raw.cursor() as cur, cur.copy(f"COPY {into} ({names}) FROM STDIN") as cp:
                for row in batch:
                    cp.write_row(row)
            return
        if connection.dialect.name == "sqlite":
            marks = ", ".join("?" * len(ENTRY_ROW))
            raw.executemany(
                f"INSERT INTO {into} ({names}) VALUES ({marks})",  # noqa: S608 - fixed names
                [_sqlite_row(row) for row in batch],
            )
            return
        target = table(into, *(column(name) for name in ENTRY_ROW))
        values = [dict(zip(ENTRY_ROW, row, strict=True)) for row in batch]
        connection.execute(insert(target), values)

    def union_paths(self, union_ids: Collection[int]) -> dict[int, str]:
        """The path of each union (for the scope column of the entries)."""
        found: dict[int, str] = {}
        for ids in _chunks(union_ids):
            for union_id, path in self.session.execute(
                select(Union.id, Union.path).where(Union.id.in_(ids))
            ):
                found[union_id] = path
        return found

    def designations_of(
        self, workshop_ids: Collection[int] = (), leader_ids: Collection[int] = ()
    ) -> set[int]:
        """Designations held by some workshops, or by workshops some persons lead."""
        found: set[int] = set()
        for ids in _chunks(workshop_ids):
            stmt = select(Designation.id).where(Designation.workshop_id.in_(ids))
            found.update(self.session.scalars(stmt))
        for ids in _chunks(leader_ids):
            stmt = (
                select(Designation.id)
                .join(Workshop, Workshop.id == Designation.workshop_id)
                .where(Workshop.leader_person_id.in_(ids))
            )
            found.update(self.session.scalars(stmt))
        return found

    def entries(
        self,
        scope: Scope,
        start: date,
        end: date,
        *,
        include_overdue: bool,
        kinds: Collection[str] | None = None,
        union_ids: Collection[int] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Outstanding entries due in [start, end] (or before, if overdue); whether each is visible
        on a day is the rule's to say (``Occasion.visible_on``, in ``index.read``).

        Plain tuples in ``ENTRY_COLUMNS`` order, streamed (a server-side cursor on PostgreSQL)
        through Core: a full-registry read is half a million rows, never ORM objects.
        """
        e = OccasionEntry
        due = e.due_on <= end if include_overdue else and_(e.due_on >= start, e.due_on <= end)
        stmt = select(*ENTRY_COLUMNS).where(self._in_scope(scope), due)
        if kinds is not None:
            stmt = stmt.where(e.kind.in_(sorted(kinds)))
        if union_ids is not None:
            stmt = stmt.where(e.union_id.in_(sorted(union_ids)))
        # Options on the statement: the session's connection must not keep a server-side cursor.
        stmt = stmt.execution_options(yield_per=_ROWS_PER_FETCH)
        result = self.session.connection().execute(stmt)
        for part in result.partitions():
            yield from part

    def _in_scope(self, scope: Scope) -> ColumnElement[bool]:
        """The subtree as a byte-ordered range of paths (``index_range.in_subtree``)."""
        return in_subtree(self.session, scope.path_prefix)

    def count(self) -> int:
        """How many entries the index holds."""
        return int(self.session.scalar(select(func.count()).select_from(OccasionEntry)) or 0)
