"""Keeping the occasion index and its tally true: built when the horizon moves, rewritten on change.

The generators may use ``as_of`` only for an occasion's status and when a standing warning shows,
so the index generates once with ``as_of`` = its horizon and stores with each outstanding occasion
the days its status and visibility change (``model.timeline``) for a read to compare with its own
``as_of``. An entry counts in the tally once for every union on its unit's path (``mine``: again
for the union that acts on it); a rewrite adds the difference. ``tests/integration/`` checks both
against the generators (``test_occasion_index.py``, ``test_occasion_tally.py``). The board is the
tally keyed as the dashboard reads it (``board_key``), kept by the same counts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from lifecycle.assessments.model import AnnualAssessment
from lifecycle.db.batches import batches
from lifecycle.db.locks import Projection, lock_titles
from lifecycle.designations.model import Designation
from lifecycle.funding.occasions import FINDING_KINDS
from lifecycle.occasions.facts import Window
from lifecycle.occasions.index_model import (
    BOARD_COLUMNS,
    KEY_COLUMNS,
    OccasionEntry,
    OccasionIndexState,
)
from lifecycle.occasions.index_repository import ENTRY_COLUMNS, Entry
from lifecycle.occasions.model import (
    ALWAYS,
    KIND_VALUES,
    KINDS_BY_VALUE,
    NEVER,
    Occasion,
    OccasionKind,
    OccasionStatus,
    Timeline,
)
from lifecycle.occasions.rules import generated
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.unions.model import path_ids
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.model import Workshop

# The index always reaches at least this far ahead (a 12-month dashboard plus 60-day reminders);
# when it falls short the next ensure() rebuilds it to AHEAD days, i.e. about every three months.
MIN_AHEAD = timedelta(days=400)
AHEAD = timedelta(days=490)
# Bump whenever what a build writes changes (benchmarks cache built indexes under this number).
FORMAT = 27


@dataclass
class Touched:
    """What a unit of work changed that may change what designations owe."""

    designations: set[int] = field(default_factory=set)
    workshops: set[int] = field(default_factory=set)
    persons: set[int] = field(default_factory=set)
    # Designations whose team's other titles read a row changed (a city title's 考核 applying
    # for its 摘牌 [S9], read by a Yangpu title's leader change owed, reading 43a).
    teams_of: set[int] = field(default_factory=set)
    findings: set[int] = field(default_factory=set)  # only their audit findings (``touch``)

    def __bool__(self) -> bool:
        return any(vars(self).values())


# Which designations a unit of work touched, so their entries are rewritten on commit.
_KEY = "occasions_touched"
_IGNORED = (OccasionEntry, OccasionIndexState)  # written by the index itself


def touched(session: Session) -> Touched:
    """The changes collected so far in this session."""
    found = session.info.setdefault(_KEY, Touched())
    assert isinstance(found, Touched)
    return found


def touch(session: Session, designation_ids: Iterable[int]) -> None:
    """Mark designations whose audit findings were stored or closed (rows the hook does not see:
    a bulk insert, a resolution naming no designation): their ``FINDING_KINDS`` entries follow."""
    touched(session).findings.update(designation_ids)


def collect(session: Session, _context: Any) -> None:
    """after_flush hook: a row naming a designation, workshop or leader may change what is owed."""
    # Every model that affects occasions carries designation_id or workshop_id; persons reach
    # their designations through the workshops they lead.
    into = touched(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _IGNORED):
            continue
        if isinstance(obj, Designation):
            into.designations.add(obj.id)
            # Its team's other titles read its status (a leader change held by it, reading 43a).
            into.workshops.add(obj.workshop_id)
        elif isinstance(obj, Workshop):
            into.workshops.add(obj.id)
        elif isinstance(obj, Person):
            into.persons.add(obj.id)
        elif isinstance(obj, PersonHonour):  # a leader's title on record [C 一（一）]
            into.persons.add(obj.person_id)
        elif isinstance(obj, AnnualAssessment):  # read by the team's other titles too
            into.designations.add(obj.designation_id)
            into.teams_of.add(obj.designation_id)
        else:
            designation_id = getattr(obj, "designation_id", None)
            if isinstance(designation_id, int):
                into.designations.add(designation_id)
            workshop_id = getattr(obj, "workshop_id", None)
            if isinstance(workshop_id, int):
                into.workshops.add(workshop_id)


def catch_up(uow: UnitOfWork) -> None:
    """Rewrite the entries of whatever this unit of work changed so far (``refresh``): before
    its commit, and before a read of the index that must see the unit's own writes."""
    uow.session.flush()
    if changed := uow.session.info.pop(_KEY, None):
        refresh(uow, changed)


Kinds = Collection[OccasionKind] | None  # None: every kind
Counts = dict[tuple[Any, ...], list[int]]  # KEY_COLUMNS (or BOARD_COLUMNS) → counts


def board_days(built_for: date, through: date) -> tuple[date, date]:
    """The as_of days the board answers for: from the build's day through the last whose
    12-month dashboard the index reaches (``views.dashboard``: its window ends by ``through``)."""
    after = through + timedelta(days=1)
    # Its 12 months end before ``after``'s month: the month after its own is 11 before that one.
    following = after.year * 12 + after.month - 1 - 11
    return built_for, date(following // 12, following % 12 + 1, 1) - timedelta(days=1)


def board_key(e: Mapping[Any, Any], days: tuple[date, date]) -> tuple[Any, ...] | None:
    """An entry's key in the board but its union (None: it shows on none of ``days``): each day
    compared with an as_of within ``days`` the same way as the entry's own."""
    first, last = days
    if e["shows_until"] < first or e["shows_from"] > last:
        return None
    own = (e["overdue_from"], e["shows_from"], e["shows_until"])
    seen = [ALWAYS if d < first else NEVER if d > last else d for d in own]
    month = e["due_on"].replace(day=1)
    month = ALWAYS if month < first.replace(day=1) else month  # before any as_of's month
    return (e["kind"], month, e["due_from"] == ALWAYS, *seen)


def count(
    counts: Counts,
    entries: Iterable[Mapping[Any, Any]],
    sign: int = 1,
    board: tuple[date, date] | None = None,
) -> None:
    """Count ``entries`` (index rows) into ``counts``, or out of them with ``sign`` = -1: by the
    tally's key, or with ``board`` (its days, ``board_days``) by the board's."""
    for e in entries:
        acting = e["union_id"]
        key = tuple(e[name] for name in KEY_COLUMNS[1:]) if board is None else board_key(e, board)
        if key is None:
            continue
        for node in path_ids(e["scope_path"]):
            found = counts.setdefault((node, *key), [0, 0])
            found[0] += sign
            if node == acting:
                found[1] += sign


def tally_rows(counts: Counts, columns: tuple[str, ...] = KEY_COLUMNS) -> Iterator[dict[str, Any]]:
    """The tally (or, with ``BOARD_COLUMNS``, the board) rows of ``counts`` (keys whose counts did
    not change are left out)."""
    for key in sorted(counts):  # one order for every writer: concurrent upserts do not deadlock
        entries, mine = counts[key]
        if entries or mine:
            row = dict(zip(columns, key, strict=True), entries=entries, mine=mine)
            if columns == KEY_COLUMNS:
                row["due_month"] = key[2].replace(day=1)
            yield row


@dataclass
class Counted:
    """The tally's and the board's counts of what a build or a rewrite adds and removes."""

    board_days: tuple[date, date]
    tally: Counts = field(default_factory=dict)
    board: Counts = field(default_factory=dict)

    def add(self, entries: Collection[Mapping[Any, Any]], sign: int = 1) -> None:
        count(self.tally, entries, sign)
        count(self.board, entries, sign, self.board_days)


@dataclass(frozen=True)
class BuildReport:
    """What a full build did."""

    through: date
    designations: int
    entries: int


def usable(uow: UnitOfWork, end: date, as_of: date) -> bool:
    """Whether the index can answer a window ending on ``end`` as of ``as_of``."""
    state = uow.occasion_index.state()
    return state is not None and end <= state.through and as_of >= state.built_for


def board_usable(uow: UnitOfWork, end: date, as_of: date) -> bool:
    """Whether the board can answer a dashboard of a window ending on ``end`` as of ``as_of``."""
    state = uow.occasion_index.state()
    if state is None or not usable(uow, end, as_of):
        return False
    return as_of <= board_days(state.built_for, state.through)[1]


def ensure(uow: UnitOfWork, as_of: date, now: datetime) -> BuildReport | None:
    """Rebuild the index when it no longer reaches MIN_AHEAD past ``as_of`` (daily job)."""
    return None if usable(uow, as_of + MIN_AHEAD, as_of) else build(uow, as_of, now)


def build(uow: UnitOfWork, as_of: date, now: datetime) -> BuildReport:
    """Regenerate every entry up to ``as_of`` + AHEAD, one batch of designations at a time."""
    from lifecycle.occasions.service import facts_batches  # it imports this module

    through = as_of + AHEAD
    repo = uow.occasion_index
    lock_titles(uow.session, Projection.OCCASION_INDEX, None)  # no title rewritten meanwhile
    repo.clear()
    counts = Counted(board_days(as_of, through))
    designations = entries = 0
    for batch in facts_batches(uow):
        designations += len(batch)
        entries += repo.add(_entries(batch, as_of, through, counts))
    repo.add_tally(tally_rows(counts.tally))
    repo.add_tally(tally_rows(counts.board, BOARD_COLUMNS), board=True)
    repo.save_state(as_of, through, now)
    return BuildReport(through, designations, entries)


def refresh(uow: UnitOfWork, touched: Touched) -> int:
    """Bring the entries of every designation ``touched`` reaches to the rules' (no-op before a
    build): only entries gone or changed are deleted, only new or changed ones inserted; how many.

    Concurrent writers of one title take turns (``lifecycle.db.locks``): each reads, deletes and
    inserts what the one before it committed, so the entries and the tally stay the rules'."""
    repo = uow.occasion_index
    workshops = touched.workshops | uow.occasions.workshops_of(touched.teams_of)
    ids = touched.designations | repo.designations_of(workshops, touched.persons)
    if not ids | touched.findings:
        return 0
    lock_titles(uow.session, Projection.OCCASION_INDEX, ids | touched.findings)
    state = repo.state()  # read under the lock: a build committed meanwhile is seen
    if state is None:
        return 0
    counts = Counted(board_days(state.built_for, state.through))
    # 1,000 titles a batch: the facts of 75,000 read in ~25 % less time than 5,000 at a time.
    # A title whose findings alone changed: only its FINDING_KINDS, from the facts they read.
    written = sum(
        _rewrite(uow, some, state.built_for, state.through, counts, kinds)
        for titles, kinds in ((ids, None), (touched.findings - ids, FINDING_KINDS))
        for some in batches(titles, 1000)
    )
    repo.adjust_tally(list(tally_rows(counts.tally)))
    repo.adjust_tally(list(tally_rows(counts.board, BOARD_COLUMNS)), board=True)
    return written


# An entry's columns as ``_entries`` makes it and ``stored`` reads it back (after the row's id).
_COLUMNS = (*(c.key for c in ENTRY_COLUMNS), "scope_path")
_values = itemgetter(*_COLUMNS)
_KEY_AT = 1 + _COLUMNS.index("key")


def _rewrite(  # noqa: PLR0917
    uow: UnitOfWork, ids: list[int], floor: date, through: date, counts: Counted, kinds: Kinds
) -> int:
    """Compare the rules' entries (of ``kinds``) of ``ids`` with the stored ones: delete the
    stored that are gone or differ, insert the new or changed (the tally counts both); how many."""
    from lifecycle.occasions.service import facts_batches  # it imports this module

    repo = uow.occasion_index
    stored = {r[_KEY_AT]: r for r in repo.stored(ids, [KIND_VALUES[k] for k in kinds or ()])}
    fresh = []
    for batch in facts_batches(uow, ids=ids, kinds=kinds):
        for made in _entries(batch, floor, through, kinds=kinds):
            found = stored.get(made["key"])
            if found is not None and found[1:] == _values(made):
                del stored[made["key"]]  # unchanged: left as it is
            else:
                fresh.append(made)
    gone = stored.values()
    counts.add([dict(zip(_COLUMNS, row[1:], strict=True)) for row in gone], sign=-1)
    repo.remove([row[0] for row in gone])
    counts.add(fresh)
    return repo.add(fresh)


# The ``Occasion`` fields an entry keeps as they are (the kind is stored as its value).
_FIELDS = tuple(c.key for c in ENTRY_COLUMNS[1:] if c.key not in Timeline._fields)


def _entries(
    batch: list[Any], floor: date, through: date, counts: Counted | None = None, kinds: Kinds = None
) -> Iterator[dict[str, Any]]:
    """The outstanding occasions (of ``kinds``) of a batch up to ``through``, as index rows
    (counted as made into ``counts``, if given)."""
    window = Window(floor, through)
    done = OccasionStatus.DONE
    for facts, settings in batch:
        for o in generated(facts, settings, window, through, kinds):
            # Outstanding and due by the horizon (overdue ones included).
            if o.status is done or o.due_on > through:
                continue
            assert o.days is not None
            row = {name: getattr(o, name) for name in _FIELDS} | o.days._asdict()
            row.update(kind=KIND_VALUES[o.kind], scope_path=facts.unit_path)
            if counts is not None:
                counts.add((row,))
            yield row


def read(
    uow: UnitOfWork,
    scope_path: str | None,
    window: Window,
    as_of: date,
    *,
    kinds: Collection[OccasionKind] | None = None,
    union_ids: Collection[int] | None = None,
    due_dates: Collection[date] | None = None,
    arose: tuple[date, date] | None = None,
) -> Iterator[Occasion]:
    """Outstanding occasions from the index, with their status on ``as_of`` (``arose``: those
    that arose within these days, overdue ones too)."""
    values = None if kinds is None else {k.value for k in kinds}
    repo = uow.occasion_index
    for row in repo.entries(scope_path, window, values, union_ids, due_dates, arose=arose):
        found = entry_to_occasion(row, as_of)
        if found.visible_on(as_of):
            yield found


def entry_to_occasion(row: Entry, as_of: date) -> Occasion:
    """An index row as the occasion it stands for on ``as_of`` (the status: its ``Timeline``'s)."""
    kind, designation_id, due_on, union_id = row[:4]
    days = Timeline(*row[11:])
    status = days.status_on(as_of)
    return Occasion(
        KINDS_BY_VALUE[kind],
        designation_id,
        due_on,
        union_id,
        status,
        *row[4:10],
        days,
        arose_on=row[10],
    )
