"""Money findings follow the money [Y16][S10]: after every grant, payment, correction or void the
designation's findings are brought up to date in the same transaction, whatever the entry order."""

from __future__ import annotations

import threading
from datetime import date, datetime, time
from itertools import permutations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from lifecycle.accounts.service import issue_token
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.grant_changes import RecordPayment, VoidGrant, record_payment, void_grant
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import AuditFinding, FindingResolution, Grant
from lifecycle.funding.payer import paying_union_of
from lifecycle.funding.vocab import FindingKind, GrantKind
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f

AS_OF = f.AS_OF
MATCHING = (FindingKind.MATCHING_SHORT, FindingKind.MATCHING_MISSING)
CITY = ("city", GrantKind.ONE_OFF, None, date(2026, 1, 5), date(2026, 1, 10))


def _record(u, d, entry) -> Grant:
    ref, kind, amount, approved_on, paid_on = entry
    cmd = RecordGrant(d.id, kind, ref, approved_on, paid_on, amount_yuan=amount)
    payer = f.finance_of(paying_union_of(d, kind))
    return record_grant(u, cmd, actor=payer, as_of=AS_OF, scope=EVERYTHING)


def _open(u, d) -> list[AuditFinding]:
    stmt = (
        select(AuditFinding)
        .outerjoin(FindingResolution, FindingResolution.finding_id == AuditFinding.id)
        .where(
            AuditFinding.designation_id == d.id,
            AuditFinding.kind.in_(MATCHING),
            FindingResolution.id.is_(None),
        )
    )
    return list(u.session.scalars(stmt))


def _city_title(u):
    tree = f.union_tree(u)
    return f.named_designation(
        u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
    )


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_matching_paid_up_in_two_instalments_leaves_no_open_shortfall_in_any_order(uow, order):
    entries = [
        CITY,
        ("配套一", GrantKind.MATCHING, "10000", date(2026, 2, 1), date(2026, 2, 1)),
        ("配套二", GrantKind.MATCHING, "10000", date(2026, 2, 15), date(2026, 2, 15)),
    ]
    with uow() as u:
        d = _city_title(u)
        for i in order:
            _record(u, d, entries[i])
        assert _open(u, d) == []
        # What was found on the way stays stored, closed with a note.
        for finding in u.session.scalars(
            select(AuditFinding).where(AuditFinding.designation_id == d.id)
        ):
            assert finding.kind in MATCHING
            note = u.funding.resolution_of(finding.id)
            assert note is not None
            assert "不再成立" in note.note


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_one_fen_short_leaves_exactly_one_open_finding_of_one_fen(uow, order):
    entries = [
        CITY,
        ("配套一", GrantKind.MATCHING, "10000", date(2026, 2, 1), date(2026, 2, 1)),
        ("配套二", GrantKind.MATCHING, "9999.99", date(2026, 2, 15), date(2026, 2, 15)),
    ]
    with uow() as u:
        d = _city_title(u)
        for i in order:
            _record(u, d, entries[i])
        (short,) = _open(u, d)
        assert short.kind is FindingKind.MATCHING_SHORT
        assert short.amount_fen == 1


def test_payments_recorded_in_another_order_than_the_grants_settle_the_same(uow):
    with uow() as u:
        d = _city_title(u)
        late = _record(u, d, ("配套一", GrantKind.MATCHING, "10000", date(2026, 2, 1), None))
        _record(u, d, CITY)
        _record(u, d, ("配套二", GrantKind.MATCHING, "10000", date(2026, 2, 2), date(2026, 2, 2)))
        assert [x.amount_fen for x in _open(u, d)] == [1_000_000]
        record_payment(
            u,
            RecordPayment(late.id, date(2026, 2, 3)),
            actor=f.finance_of(d.district_union_id),  # the district's matching [S10]
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        assert _open(u, d) == []


def test_matching_voided_after_it_settled_the_missing_matching_is_open_again(uow):
    """配套 recorded (the overdue finding closed by the audit), then voided as entered in error:
    the district's matching is missing again [S10], and a new finding says so."""
    with uow() as u:
        d = _city_title(u)
        _record(u, d, CITY)
        (missing,) = _open(u, d)
        matching = _record(
            u, d, ("配套", GrantKind.MATCHING, "20000", date(2026, 2, 1), date(2026, 2, 1))
        )
        assert _open(u, d) == []
        district = f.finance_of(d.district_union_id)  # the district's matching [S10]
        void_grant(
            u, VoidGrant(matching.id, "重复录入"), actor=district, as_of=AS_OF, scope=EVERYTHING
        )
        (again,) = _open(u, d)
        assert (again.kind, again.key, again.occurrence) == (missing.kind, missing.key, 2)
        resolution = u.funding.resolution_of(missing.id)
        assert resolution is not None
        assert resolution.by_audit


NOW = datetime.combine(AS_OF, time(10, 0), tzinfo=SHANGHAI)


def test_six_simultaneous_one_off_grants_give_one_201_and_refusals_never_a_5xx(
    fresh_database_url, tmp_path
):
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        principal, _ = f.user(u, Role.FINANCE, tree.district.id)
        token = issue_token(u, principal, "并发", NOW).plaintext
        u.commit()
        designation_id = d.id
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    statuses: list[int] = []
    start = threading.Barrier(6)
    with TestClient(create_app(settings, clock=lambda: NOW)) as client:

        def grant(n: int) -> None:
            start.wait()
            answer = client.post(
                f"/api/v1/designations/{designation_id}/grants",
                headers={"Authorization": f"Bearer {token}"},
                json={
                    "kind": "one_off",
                    "approval_ref": f"杨工〔2026〕{n}号",
                    "approved_on": "2026-11-01",
                },
            )
            statuses.append(answer.status_code)

        threads = [threading.Thread(target=grant, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    engine.dispose()
    assert sorted(statuses)[0] == 201
    assert statuses.count(201) == 1
    assert all(s in {409, 422} for s in statuses if s != 201), statuses
