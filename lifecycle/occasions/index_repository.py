"""Every query of the materialised occasion index (``lifecycle.occasions.index_model``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, delete, func, insert, or_, select, true
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.occasions.index_model import OccasionEntry, OccasionIndexState
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop

_IDS_PER_QUERY = 5000
_ROWS_PER_INSERT = 5000

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


_INSERT_COLUMNS = (
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


def _sqlite_value(value: Any) -> Any:
    """Values as SQLAlchemy stores them in SQLite: ISO dates, 0/1 booleans."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


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

    def remove(self, designation_ids: Collection[int]) -> None:
        """Remove the entries of some designations (before rewriting them)."""
        for ids in _chunks(designation_ids):
            self.session.execute(delete(OccasionEntry).where(OccasionEntry.designation_id.in_(ids)))

    def add(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert entries in batches; returns how many."""
        batch: list[Mapping[str, Any]] = []
        count = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= _ROWS_PER_INSERT:
                self._insert(batch)
                count += len(batch)
                batch = []
        if batch:
            self._insert(batch)
            count += len(batch)
        return count

    def _insert(self, batch: list[Mapping[str, Any]]) -> None:
        # Straight to the driver (COPY on PostgreSQL): a full build writes millions of rows that
        # are never loaded as objects in this session.
        connection = self.session.connection()
        raw = connection.connection.driver_connection
        assert raw is not None
        names = ", ".join(_INSERT_COLUMNS)
        if connection.dialect.name == "postgresql":
            with raw.cursor() as cur, cur.copy(f"COPY occasion_index ({names}) FROM STDIN") as cp:
                for row in batch:
                    cp.write_row([row[c] for c in _INSERT_COLUMNS])
            return
        if connection.dialect.name == "sqlite":
            marks = ", ".join("?" * len(_INSERT_COLUMNS))
            raw.executemany(
                f"INSERT INTO occasion_index ({names}) VALUES ({marks})",  # noqa: S608 - fixed names
                [tuple(_sqlite_value(row[c]) for c in _INSERT_COLUMNS) for row in batch],
            )
            return
        table = OccasionEntry.__table__
        assert isinstance(table, Table)
        connection.execute(insert(table), batch)

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
        as_of: date,
        *,
        include_overdue: bool,
        kinds: Collection[str] | None = None,
        union_ids: Collection[int] | None = None,
    ) -> Iterator[Any]:
        """Outstanding entries due in [start, end] (or before, if overdue) visible on ``as_of``."""
        e = OccasionEntry
        due = e.due_on <= end if include_overdue else and_(e.due_on >= start, e.due_on <= end)
        stmt = select(*ENTRY_COLUMNS).where(
            self._in_scope(scope),
            due,
            # A standing warning shows from its start to its lapse (Occasion.visible_on).
            or_(
                e.standing.is_(False),
                and_(
                    e.due_on <= as_of,
                    or_(e.visible_until.is_(None), e.visible_until >= as_of),
                ),
            ),
        )
        if kinds is not None:
            stmt = stmt.where(e.kind.in_(sorted(kinds)))
        if union_ids is not None:
            stmt = stmt.where(e.union_id.in_(sorted(union_ids)))
        yield from self.session.execute(stmt.execution_options(yield_per=10_000))

    def _in_scope(self, scope: Scope) -> ColumnElement[bool]:
        """The subtree as a range of paths ("/1/4/" ≤ path < "/1/40"), so the index is used.

        A LIKE prefix match cannot use the index on SQLite (case-insensitive LIKE) nor on
        PostgreSQL databases whose collation is not C; byte order ("C") keeps the range exact.
        """
        prefix = scope.path_prefix
        if prefix is None:
            return true()
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        path: ColumnElement[str] = OccasionEntry.scope_path.expression
        if self.session.get_bind().dialect.name == "postgresql":
            path = path.collate("C")
        return and_(path >= prefix, path < upper)

    def count(self) -> int:
        """How many entries the index holds."""
        return int(self.session.scalar(select(func.count()).select_from(OccasionEntry)) or 0)
