"""The demo's money: grants, a district matching, expenditures with one 差旅 finding, one
corrected and one voided expenditure, once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo import load_demo
from lifecycle.funding.model import (
    AuditFinding,
    Expenditure,
    ExpenditureChange,
    ExpenditureChangeKind,
    Grant,
)
from lifecycle.funding.vocab import FindingKind, GrantKind
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy

AS_OF = date(2026, 11, 21)


def _counts(u: UnitOfWork) -> tuple[int, ...]:
    return tuple(
        u.session.scalar(select(func.count()).select_from(t)) or 0
        for t in (Grant, Expenditure, ExpenditureChange, AuditFinding)
    )


def test_demo_money_loads_once(demo_copy: DemoCopy) -> None:
    engine = make_engine(demo_copy.url)  # the demo loaded once on AS_OF
    sessions = make_session_factory(engine)
    try:
        with UnitOfWork(sessions) as u:
            kinds = [g.kind for g in u.session.scalars(select(Grant))]
            assert kinds.count(GrantKind.ONE_OFF) == 3
            assert kinds.count(GrantKind.MATCHING) == 1
            findings = {f.kind for f in u.session.scalars(select(AuditFinding))}
            assert FindingKind.FORBIDDEN_CATEGORY in findings
            assert FindingKind.MATCHING_MISSING in findings
            # The unit union's contact corrected one expenditure and voided another (36a).
            changes = list(u.session.scalars(select(ExpenditureChange)))
            assert sorted(c.kind for c in changes) == [
                ExpenditureChangeKind.CORRECTION,
                ExpenditureChangeKind.VOID,
            ]
            # Labelled as every record the demo loads, not as a made-up person (helper ux56).
            assert all(c.version == 2 and c.changed_by == "演示数据导入" for c in changes)
            (spent,) = {e.designation_id for e in u.session.scalars(select(Expenditure))}
            standing = u.funding.expenditures_of(spent)
            assert [e.voided for e in standing].count(True) == 1
            (corrected,) = [e for e in standing if e.corrected]
            assert (corrected.recorded_amount_fen, corrected.amount_fen) == (46_050, 40_650)
            # The 差旅 finding stays: neither change touches it.
            assert not any(e.voided or e.corrected for e in standing if e.category == "travel")
            first = _counts(u)
        load_demo(lambda: UnitOfWork(sessions), as_of=AS_OF + timedelta(days=400))
        with UnitOfWork(sessions) as u:
            assert _counts(u) == first
    finally:
        engine.dispose()
