"""Expenditures and the funding audit [Y16][S10]: forbidden uses, overspending,
spending after the end and duplicate receipts are findings, never refusals; nothing
reported is lost, rewritten or deleted; bad input refused whole; finance changes no
lifecycle state; scope hides another district's money."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from lifecycle.designations.model import StatusChange
from lifecycle.errors import AppendOnlyViolation, NotFound, ValidationFailed
from lifecycle.funding.audit import ResolveFinding, resolve_finding, run_audit
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grant_changes import (
    RecordPayment,
    record_payment,
)
from lifecycle.funding.model import Expenditure
from lifecycle.funding.refunds import Refund
from lifecycle.funding.vocab import FindingKind, ResolutionOutcome
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.views.funding import designation_ledger
from lifecycle.views.funding_summary import union_summary
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.integration.test_funding import AS_OF, FINANCE, _findings, _grant, _spend


def test_travel_is_stored_found_in_the_ledger_and_resolved_keeping_the_finding(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2026, 3, 1))
        _grant(u, d, approved_on=date(2026, 3, 10), paid_on=date(2026, 3, 20))
        _spend(u, d, "2,000.00", ExpenditureCategory.EQUIPMENT, spent_on=date(2026, 4, 1))
        travel = _spend(u, d, "1,234.56", ExpenditureCategory.TRAVEL, spent_on=date(2026, 5, 6))
        assert u.session.get(Expenditure, travel.id) is not None
        (finding,) = _findings(u, d, FindingKind.FORBIDDEN_CATEGORY)
        assert finding.expenditure_id == travel.id
        assert "差旅" in finding.message
        assert "[Y16]" in finding.message

        ledger = designation_ledger(u, d.id, scope=EVERYTHING)
        assert ledger.received_fen == 1_000_000
        assert ledger.spent_fen == 200_000 + 123_456
        assert ledger.balance_fen == 1_000_000 - 323_456
        assert [line.balance_fen for line in ledger.lines] == [1_000_000, 800_000, 676_544]
        assert ledger.lines[-1].findings == ("支出类别属禁止用途",)

        resolution = resolve_finding(
            u,
            ResolveFinding(
                finding.id,
                ResolutionOutcome.REFUNDED,
                "已退回差旅费",
                AS_OF,
                Refund("1,234.56", AS_OF, "退款凭证-1"),
            ),
            actor=f.finance_of(tree.district.id),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        assert resolution.resolved_by == f.finance_of(tree.district.id).name
        (kept,) = designation_ledger(u, d.id, scope=EVERYTHING).findings
        assert kept.id == finding.id
        assert kept.outcome == "refunded"
        assert not kept.open
        assert kept.resolution_note == "已退回差旅费"
        with pytest.raises(ValidationFailed) as err:
            resolve_finding(
                u,
                ResolveFinding(finding.id, ResolutionOutcome.EXPLAINED, "再次处理", AS_OF),
                actor=f.finance_of(tree.district.id),
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.code == "already_resolved"


def test_rerunning_the_audit_stores_nothing_twice(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        _spend(u, d, "10", ExpenditureCategory.ALLOWANCE, receipt_ref=None)
        first = len(_findings(u, d))
        assert first == 3  # forbidden category, missing receipt, spent with no funds received
        again = run_audit(u, as_of=AS_OF, actor=FINANCE, scope=Scope.subtree(tree.district.path))
        assert again.stored == 0
        assert again.present == first
        assert len(_findings(u, d)) == first


def test_findings_and_expenditures_are_never_deleted_nor_rewritten(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        spent = _spend(u, d, "10", ExpenditureCategory.SUBSIDY)
        u.commit()
        for sql in (
            "DELETE FROM funding_findings WHERE designation_id = :d",
            "UPDATE funding_findings SET message = 'x' WHERE designation_id = :d",
            "UPDATE funding_expenditures SET amount_fen = 1 WHERE designation_id = :d",
            "DELETE FROM funding_expenditures WHERE designation_id = :d",
        ):
            nested = u.session.begin_nested()
            with pytest.raises(DBAPIError):
                u.session.execute(text(sql), {"d": d.id})
            nested.rollback()
        (finding, *_) = _findings(u, d)
        u.session.delete(finding)
        with pytest.raises(AppendOnlyViolation):
            u.session.flush()
        assert u.session.get(Expenditure, spent.id) is not None


def test_overspending_after_end_and_duplicate_receipts_are_findings(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2026, 1, 5))
        _grant(u, d, approved_on=date(2026, 1, 10), paid_on=date(2026, 1, 10))
        _spend(u, d, "9,000", spent_on=date(2026, 2, 1), receipt_ref="R1")
        over = _spend(u, d, "1,500", spent_on=date(2026, 3, 1), receipt_ref="R1")
        kinds = {x.kind for x in _findings(u, d) if x.expenditure_id == over.id}
        assert kinds == {FindingKind.OVERSPENT, FindingKind.DUPLICATE_RECEIPT}
        (overspent,) = _findings(u, d, FindingKind.OVERSPENT)
        assert overspent.evidence["balance_fen"] == -50_000
        d.ended_on = date(2026, 6, 30)
        d.status = DesignationStatus.EXITED
        u.flush()
        late = _spend(u, d, "10", spent_on=date(2026, 7, 1), receipt_ref="R9")
        (after,) = _findings(u, d, FindingKind.AFTER_END)
        assert after.expenditure_id == late.id


def test_expenditure_input_is_refused_whole_naming_each_field(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        cmd = RecordExpenditure(d.id, date(2026, 11, 22), "1e3", " ", "coffee", "")
        with pytest.raises(ValidationFailed) as err:
            record_expenditure(u, cmd, actor=FINANCE, as_of=AS_OF, scope=EVERYTHING)
        fields = {p.field for p in err.value.problems}
        assert fields == {"spent_on", "amount_yuan", "payee", "category", "description"}
        assert u.session.scalar(select(func.count()).select_from(Expenditure)) == 0


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("100.005", "invalid_amount"),
        ("-3", "negative_amount"),
        ("1e3", "invalid_amount"),
        ("", "empty_amount"),
    ],
)
def test_bad_amounts_are_refused_with_a_clear_error(uow, amount, code):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        with pytest.raises(ValidationFailed) as err:
            _spend(u, d, amount)
        (problem,) = err.value.problems
        assert problem.field == "amount_yuan"
        assert problem.code == code
        assert "金额" in problem.message


def test_finance_staff_change_no_lifecycle_state(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2026, 1, 5))
        before = (
            d.status,
            d.version,
            u.session.scalar(select(func.count()).select_from(StatusChange)),
        )
        g = _grant(u, d, approved_on=date(2026, 1, 10), paid_on=None)
        finance = f.finance_of(tree.district.id)
        record_payment(
            u, RecordPayment(g.id, date(2026, 2, 1)), actor=finance, as_of=AS_OF, scope=EVERYTHING
        )
        _spend(u, d, "100", ExpenditureCategory.TRAVEL)
        run_audit(u, as_of=AS_OF, actor=FINANCE, scope=EVERYTHING)
        (finding,) = _findings(u, d)
        resolve_finding(
            u,
            ResolveFinding(finding.id, ResolutionOutcome.REFERRED, "移交纪检", AS_OF),
            actor=finance,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        u.session.refresh(d)
        after = (
            d.status,
            d.version,
            u.session.scalar(select(func.count()).select_from(StatusChange)),
        )
        assert after == before


def test_scope_hides_another_districts_money_and_the_summary_adds_up(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2026, 1, 5))
        _grant(u, d, approved_on=date(2026, 1, 10), paid_on=date(2026, 1, 10))
        _spend(u, d, "0.10", ExpenditureCategory.BOOKS, receipt_ref="A")
        _spend(u, d, "0.20", ExpenditureCategory.BOOKS, receipt_ref="B")
        _spend(u, d, "300", ExpenditureCategory.TRAVEL, receipt_ref="C")
        elsewhere = Scope.subtree(tree.other_district.path)
        with pytest.raises(NotFound):
            designation_ledger(u, d.id, scope=elsewhere)
        with pytest.raises(NotFound):
            record_expenditure(
                u,
                RecordExpenditure(d.id, AS_OF, "1", "某", "books", "书", "X"),
                actor=FINANCE,
                as_of=AS_OF,
                scope=elsewhere,
            )
        summary = union_summary(u, tree.district.id, scope=EVERYTHING)
        (scheme,) = summary.by_scheme
        assert (scheme.received_fen, scheme.spent_fen) == (1_000_000, 30_030)  # 0.1 + 0.2 = 0.30
        by_cat = {c.category: (c.spent_fen, c.forbidden) for c in summary.by_category}
        assert by_cat == {"books": (30, False), "travel": (30_000, True)}
        assert [x.kind for x in summary.open_findings] == ["forbidden_category"]
        other = union_summary(u, tree.other_district.id, scope=EVERYTHING)
        assert other.by_scheme == ()
        assert other.open_findings == ()
