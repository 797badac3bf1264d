"""The dashboard tally always equals the occasion index counted again, entry by entry."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind
from lifecycle.filings.service import FileYearly, file_yearly
from lifecycle.occasions import index
from lifecycle.occasions.index_model import (
    BOARD_COLUMNS,
    KEY_COLUMNS,
    OccasionBoard,
    OccasionEntry,
    OccasionTally,
)
from lifecycle.occasions.index_repository import TALLIED_COLUMNS
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from tests import factories as f

AS_OF = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
PDF = Upload("自查报告.pdf", b"%PDF-1.4 self check")


def _stored(u) -> dict[tuple, list[int]]:
    rows = u.session.execute(select(OccasionTally)).scalars()
    found = {}
    for r in rows:
        assert r.due_month == r.due_on.replace(day=1)
        found[tuple(getattr(r, name) for name in KEY_COLUMNS)] = [
            r.entries,
            r.mine,
        ]
    return found


def _recounted(u) -> dict[tuple, list[int]]:
    counts: index.Counts = {}
    index.count(counts, u.session.execute(select(*TALLIED_COLUMNS)).mappings())
    return {key: n for key, n in counts.items() if n[0]}


def _board(u) -> dict[tuple, list[int]]:
    rows = u.session.execute(select(OccasionBoard)).scalars()
    return {tuple(getattr(r, name) for name in BOARD_COLUMNS): [r.entries, r.mine] for r in rows}


def _board_recounted(u) -> dict[tuple, list[int]]:
    """The index's entries counted again by the board's key (``index.board_key``)."""
    state = u.occasion_index.state()
    days = index.board_days(state.built_for, state.through)
    counts: index.Counts = {}
    index.count(counts, u.session.execute(select(*TALLIED_COLUMNS)).mappings(), board=days)
    return {key: n for key, n in counts.items() if n[0]}


def _city_total(u) -> int:
    """Entries counted under the roots of the union tree: every entry, once."""
    roots = [
        i for i, path in u.session.execute(select(Union.id, Union.path)) if path.count("/") == 2
    ]
    rows = u.session.scalars(select(OccasionTally.entries).where(OccasionTally.union_id.in_(roots)))
    return sum(rows)


def test_the_tally_counts_every_entry_once_per_union_on_its_path(demo_uow, tmp_path):
    with demo_uow() as u:
        report = index.build(u, AS_OF, NOW)
        u.commit()
    with demo_uow() as u:
        stored = _stored(u)
        assert stored == _recounted(u)
        board = _board(u)
        assert board == _board_recounted(u)
        assert 0 < len(board) < len(stored)  # coarser than the tally
        assert _city_total(u) == report.entries  # the root's subtree holds every entry
        assert any(mine for _, mine in stored.values())
        entry = u.session.execute(
            select(OccasionEntry.designation_id, OccasionEntry.key)
            .where(OccasionEntry.kind == "self_check_filing")
            .order_by(OccasionEntry.designation_id, OccasionEntry.key)  # the same one each run
        ).first()
        assert entry is not None
        designation_id, key = entry
        year = int(key.split(":")[2])
        file_yearly(
            u,
            FileStorage(tmp_path),
            FileYearly(designation_id, year, FilingKind.SELF_CHECK, AS_OF, PDF),
            actor=f.unit_filer(u, designation_id),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        u.commit()
    with demo_uow() as u:
        after = _stored(u)
        assert after == _recounted(u)  # the rewrite added exactly its difference
        assert _board(u) == _board_recounted(u) != board  # the board too
        assert _city_total(u) == report.entries - 1
        assert all(n > 0 for n, _ in after.values())  # keys counted down to zero are gone


def test_the_tally_equals_the_index_on_a_generated_registry(fresh_database_url):
    from bench.synthetic import populate
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.uow import UnitOfWork

    populate(fresh_database_url, 400, seed=5, echo=False)
    engine = make_engine(fresh_database_url)
    try:
        factory = make_session_factory(engine)
        with UnitOfWork(factory) as u:
            report = index.build(u, AS_OF, NOW)
            u.commit()
        with UnitOfWork(factory, read_only=True) as u:
            assert _stored(u) == _recounted(u)
            assert _board(u) == _board_recounted(u)
            assert _city_total(u) == report.entries > 1000
    finally:
        engine.dispose()
