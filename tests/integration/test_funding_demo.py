"""The demo's money: grants, a district matching, expenditures with one 差旅 finding, once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo import load_demo
from lifecycle.funding.model import AuditFinding, Expenditure, Grant
from lifecycle.funding.vocab import FindingKind, GrantKind
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy

AS_OF = date(2026, 11, 21)


def _counts(u: UnitOfWork) -> tuple[int, ...]:
    return tuple(
        u.session.scalar(select(func.count()).select_from(t)) or 0
        for t in (Grant, Expenditure, AuditFinding)
    )


def test_demo_money_loads_once(demo_copy: DemoCopy):
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
            first = _counts(u)
        load_demo(lambda: UnitOfWork(sessions), as_of=AS_OF + timedelta(days=400))
        with UnitOfWork(sessions) as u:
            assert _counts(u) == first
    finally:
        engine.dispose()
