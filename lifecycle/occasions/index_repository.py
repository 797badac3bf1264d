"""Every query of the materialised occasion index (``lifecycle.occasions.index_model``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, and_, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lifecycle.db.rows import insert_rows
from lifecycle.designations.model import Designation
from lifecycle.occasions.index_model import OccasionEntry, OccasionIndexState, OccasionTally
from lifecycle.occasions.index_range import in_subtree
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop

_IDS_PER_QUERY = 5000
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
    OccasionEntry.due_from,
    OccasionEntry.overdue_from,
    OccasionEntry.shows_from,
    OccasionEntry.shows_until,
)
# What a tally counts of an entry (``lifecycle.occasions.tally``).
TALLIED_COLUMNS = (
    OccasionEntry.scope_path,
    OccasionEntry.union_id,
    OccasionEntry.kind,
    OccasionEntry.due_on,
    OccasionEntry.overdue_from,
    OccasionEntry.shows_from,
    OccasionEntry.shows_until,
)
_ENTRIES = OccasionEntry.metadata.tables[OccasionEntry.__tablename__]
_TALLY = OccasionTally.metadata.tables[OccasionTally.__tablename__]
_TALLY_KEY = ("union_id", "kind", "due_on", "overdue_from", "shows_from", "shows_until")


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
        """Remove every entry and count (a full build; readers see the old index until the
        commit)."""
        self.session.execute(delete(OccasionEntry))
        self.session.execute(delete(OccasionTally))

    def remove(self, designation_ids: Collection[int]) -> None:
        """Remove the entries of some designations (before rewriting them)."""
        for ids in _chunks(designation_ids):
            self.session.execute(delete(OccasionEntry).where(OccasionEntry.designation_id.in_(ids)))

    def add(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert entries (column values) as plain rows, no objects (a full build writes
        hundreds of thousands); how many."""
        return insert_rows(self.session, _ENTRIES, rows)

    def tallied(self, designation_ids: Collection[int]) -> Iterator[RowMapping]:
        """What the tally counted of some designations' entries (before they are rewritten)."""
        for ids in _chunks(designation_ids):
            stmt = select(*TALLIED_COLUMNS).where(OccasionEntry.designation_id.in_(ids))
            yield from self.session.execute(stmt).mappings()

    def add_tally(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Write a full build's tally."""
        return insert_rows(self.session, _TALLY, rows)

    def adjust_tally(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Add differences to the tally (new keys inserted), then drop the keys left at zero."""
        if not rows:
            return
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(_TALLY)
        stmt = stmt.on_conflict_do_update(
            index_elements=_TALLY_KEY,
            set_={
                "entries": _TALLY.c.entries + stmt.excluded.entries,
                "mine": _TALLY.c.mine + stmt.excluded.mine,
            },
        )
        self.session.execute(stmt, list(rows))
        unions = sorted({row["union_id"] for row in rows})
        self.session.execute(
            delete(OccasionTally).where(
                OccasionTally.union_id.in_(unions), OccasionTally.entries == 0
            )
        )

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
        due_dates: Collection[date] | None = None,
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
        if due_dates is not None:
            stmt = stmt.where(e.due_on.in_(sorted(due_dates)))
        # Options on the statement: the session's connection must not keep a server-side cursor.
        stmt = stmt.execution_options(yield_per=_ROWS_PER_FETCH)
        result = self.session.connection().execute(stmt)
        for part in result.partitions():
            yield from part

    def _in_scope(self, scope: Scope) -> ColumnElement[bool]:
        """The subtree as a byte-ordered range of paths (``index_range.in_subtree``)."""
        return in_subtree(self.session, scope.path_prefix)

    def earliest_due(self) -> date | None:
        """The earliest due date the index holds (how far back overdue repeats reach)."""
        return self.session.scalar(select(func.min(OccasionEntry.due_on)))

    def count(self) -> int:
        """How many entries the index holds."""
        return int(self.session.scalar(select(func.count()).select_from(OccasionEntry)) or 0)
