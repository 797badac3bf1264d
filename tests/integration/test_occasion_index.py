"""The materialised occasion index answers exactly what the generators answer, and stays true."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from lifecycle.designations.model import Designation
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind
from lifecycle.filings.service import FileYearly, file_yearly
from lifecycle.funding.audit import ResolveFinding, resolve_finding, run_audit
from lifecycle.funding.model import Expenditure
from lifecycle.funding.occasions import matching_finding
from lifecycle.funding.vocab import ResolutionOutcome
from lifecycle.occasions import index
from lifecycle.occasions.facts import Window
from lifecycle.occasions.index_model import KEY_COLUMNS, OccasionEntry, OccasionTally
from lifecycle.occasions.index_repository import TALLIED_COLUMNS
from lifecycle.occasions.model import OccasionKind
from lifecycle.occasions.service import iter_occasions_for_union, occasions_for_union
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from tests import factories as f

AS_OF = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
PDF = Upload("自查报告.pdf", b"%PDF-1.4 self check")


def _fields(o):
    """What an answer holds of an occasion: the index keeps the day it arose too."""
    return (o.key, o.due_on, o.status, o.union_id, o.title, o.link, o.subject, o.arose_on)


def _answer(u, union_id, start, end, as_of, **kw):
    kw.setdefault("scope", EVERYTHING)
    found = occasions_for_union(u, union_id, start, end, as_of, outstanding_only=True, **kw)
    return [
        (o.key, o.due_on, o.status, o.union_id, o.title, o.link, o.subject, o.arose_on)
        for o in found
    ]


def _computed(u, union_id, start, end, as_of, **kw):
    """The same question answered by the generators (the index is ignored past its horizon)."""
    kw.setdefault("scope", EVERYTHING)
    found = iter_occasions_for_union(u, union_id, start, end, as_of, **kw)
    rows = [o for o in found if o.status.value != "done"]
    rows.sort(key=lambda o: o.sort_key)
    return [
        (o.key, o.due_on, o.status, o.union_id, o.title, o.link, o.subject, o.arose_on)
        for o in rows
    ]


def _arisen(u, as_of, since):
    """The keys of the duties the index holds arisen from ``since`` through ``as_of``, due within
    60 days after or overdue (the sweep's range read of new duties), and the generators' answer."""
    window = Window(as_of, as_of + timedelta(days=60))
    got = {o.key for o in index.read(u, None, window, as_of, arose=(since, as_of))}
    want = set()
    for root in u.session.query(Union).filter(Union.parent_id.is_(None)):
        for o in iter_occasions_for_union(u, root.id, as_of, window.end, as_of, scope=EVERYTHING):
            arose = o.arose_on is not None and since <= o.arose_on <= as_of
            if arose and o.status.value != "done":
                want.add(o.key)
    return got, want


def _unions(u):
    return u.session.query(Union).order_by(Union.id).all()


def test_index_equals_generators_on_the_demo_registry(demo_uow):
    with demo_uow() as u:
        report = index.build(u, AS_OF, NOW)
        u.commit()
        assert report.entries > 0
        assert report.through == AS_OF + index.AHEAD
    with demo_uow() as u:
        assert index.usable(u, AS_OF + timedelta(days=365), AS_OF)
        assert not index.usable(u, AS_OF + timedelta(days=800), AS_OF)
        assert not index.usable(u, AS_OF, AS_OF - timedelta(days=1))
        checked = 0
        for union in _unions(u):
            for as_of in (AS_OF, AS_OF + timedelta(days=40), date(2027, 1, 2), date(2027, 10, 2)):
                for start, end in (
                    (as_of, as_of + timedelta(days=30)),
                    (as_of, as_of + timedelta(days=365)),
                    (as_of - timedelta(days=90), as_of + timedelta(days=60)),
                ):
                    got = _answer(u, union.id, start, end, as_of)
                    want = _computed(u, union.id, start, end, as_of)
                    assert got == want, (union.name, as_of, start, end)
                    checked += len(got)
        assert checked > 100  # the demo owes plenty: the comparison is not vacuous
        kinds = {OccasionKind.CYCLE_INSPECTION, OccasionKind.DRIFT_NO_PROJECT}
        city = _unions(u)[0]
        got = _answer(u, city.id, AS_OF, AS_OF + timedelta(days=365), AS_OF, kinds=kinds)
        assert got == _computed(u, city.id, AS_OF, AS_OF + timedelta(days=365), AS_OF, kinds=kinds)
        assert {key.split(":")[0] for key, *_ in got} <= {k.value for k in kinds}
        assert all(arose is not None for *_, arose in got)  # each title's duties: its naming


def test_a_change_rewrites_the_entries_in_the_same_transaction(demo_uow, tmp_path):
    with demo_uow() as u:
        index.build(u, AS_OF, NOW)
        u.commit()
    with demo_uow() as u:
        city = _unions(u)[0]
        end = date(2027, 1, 31)
        before = _answer(u, city.id, AS_OF, end, date(2027, 1, 5))
        filing = next(key for key, *_ in before if key.startswith("self_check_filing:"))
        _, designation_id, year = filing.split(":")
        file_yearly(
            u,
            FileStorage(tmp_path),
            FileYearly(int(designation_id), int(year), FilingKind.SELF_CHECK, AS_OF, PDF),
            actor=f.unit_filer(u, int(designation_id)),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        u.commit()
    with demo_uow() as u:
        after = _answer(u, city.id, AS_OF, end, date(2027, 1, 5))
        assert filing not in {key for key, *_ in after}
        assert after == _computed(u, city.id, AS_OF, end, date(2027, 1, 5))


def _stored(u):
    """Every entry as stored (its id apart) by key, and the entries' ids by key."""
    rows = u.session.execute(select(OccasionEntry)).scalars().all()
    columns = [c.key for c in OccasionEntry.__table__.c if c.key != "id"]
    return {r.key: tuple(getattr(r, c) for c in columns) for r in rows}, {r.key: r.id for r in rows}


def _tallied(entry):
    return {c.key: getattr(entry, c.key) for c in TALLIED_COLUMNS}


def test_a_rewrite_writes_only_what_differs_and_ends_as_a_build(demo_uow):
    """Entries changed, lost or left over are set right; the others are not written again."""
    with demo_uow() as u:
        index.build(u, AS_OF, NOW)
        u.commit()
    with demo_uow() as u:
        first, second, third = u.session.scalars(
            select(OccasionEntry).order_by(OccasionEntry.key).limit(3)
        )
        first.title = "已过时的标题"  # stale text under the same key
        lost = second.key
        stale = OccasionEntry(  # an entry the rules no longer make
            **{c.key: getattr(third, c.key) for c in OccasionEntry.__table__.c if c.key != "id"}
            | {"key": "stale:entry"}
        )
        counts: index.Counts = {}  # the tally follows the tampering: it was true before
        index.count(counts, [_tallied(second)], sign=-1)
        index.count(counts, [_tallied(stale)])
        u.occasion_index.adjust_tally(list(index.tally_rows(counts)))
        u.session.delete(second)
        u.session.add(stale)
        u.session.flush()
        u.session.info.pop("occasions_touched", None)  # the tampering is not a change to follow
        _, ids_before = _stored(u)
        all_ids = set(u.session.scalars(select(Designation.id)))
        written = index.refresh(u, index.Touched(designations=all_ids))
        u.commit()
    with demo_uow() as u:
        refreshed, ids_after = _stored(u)
        assert written == 2  # the changed entry and the lost one; nothing else rewritten
        kept = set(ids_before) - {first.key, lost, "stale:entry"}
        assert all(ids_after[key] == ids_before[key] for key in kept)
        counts = {}
        index.count(counts, u.session.execute(select(*TALLIED_COLUMNS)).mappings())
        recounted = {key: n for key, n in counts.items() if n[0]}
        tally = {
            tuple(getattr(r, n) for n in KEY_COLUMNS): [r.entries, r.mine]
            for r in u.session.scalars(select(OccasionTally))
        }
        assert tally == recounted
        index.build(u, AS_OF, NOW)
        assert _stored(u)[0] == refreshed


def test_ensure_rebuilds_only_when_the_horizon_runs_short(demo_uow):
    with demo_uow() as u:
        first = index.ensure(u, AS_OF, NOW)
        u.commit()
        assert first is not None
    with demo_uow() as u:
        assert index.ensure(u, AS_OF + timedelta(days=60), NOW) is None
        later = AS_OF + index.AHEAD - index.MIN_AHEAD + timedelta(days=1)
        again = index.ensure(u, later, NOW)
        assert again is not None
        assert again.through == later + index.AHEAD


def test_index_equals_generators_on_a_generated_registry(fresh_database_url):
    """The projection equals the rule on a registry shaped as the benchmarks' (bench/synthetic)."""
    from bench.synthetic import populate
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.uow import UnitOfWork

    populate(fresh_database_url, 600, seed=11, echo=False)
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            report = index.build(u, AS_OF, NOW)
            u.commit()
            assert report.designations > 500
        with UnitOfWork(factory, read_only=True) as u:
            unions = [x for x in _unions(u) if x.level.value in ("city", "district")]
            checked = 0
            for union in unions:
                for as_of in (AS_OF, date(2026, 12, 1), date(2027, 3, 1)):
                    start, end = as_of, as_of + timedelta(days=60)
                    got = _answer(u, union.id, start, end, as_of)
                    assert got == _computed(u, union.id, start, end, as_of), (union.id, as_of)
                    checked += len(got)
            assert checked > 1000
            # The duties arisen in a date range (the sweep's new duties) are the generators'.
            arisen = 0
            for as_of in (AS_OF, date(2026, 12, 1), date(2027, 3, 1)):
                # The sweep's range, and one from long ago (every title named before as_of).
                for since in (as_of - timedelta(days=60), date(2000, 1, 1)):
                    got_keys, want_keys = _arisen(u, as_of, since)
                    assert got_keys == want_keys, (as_of, since)
                    arisen += len(got_keys)
            assert arisen > 1000
    finally:
        engine.dispose()


def _index_and_tally(u):
    """The entries as stored (their ids apart) and the tally, to compare with a fresh build."""
    tally = u.session.execute(select(OccasionTally)).scalars().all()
    columns = [c.key for c in OccasionTally.__table__.c]
    return _stored(u)[0], {tuple(getattr(r, c) for c in columns) for r in tally}


def _as_built(u):
    """The index as it stands equals a fresh build (then rolled back); the entries."""
    now = _index_and_tally(u)
    index.build(u, AS_OF, NOW)
    assert _index_and_tally(u) == now
    u.session.rollback()
    return now[0]


def _audit_and_resolution_end_as_a_build(factory) -> None:
    """After the full audit (findings stored and closed, their titles' entries rewritten on
    commit) and after a finding resolved, the index and the tally are a fresh build's."""
    with factory() as u:
        index.build(u, AS_OF, NOW)
        u.commit()
    with factory() as u:
        before = _stored(u)[0]
        # Spending loaded in bulk (as the benchmark's: no occasion reads it, only the audit).
        [spender] = u.funding.designation_ids(EVERYTHING, after_id=0, limit=1)
        travel = {"designation_id": spender, "spent_on": date(2026, 11, 2), "amount_fen": 50_000}
        travel |= {"payee": "旅行社", "category": "travel", "description": "差旅"}
        u.session.execute(insert(Expenditure), [travel | {"entered_by": "-", "created_at": NOW}])
        report = run_audit(u, as_of=date(2027, 6, 1), actor=f.OFFICER, scope=EVERYTHING)
        assert report.stored > 0
        u.commit()
    with factory() as u:
        after = _as_built(u)
        assert any(k.startswith("funding_finding:") for k in after.keys() - before.keys())
        open_ = u.funding.open_findings(EVERYTHING)
        # A matching shortfall first: resolving it renames the district's matching duty.
        finding = min(open_, key=lambda x: (not matching_finding(x.kind), x.id))
        title = u.designations.get(finding.designation_id, EVERYTHING)
        assert title is not None
        assert finding.kind != "ineligible_grant"
        cmd = ResolveFinding(finding.id, ResolutionOutcome.EXPLAINED, "已说明", date(2027, 6, 2))
        actor = f.finance_of(title.district_union_id)
        resolve_finding(u, cmd, actor=actor, as_of=date(2027, 6, 2), scope=EVERYTHING)
        u.commit()
    with factory() as u:
        resolved = _as_built(u)
        assert not any(k.endswith(f":{finding.id}") for k in resolved)


def test_the_audit_and_a_resolution_leave_the_index_as_a_build_on_the_demo(demo_uow):
    _audit_and_resolution_end_as_a_build(demo_uow)


def test_the_audit_and_a_resolution_leave_the_index_as_a_build_when_generated(
    fresh_database_url,
):
    """The same on a registry shaped as the audit benchmark's (bench/audit: money loaded)."""
    from bench.audit import load_money
    from bench.synthetic import populate
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.uow import UnitOfWork

    populate(fresh_database_url, 600, seed=11, echo=False)
    load_money(fresh_database_url)
    engine = make_engine(fresh_database_url)
    try:
        factory = make_session_factory(engine)
        _audit_and_resolution_end_as_a_build(lambda: UnitOfWork(factory))
    finally:
        engine.dispose()
