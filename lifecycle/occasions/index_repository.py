"""Every query of the occasion index and its tally (a read compares its ``as_of`` with the
entries' ``Timeline`` days).

A union's subtree is a range of paths ("/1/4/" ≤ path < "/1/40") so the (scope_path, due_on) index
serves (a LIKE prefix cannot on SQLite, nor on PostgreSQL under a non-C collation). The range must
compare in byte order: SQLite does, PostgreSQL under a byte-order collation does, elsewhere it goes
under COLLATE "C" (correct, but then the index cannot serve).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    delete,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from lifecycle.db.batches import batches
from lifecycle.db.rows import insert_on_conflict, insert_rows
from lifecycle.designations.model import Designation
from lifecycle.occasions.facts import Window
from lifecycle.occasions.index_model import (
    BOARD_COLUMNS,
    KEY_COLUMNS,
    OccasionBoard,
    OccasionEntry,
    OccasionIndexState,
    OccasionTally,
    Tallied,
)
from lifecycle.occasions.model import (
    ALWAYS,
    KIND_ORDER,
    KINDS_BY_VALUE,
    Occasion,
    OccasionStatus,
    Timeline,
)
from lifecycle.scope import Scope, path_range
from lifecycle.workshops.model import Workshop

_ROWS_PER_FETCH = 10_000
_KEYS_PER_DELETE = 1000  # tally keys per statement (7 parameters each)

E = OccasionEntry
T = OccasionTally
B = OccasionBoard
X = TypeVar("X")
# An entry as read: the ``Occasion``'s fields but the status and days, then its ``Timeline``.
Entry = tuple[
    str, int, date, int, str, str, str, str, bool, bool, date | None, date, date, date, date
]
ENTRY_COLUMNS = tuple(
    getattr(E, name)
    for name in (*(f.name for f in fields(Occasion)), *Timeline._fields)
    # never indexed: an application's action, and the leader word a reader looks up
    if name not in ("status", "days", "action", "leader_word")
)
# What a tally counts of an entry (``lifecycle.occasions.index``): its path and the tally's key.
TALLIED_COLUMNS = (E.scope_path, *(getattr(E, name) for name in KEY_COLUMNS))
_ENTRIES = E.metadata.tables[E.__tablename__]
_TALLY = T.metadata.tables[T.__tablename__]
_BOARD = B.metadata.tables[B.__tablename__]
# The kind's rank in ``Occasion.sort_key``, written out once: the values are the enum's own, so
# the statement carries no parameters for them (built per read, the CASE cost ~1 ms).
_KIND_RANK: ColumnElement[int] = literal_column(
    "CASE occasion_index.kind "
    + " ".join(f"WHEN '{kind.value}' THEN {rank}" for kind, rank in KIND_ORDER.items())
    + " END",
    Integer,
)


# libc collations that order text by code point, i.e. by UTF-8 bytes.
_BYTE_ORDER_COLLATIONS = frozenset({"C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"})
_COLLATION = text(
    "SELECT d.datcollate, d.datlocprovider::text AS datlocprovider, c.collation_name"
    " FROM pg_database d, information_schema.columns c"
    " WHERE d.datname = current_database() AND c.table_schema = current_schema()"
    " AND c.table_name = 'occasion_index' AND c.column_name = 'scope_path'"
)


def _byte_ordered(session: Session) -> bool:
    """Whether the index's text columns already compare in byte order (asked once a connection)."""
    info = session.connection().info
    if "byte_ordered" not in info:
        row = session.execute(_COLLATION).one()
        collation = row.collation_name or row.datcollate
        info["byte_ordered"] = row.datlocprovider == "c" and collation in _BYTE_ORDER_COLLATIONS
    return bool(info["byte_ordered"])


def bytewise(session: Session, column: ColumnElement[str]) -> ColumnElement[str]:
    """``column`` compared in byte order (plain where it already is, else under COLLATE "C")."""
    if session.get_bind().dialect.name != "postgresql" or _byte_ordered(session):
        return column
    return column.collate("C")


class Walk(Enum):
    """How SQLite reads a page in occasion order (PostgreSQL's planner chooses well: same SQL)."""

    DUE = "due"  # the due-date index in order, stopping at the page
    PATH = "path"  # the subtree's path index, its entries sorted
    PLANNER = "planner"  # as SQLite's planner chooses


DENSE = 20
SMALL = 2_000


def walk(matching: int | None, rows: int, subtree: int | None) -> Walk:
    """How to find the first ``rows`` of ``matching`` entries among ``subtree`` (None: unknown)."""
    # One in DENSE or more matching: the due-date index finds them after ~DENSE × rows index rows,
    # where SQLite would read and sort the whole subtree (the city's: 440 ms → 0.2 ms). Fewer than
    # SMALL entries: the path index, where SQLite would walk every subtree's due dates (10 → 0.3).
    if matching is not None and matching >= DENSE * rows:
        return Walk.DUE
    if subtree is not None and subtree < SMALL:
        return Walk.PATH
    return Walk.PLANNER


def _unindexed(session: Session, column: ColumnElement[X], hidden: bool) -> ColumnElement[X]:
    """``column`` compared as an expression on SQLite (``+column``: no index serves it)."""
    if not hidden or session.get_bind().dialect.name != "sqlite":
        return column
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def in_subtree(
    session: Session, scope_path: str | None, *, walk: Walk = Walk.PLANNER
) -> ColumnElement[bool]:
    """Entries of the subtree at ``scope_path`` (None: everything; "": nothing)."""
    if scope_path is None:
        return true()
    if not scope_path:
        return false()
    path = _unindexed(session, bytewise(session, E.scope_path.expression), walk is Walk.DUE)
    return path_range(path, scope_path)


def due_date(session: Session, *, walk: Walk = Walk.PLANNER) -> ColumnElement[date]:
    """The due date to bound a page's read with, read as ``walk`` says."""
    return _unindexed(session, E.due_on.expression, walk is Walk.PATH)


def showing(
    as_of: date | ColumnElement[date], of: type[E | T | B] = E
) -> list[ColumnElement[bool]]:
    """Entries (or counts of them) that exist on ``as_of`` (``Timeline.shows_on``; a bound
    value where a statement is written once)."""
    return [of.shows_from <= as_of, of.shows_until >= as_of]


def with_status(
    statuses: Collection[OccasionStatus], as_of: date, of: type[E | T] = E
) -> ColumnElement[bool]:
    """Entries (or counts of them) whose status on ``as_of`` is one of ``statuses``
    (``Timeline.status_on``)."""
    parts = []
    if OccasionStatus.OVERDUE in statuses:
        parts.append(of.overdue_from <= as_of)
    if OccasionStatus.DUE in statuses:
        parts.append(and_(of.due_from <= as_of, of.overdue_from > as_of))
    if OccasionStatus.UPCOMING in statuses:
        parts.append(of.due_from > as_of)
    return or_(*parts) if parts else false()


def undated(is_: bool, of: type[E | T] = E) -> ColumnElement[bool]:
    """Entries (or counts of them) due on no day of their own, or not (``Timeline.undated``)."""
    return of.due_from == ALWAYS if is_ else of.due_from != ALWAYS


@dataclass(frozen=True)
class SubtreeAsk:
    """One of the dashboard's pages of a subtree: entries due between ``due`` (one range: two
    upper bounds would leave the planner one), overdue or not (None: either), acted on by
    ``acting_union_id`` (None: anyone); ``counts``, how many match and how many the subtree holds
    (None: not known), choose how SQLite walks."""

    due: tuple[date, date]
    overdue: bool | None = None
    acting_union_id: int | None = None
    undated: bool | None = None
    counts: tuple[int | None, int | None] = (None, None)


# Statuses an entry due after as_of cannot have (its due_from ≤ its due date).
_DUE_BY_NOW = frozenset({OccasionStatus.OVERDUE, OccasionStatus.DUE})


@dataclass(frozen=True)
class TodoFilter:
    """One question of the 待办 list; every field narrows it (None: no narrowing)."""

    scope: Scope
    as_of: date
    end: date  # nothing due after this day (the index's reach)
    under_path: str | None = None  # a union's subtree inside the scope
    union_id: int | None = None  # the union whose subtree ``under_path`` is (counts by tally)
    kinds: Collection[str] | None = None
    scheme: str | None = None
    statuses: Collection[OccasionStatus] | None = None
    due_from: date | None = None
    due_to: date | None = None
    acting_union_id: int | None = None
    undated: bool | None = None

    @property
    def first(self) -> date | None:
        """The first due date that can match (None: any): only upcoming entries asked for, the
        day after ``as_of`` (a ``Timeline`` is due from its due date at the latest)."""
        if self.statuses is None or _DUE_BY_NOW & set(self.statuses):
            return self.due_from
        after = self.as_of + timedelta(days=1)
        return after if self.due_from is None else max(self.due_from, after)

    @property
    def last(self) -> date:
        """The last due date asked for."""
        return self.end if self.due_to is None else min(self.end, self.due_to)


# The statuses an outstanding occasion can have: asking for all of them narrows nothing.
_OUTSTANDING = frozenset(OccasionStatus) - {OccasionStatus.DONE}


def _tallied_statement() -> Select[str, date, int, int, int, int, int]:
    """``OccasionIndexRepository.tallied``'s statement, its values bound by name (``union_id``,
    ``as_of``, ``month``, ``end``: the first days of as_of's month and of the window's last)."""
    as_of, month = bindparam("as_of", type_=Date), bindparam("month", type_=Date)
    where = [B.union_id == bindparam("union_id"), B.due_month <= bindparam("end", type_=Date)]
    overdue = B.overdue_from <= as_of
    this_month = and_(B.overdue_from > as_of, B.due_month <= month, B.undated == false())
    # Sums with FILTER (NULL where none matched), not a CASE per row: a little faster.
    entries = func.sum(B.entries)
    sums = (entries, entries.filter(overdue), entries.filter(this_month), func.sum(B.mine))
    stmt = select(B.kind, B.due_month, *sums, entries.filter(B.undated == true()))
    return stmt.where(*where, *showing(as_of, B)).group_by(B.kind, B.due_month)


# Written once: the dashboard reads it on every request, and building it (its subquery's
# columns, its cache key) cost more than SQLite's answer. It holds no value of any request.
_TALLIED = _tallied_statement()


class OccasionIndexRepository:
    """Reads and rewrites of the occasion index and its tally."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # Held so the weak identity map keeps it: a page's later ``state`` sends no statement.
        self._state: OccasionIndexState | None = None

    def state(self) -> OccasionIndexState | None:
        """The index's horizon, or None when it was never built."""
        self._state = self.session.get(OccasionIndexState, 1)
        return self._state

    def save_state(self, built_for: date, through: date, now: datetime) -> None:
        """Record a completed build."""
        self.session.merge(
            OccasionIndexState(id=1, built_for=built_for, through=through, built_at=now)
        )
        self.session.flush()

    def clear(self) -> None:
        """Remove every entry and count (a full build; readers see the old until the commit)."""
        self.session.execute(delete(E))
        self.session.execute(delete(T))
        self.session.execute(delete(B))

    def remove(self, entry_ids: Collection[int]) -> None:
        """Remove some entries (gone or changed, before a rewrite inserts what replaces them)."""
        for ids in batches(entry_ids):
            self.session.execute(delete(E).where(E.id.in_(ids)))

    def add(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert entries as plain rows, no objects (a build writes ~10⁵); how many."""
        return insert_rows(self.session, _ENTRIES, rows)

    def stored(self, titles: Collection[int], kinds: Collection[str] = ()) -> Iterator[Row[Any]]:
        """The entries of ``titles`` (of ``kinds``, values; all if none), as stored: the id,
        ``ENTRY_COLUMNS`` and the path."""
        for ids in batches(titles):
            stmt = select(E.id, *ENTRY_COLUMNS, E.scope_path).where(E.designation_id.in_(ids))
            yield from self.session.execute(stmt.where(E.kind.in_(kinds)) if kinds else stmt)

    def add_tally(self, rows: Iterable[Mapping[str, Any]], *, board: bool = False) -> int:
        """Write a full build's tally (or board)."""
        return insert_rows(self.session, _BOARD if board else _TALLY, rows)

    def adjust_tally(self, rows: Sequence[Mapping[str, Any]], *, board: bool = False) -> None:
        """Add differences to the tally or the board (new keys inserted), drop keys left at 0."""
        if not rows:
            return
        table, columns = (_BOARD, BOARD_COLUMNS) if board else (_TALLY, KEY_COLUMNS)
        stmt = insert_on_conflict(self.session, table)
        stmt = stmt.on_conflict_do_update(
            index_elements=columns,
            set_={name: table.c[name] + stmt.excluded[name] for name in ("entries", "mine")},
        )
        self.session.execute(stmt, list(rows))
        # Only keys counted down here can have reached zero, and the upsert holds their rows:
        # dropping them waits for no other writer (one sweeping the union's rows could wait for
        # a row a concurrent rewrite holds while it waits for one of ours: a deadlock).
        lowered = [tuple(row[name] for name in columns) for row in rows if row["entries"] < 0]
        key = tuple_(*(table.c[name] for name in columns))
        for start in range(0, len(lowered), _KEYS_PER_DELETE):
            keys = lowered[start : start + _KEYS_PER_DELETE]
            self.session.execute(delete(table).where(key.in_(keys), table.c.entries == 0))

    def designations_of(
        self, workshop_ids: Collection[int], leader_ids: Collection[int]
    ) -> set[int]:
        """Designations held by some workshops, or by workshops some persons lead."""
        held = select(Designation.id).join(Workshop, Workshop.id == Designation.workshop_id)
        found: set[int] = set()
        for column, ids in ((Workshop.id, workshop_ids), (Workshop.leader_person_id, leader_ids)):
            for chunk in batches(ids):
                found.update(self.session.scalars(held.where(column.in_(chunk))))
        return found

    def entries(
        self,
        scope_path: str | None,
        window: Window,
        kinds: Collection[str] | None,
        union_ids: Collection[int] | None,
        due_dates: Collection[date] | None,
        *,
        arose: tuple[date, date] | None = None,
    ) -> Iterator[Entry]:
        """Entries due by the window's end (of ``kinds``, acted on by ``union_ids``, due on
        ``due_dates``; None: any) as ``ENTRY_COLUMNS`` tuples, streamed through Core (~10⁶ rows);
        ``arose``: only those that arose within these days, overdue ones too (a range of
        ``ix_occasion_index_arose``)."""
        stmt = select(*ENTRY_COLUMNS).where(
            in_subtree(self.session, scope_path), E.due_on <= window.end
        )
        if kinds is not None:
            stmt = stmt.where(E.kind.in_(sorted(kinds)))
        if union_ids is not None:
            stmt = stmt.where(E.union_id.in_(sorted(union_ids)))
        if due_dates is not None:
            stmt = stmt.where(E.due_on.in_(sorted(due_dates)))
        if arose is not None:
            stmt = stmt.where(E.arose_on.between(*arose))
        # Options on the statement: the session's connection must not keep a server-side cursor.
        yield from self.session.connection().execute(
            stmt.execution_options(yield_per=_ROWS_PER_FETCH)
        )

    def earliest_due(self) -> date | None:
        """The earliest due date the index holds (how far back overdue repeats reach)."""
        return self.session.scalar(select(func.min(E.due_on)))

    # The dashboard's figures: sums of the tally of a union's subtree.

    @staticmethod
    def _tally_of(union_id: int, as_of: date, end: date) -> list[ColumnElement[bool]]:
        """The tally of the union's subtree: entries showing on ``as_of``, due by ``end``."""
        return [T.union_id == union_id, T.due_on <= end, *showing(as_of, T)]

    def tallied(self, union_id: int, as_of: date, month: date, end: date) -> list[Tallied]:
        """The subtree's entries showing on ``as_of``, due by ``end`` (a month's last day), by kind
        and due month (the months before ``month`` as one), read from the board (as_of within
        ``index.board_days``): how many, how many overdue, how many due by the end of ``month``'s
        month."""
        asked = {"union_id": union_id, "as_of": as_of, "month": month, "end": end.replace(day=1)}
        rows = self.session.execute(_TALLIED, asked)
        return [
            Tallied(KINDS_BY_VALUE[k], m if m >= month else None, *(int(n or 0) for n in ns))
            for k, m, *ns in rows
        ]

    # Lists: pages of entries in occasion order, and the 待办 list's questions.

    def subtree_pages(
        self, path: str, as_of: date, limit: int, asks: Sequence[SubtreeAsk]
    ) -> list[list[Entry]]:
        """For each of ``asks``, the first ``limit`` entries (``ENTRY_COLUMNS``) in occasion order
        of the subtree at ``path`` showing on ``as_of`` that it asks for: one statement, the
        pages' own joined by UNION ALL (each walks as its ``counts`` choose; SQL keeps no order
        across a UNION ALL: a caller that needs the page's order sorts by ``sort_key``)."""
        if limit <= 0 or not asks:
            return [[] for _ in asks]
        arms = []
        for n, ask in enumerate(asks):
            how = walk(ask.counts[0], limit, ask.counts[1])
            on = due_date(self.session, walk=how)
            where = [in_subtree(self.session, path, walk=how), *showing(as_of)]
            where += [on >= ask.due[0], on <= ask.due[1]]
            if ask.overdue is not None:
                where.append(E.overdue_from <= as_of if ask.overdue else E.overdue_from > as_of)
            if ask.acting_union_id is not None:
                where.append(E.union_id == ask.acting_union_id)
            if ask.undated is not None:
                where.append(undated(ask.undated))
            page = self._page(where, limit).add_columns(
                literal_column(str(n), Integer).label("page")
            )
            arms.append(select(page.subquery()))
        pages: list[list[Entry]] = [[] for _ in asks]
        stmt = arms[0] if len(arms) == 1 else union_all(*arms)
        for *entry, n in self.session.execute(stmt):
            pages[n].append(tuple(entry))
        return pages

    def _page(
        self, where: Sequence[ColumnElement[bool]], limit: int, offset: int = 0
    ) -> Select[Any]:
        """Rows ``offset`` … ``offset + limit`` matching ``where``, by ``Occasion.sort_key``."""
        order = (E.due_on, _KIND_RANK, E.designation_id, bytewise(self.session, E.key.expression))
        return select(*ENTRY_COLUMNS).where(*where).order_by(*order).limit(limit).offset(offset)

    def todo_page(self, flt: TodoFilter, limit: int, offset: int) -> tuple[Sequence[Any], int]:
        """One page of the 待办 list in occasion order, and how many match."""
        total = self._todo_count(flt)
        if offset >= total:  # nothing matches from here on: no walk (none matching is a scan)
            return [], total
        # One acting union's entries: its (union, due date) index serves them in order.
        how = Walk.PLANNER if flt.acting_union_id else walk(total, offset + limit, None)
        stmt = self._page(self._todo_where(flt, walk=how), limit, offset)
        return self.session.execute(stmt).all(), total

    def per_day(self, flt: TodoFilter) -> dict[date, int]:
        """How many occasions matching ``flt`` fall due on each day (the calendar's counts)."""
        stmt = select(E.due_on, func.count()).where(*self._todo_where(flt)).group_by(E.due_on)
        return {day: int(n) for day, n in self.session.execute(stmt)}

    def _todo_count(self, flt: TodoFilter) -> int:
        """The tally's sum where it holds the answer (a union's subtree, any scheme, acted on by
        anyone or by that union, any statuses), else the entries counted."""
        acting = flt.acting_union_id
        if flt.union_id is None or flt.scheme is not None or acting not in (None, flt.union_id):
            stmt = select(func.count()).select_from(E).where(*self._todo_where(flt))
            return int(self.session.scalar(stmt) or 0)
        where = self._tally_of(flt.union_id, flt.as_of, flt.last)
        if flt.first is not None:
            where.append(T.due_on >= flt.first)
        if flt.kinds is not None:
            where.append(T.kind.in_(sorted(flt.kinds)))
        if flt.statuses is not None and not _OUTSTANDING.issubset(flt.statuses):
            where.append(with_status(flt.statuses, flt.as_of, T))
        if flt.undated is not None:
            where.append(undated(flt.undated, T))
        counted = func.sum(T.entries if acting is None else T.mine)
        return int(self.session.scalar(select(counted).where(*where)) or 0)

    def _todo_where(
        self, flt: TodoFilter, *, walk: Walk = Walk.PLANNER
    ) -> list[ColumnElement[bool]]:
        """Everything ``flt`` asks, read as ``walk`` says."""
        where = [in_subtree(self.session, flt.scope.path_prefix, walk=walk), *showing(flt.as_of)]
        if flt.statuses is not None:
            where.append(with_status(flt.statuses, flt.as_of))
        if flt.under_path is not None:
            where.append(in_subtree(self.session, flt.under_path, walk=walk))
        if flt.kinds is not None:
            where.append(E.kind.in_(sorted(flt.kinds)))
        if flt.acting_union_id is not None:
            where.append(E.union_id == flt.acting_union_id)
        if flt.undated is not None:
            where.append(undated(flt.undated))
        if flt.scheme is not None:
            of_scheme = select(Designation.id).where(Designation.scheme_code == flt.scheme)
            where.append(E.designation_id.in_(of_scheme))
        # One range on the due date (a lower and an upper bound) so the planner can use it.
        due = due_date(self.session, walk=walk)
        if flt.first is not None:
            where.append(due >= flt.first)
        return [*where, due <= flt.last]
