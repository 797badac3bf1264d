"""Corrections and voids of expenditures beside the append-only rows [Y10][Y16]: the database
keeps both, a race from one version loses, every audit path counts them as they stand."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lifecycle.errors import ConflictError
from lifecycle.funding.audit import run_audit
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditure_changes import (
    CorrectExpenditure,
    VoidExpenditure,
    correct_expenditure,
    void_expenditure,
)
from lifecycle.funding.model import ExpenditureChange, ExpenditureChangeKind
from lifecycle.funding.vocab import FindingKind
from lifecycle.scope import EVERYTHING, Scope
from tests import factories as f
from tests.integration.test_funding import _grant, _spend

AS_OF = f.AS_OF


def _open(u, d, kind: FindingKind) -> list:
    return [x for x, r in u.funding.findings_of(d.id) if x.kind is kind and r is None]


def test_changes_are_append_only_and_the_expenditure_row_is_never_rewritten(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        spent = _spend(u, d, "4,000.00")
        unit = f.unit_contact(u, d)
        correct_expenditure(
            u, CorrectExpenditure(spent.id, "多录一个零", 1, amount_yuan="400.00"),
            actor=unit, as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        u.session.expire_all()
        assert u.session.get(type(spent), spent.id).amount_fen == 400_000  # as first reported
        for sql in (
            "UPDATE funding_expenditure_changes SET amount_fen = 1",
            "DELETE FROM funding_expenditure_changes",
        ):
            nested = u.session.begin_nested()
            with pytest.raises(DBAPIError):
                u.session.execute(text(sql))
            nested.rollback()
        assert u.funding.standing_expenditure(spent.id, EVERYTHING).amount_fen == 40_000


def test_two_changes_from_one_version_one_is_refused(uow, monkeypatch):
    """The version check cannot see a change committed meanwhile; the unique (expenditure,
    version) can: the late one is refused as stale, nothing of it written."""
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        spent = _spend(u, d, "4,000.00")
        unit = f.unit_contact(u, d)
        read = u.funding.standing_expenditure(spent.id, EVERYTHING)  # version 1, as read
        # What a simultaneous request stored after this one read version 1.
        u.funding.add_expenditure_change(
            ExpenditureChange(
                expenditure_id=spent.id, version=2, kind=ExpenditureChangeKind.VOID,
                reason="他人作废", changed_on=AS_OF, changed_by="他人",
            )
        )  # fmt: skip
        monkeypatch.setattr(u.funding, "standing_expenditure", lambda *_a: read)
        with pytest.raises(ConflictError):
            correct_expenditure(
                u, CorrectExpenditure(spent.id, "改", 1, amount_yuan="1.00"),
                actor=unit, as_of=AS_OF, scope=EVERYTHING,
            )  # fmt: skip
        monkeypatch.undo()
        stored = u.funding.standing_expenditure(spent.id, EVERYTHING)
        assert (stored.version, stored.voided, stored.amount_fen) == (2, True, 400_000)


def test_the_full_audit_of_a_subtree_counts_them_as_they_stand(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2026, 1, 5))
        _grant(u, d, approved_on=date(2026, 1, 10), paid_on=date(2026, 1, 10))
        unit = f.unit_contact(u, d)
        first = _spend(u, d, "300", spent_on=date(2026, 2, 1), receipt_ref="R1")
        again = _spend(u, d, "300", spent_on=date(2026, 2, 2), receipt_ref="R1")
        travel = _spend(
            u, d, "200", ExpenditureCategory.TRAVEL, spent_on=date(2026, 2, 3), receipt_ref="R2"
        )
        assert _open(u, d, FindingKind.DUPLICATE_RECEIPT)
        assert _open(u, d, FindingKind.FORBIDDEN_CATEGORY)
        void_expenditure(
            u, VoidExpenditure(again.id, "同一票据重复登记", 1),
            actor=unit, as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        correct_expenditure(
            u, CorrectExpenditure(travel.id, "实为培训交流", 1, category="training_exchange"),
            actor=unit, as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        report = run_audit(u, as_of=AS_OF, actor=f.OFFICER, scope=Scope.subtree(tree.district.path))
        assert report.stored == 0
        assert not _open(u, d, FindingKind.DUPLICATE_RECEIPT)
        assert not _open(u, d, FindingKind.FORBIDDEN_CATEGORY)
        summary = {
            (c.category, c.spent_fen)
            for c in __import__("lifecycle.views.funding_summary", fromlist=["union_summary"])
            .union_summary(u, tree.district.id, scope=EVERYTHING)
            .by_category
        }
        assert summary == {("books", 30_000), ("training_exchange", 20_000)}
        ledger_ids = {x.id for x in u.funding.expenditures_of(d.id) if not x.voided}
        assert ledger_ids == {first.id, travel.id}
