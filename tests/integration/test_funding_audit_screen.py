"""The batch audit screens expenditures in SQL; it must find exactly what the rules find [Y16][S10].

``run_audit`` reads only the expenditures a rule can find something on (forbidden category,
after the title ended, missing or reused receipt, designations whose running balance dips below
zero). Here every awkward case is loaded directly (no service, no audit on entry) and the stored
findings are compared, field by field, with ``rules.audit`` over all of each designation's money.
"""

from __future__ import annotations

from datetime import date
from itertools import count

from sqlalchemy import select

from lifecycle.funding.audit import run_audit
from lifecycle.funding.categories import ExpenditureCategory as C
from lifecycle.funding.model import AuditFinding, Expenditure, Grant
from lifecycle.funding.rules import ExpenditureFact, FundingFacts, GrantFact, audit
from lifecycle.funding.vocab import FindingKind as K
from lifecycle.funding.vocab import GrantKind
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import DesignationStatus
from tests import factories as f

AS_OF = f.AS_OF
FINANCE = f.OFFICER
_refs = count(1)


def _grant(u, d, kind, fen, approved_on, paid_on=None, union=None) -> None:
    u.session.add(
        Grant(
            designation_id=d.id,
            kind=kind,
            paying_union_id=(union or d.naming_union_id),
            approval_ref=f"杨工〔2026〕{next(_refs)}号",
            approved_on=approved_on,
            paid_on=paid_on,
            amount_fen=fen,
            entered_by="测试",
        )
    )


def _spend(u, d, fen, on, ref="auto", category=C.BOOKS) -> None:
    u.session.add(
        Expenditure(
            designation_id=d.id,
            spent_on=on,
            amount_fen=fen,
            payee="上海书城",
            category=category,
            description="书籍",
            receipt_ref=f"FP-{next(_refs)}" if ref == "auto" else ref,
            entered_by="测试",
        )
    )


def _expected(u, d) -> set[tuple]:
    """``rules.audit`` over every grant and expenditure of ``d`` (no screen)."""
    facts = FundingFacts(
        designation_id=d.id,
        scheme_code=d.scheme_code,
        status=d.status,
        naming_date=d.naming_date,
        ended_on=d.ended_on,
        grants=tuple(
            GrantFact(g.id, g.kind, g.amount_fen, g.approved_on, g.paid_on)
            for g in u.funding.grants_of(d.id)
        ),
        expenditures=tuple(
            ExpenditureFact(e.id, e.spent_on, e.amount_fen, e.category, e.receipt_ref)
            for e in u.funding.expenditures_of(d.id)
        ),
    )
    found = audit(facts, get_scheme(d.scheme_code).settings, AS_OF)
    return {
        (x.kind, x.key, x.occurred_on, x.message, repr(sorted(x.evidence.items())), x.amount_fen)
        for x in found
    }


def _stored(u, d) -> set[tuple]:
    rows = u.session.scalars(select(AuditFinding).where(AuditFinding.designation_id == d.id))
    return {
        (x.kind, x.key, x.occurred_on, x.message, repr(sorted(x.evidence.items())), x.amount_fen)
        for x in rows
    }


def _money(u, tree):
    named = date(2026, 1, 5)
    paid = date(2026, 1, 10)
    cases = {}

    d = cases["clean"] = f.named_designation(u, tree, naming_date=named)
    _grant(u, d, GrantKind.ONE_OFF, 1_000_000, paid, paid)
    for day in (2, 3, 4):
        _spend(u, d, 100_000, date(2026, day, 1))

    # Spends before the money arrives, back to exactly zero on a same-day payment, dips again;
    # most of its expenditures have nothing wrong of their own.
    d = cases["dips"] = f.named_designation(u, tree, naming_date=named)
    _spend(u, d, 30_000, date(2026, 1, 8))
    _grant(u, d, GrantKind.ONE_OFF, 1_000_000, paid, paid)
    _spend(u, d, 970_000, paid)
    _spend(u, d, 1, date(2026, 2, 1))
    _spend(u, d, 5_000, date(2026, 3, 1), category=C.TRAVEL)
    _spend(u, d, 7_000, date(2026, 3, 1), ref=None)
    _grant(u, d, GrantKind.MATCHING, 100_000, date(2026, 3, 2), date(2026, 3, 2))
    _spend(u, d, 50_000, date(2026, 4, 1))

    # Spending beyond the first payment, covered by a later one in time: no dip.
    d = cases["covered"] = f.named_designation(u, tree, scheme="shanghai-model-worker")
    _grant(u, d, GrantKind.ONE_OFF, 2_000_000, paid, paid)
    _grant(u, d, GrantKind.MATCHING, 2_000_000, date(2026, 3, 1), date(2026, 3, 1))
    _spend(u, d, 1_900_000, date(2026, 2, 1))
    _spend(u, d, 1_500_000, date(2026, 3, 1))

    # Receipts: one used three times (the first by date has the larger id), blank, missing.
    d = cases["receipts"] = f.named_designation(u, tree, naming_date=named)
    _grant(u, d, GrantKind.ONE_OFF, 1_000_000, paid, paid)
    _spend(u, d, 100, date(2026, 3, 1), ref="FP-SAME")
    _spend(u, d, 200, date(2026, 2, 1), ref="FP-SAME")
    _spend(u, d, 300, date(2026, 3, 1), ref="FP-SAME")
    _spend(u, d, 400, date(2026, 3, 2), ref="")
    _spend(u, d, 500, date(2026, 3, 3), ref=None)
    _spend(u, d, 600, date(2026, 3, 4), ref="FP-OTHER")

    # Ended title: spending after the end, a grant approved after it, every forbidden category.
    d = cases["ended"] = f.named_designation(u, tree, naming_date=named)
    _grant(u, d, GrantKind.ONE_OFF, 1_000_000, date(2026, 7, 1), date(2026, 7, 2))
    for i, category in enumerate((C.PERSONAL_REWARD, C.ALLOWANCE, C.SUBSIDY, C.TRAVEL)):
        _spend(u, d, 1_000 + i, date(2026, 5, 1 + i), category=category)
    _spend(u, d, 2_000, date(2026, 7, 3))
    d.ended_on = date(2026, 6, 30)
    d.status = DesignationStatus.EXITED

    # Money dated after as_of is not judged yet; a grant approved before it, paid after it.
    d = cases["future"] = f.named_designation(u, tree, scheme="shanghai-model-worker")
    _grant(u, d, GrantKind.ONE_OFF, 2_000_000, date(2026, 11, 1), date(2026, 12, 1))
    _grant(u, d, GrantKind.MATCHING, 500_000, date(2026, 11, 30), date(2026, 11, 30))
    _spend(u, d, 10_000, date(2026, 11, 20))
    _spend(u, d, 10_000, date(2026, 11, 25), category=C.TRAVEL, ref=None)

    # Matching: short, and missing after the period; a one-off approved before naming.
    d = cases["short"] = f.named_designation(u, tree, scheme="shanghai-model-worker")
    _grant(u, d, GrantKind.ONE_OFF, 2_000_000, paid, paid)
    _grant(u, d, GrantKind.MATCHING, 1_500_000, date(2026, 2, 1), date(2026, 2, 1))
    d = cases["missing"] = f.named_designation(
        u, tree, scheme="shanghai-model-worker", naming_date=date(2026, 1, 20)
    )
    _grant(u, d, GrantKind.ONE_OFF, 2_000_000, paid, paid)

    d = cases["never named"] = f.named_designation(u, tree)
    _grant(u, d, GrantKind.ONE_OFF, 1_000_000, paid, paid)
    d.status = DesignationStatus.APPLIED

    d = cases["no grant"] = f.named_designation(u, tree)
    _spend(u, d, 10, date(2026, 5, 1))
    _spend(u, d, 20, date(2026, 5, 1), ref="")
    u.flush()
    return cases


def test_the_screened_audit_stores_exactly_what_the_rules_find_over_all_the_money(uow):
    with uow() as u:
        tree = f.union_tree(u)
        cases = _money(u, tree)
        report = run_audit(u, as_of=AS_OF, actor=FINANCE, batch_size=3, scope=EVERYTHING)
        assert report.designations == len(cases)
        kinds: set[K] = set()
        for name, d in cases.items():
            expected = _expected(u, d)
            assert _stored(u, d) == expected, name
            kinds.update(k for k, *_ in expected)
        assert kinds == set(K)  # every kind of finding is among the cases
        assert _expected(u, cases["clean"]) == set()
        assert _expected(u, cases["covered"]) == set()
        dips = [e for k, *e in _expected(u, cases["dips"]) if k is K.OVERSPENT]
        assert len(dips) == 4  # on 1-08; after back to zero on 1-10, on 2-01 and twice on 3-01
        again = run_audit(u, as_of=AS_OF, actor=FINANCE, batch_size=4, scope=EVERYTHING)
        assert (again.stored, again.present) == (0, report.present)


def test_a_scoped_audit_stores_nothing_outside_its_scope_even_between_its_ids(uow):
    with uow() as u:
        tree = f.union_tree(u)
        # Another district's title between two of ours: a city title of a 浦东 unit.
        elsewhere = f.seen_from_the_other_district(tree)
        mine = f.named_designation(u, tree)
        theirs = f.named_designation(u, elsewhere, scheme="shanghai-model-worker")
        mine_too = f.named_designation(u, tree)
        for d in (mine, theirs, mine_too):
            _spend(u, d, 10, date(2026, 5, 1), category=C.TRAVEL)
        u.flush()
        report = run_audit(u, as_of=AS_OF, actor=FINANCE, scope=Scope.subtree(tree.district.path))
        assert report.designations == 2
        assert _stored(u, theirs) == set() != _expected(u, theirs)  # found, were it audited
        assert _stored(u, mine) == _expected(u, mine) != set()
        assert _stored(u, mine_too) == _expected(u, mine_too) != set()


def test_batches_of_any_size_find_the_same_and_skip_designations_without_money(uow):
    with uow() as u:
        tree = f.union_tree(u)
        quiet = [f.named_designation(u, tree) for _ in range(3)]  # no money: never audited
        cases = _money(u, tree)
        quiet.append(f.named_designation(u, tree))
        u.flush()
        first = run_audit(u, as_of=AS_OF, actor=FINANCE, batch_size=1, scope=EVERYTHING)
        assert first.designations == len(cases)
        for name, d in cases.items():
            assert _stored(u, d) == _expected(u, d), name
        for d in quiet:
            assert _stored(u, d) == set()
        for size in (2, 5, 1000):
            again = run_audit(u, as_of=AS_OF, actor=FINANCE, batch_size=size, scope=EVERYTHING)
            assert (again.designations, again.present, again.stored) == (
                first.designations,
                first.present,
                0,
            )
            assert again.by_kind == first.by_kind
