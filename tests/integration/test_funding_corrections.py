"""Correcting and voiding grants [Y14][S10]: audit trail, version, ledger, uniqueness, findings."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from lifecycle.audit.model import AuditEntry
from lifecycle.audit.recorder import ACTOR_KEY
from lifecycle.errors import ConflictError, NotFound, ValidationFailed
from lifecycle.funding.audit import run_audit
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.excel_export import ledger_workbook
from lifecycle.funding.grant_changes import CorrectGrant, VoidGrant, correct_grant, void_grant
from lifecycle.funding.model import AuditFinding, Grant
from lifecycle.funding.vocab import FindingKind, GrantKind
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.views.funding import designation_ledger
from lifecycle.views.funding_summary import union_summary
from tests import factories as f
from tests.integration.test_funding import _findings, _grant, _spend

AS_OF = f.AS_OF


def _open(u, d, kind: FindingKind) -> list[AuditFinding]:
    return [
        finding
        for finding, resolution in u.funding.findings_of(d.id)
        if finding.kind is kind and resolution is None
    ]


def test_a_correction_keeps_before_and_after_in_the_audit_log_with_the_user(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        u.session.info[ACTOR_KEY] = finance  # as the edge's uow(actor) does
        d = f.named_designation(u, tree, scheme="shanghai-model-worker")
        _grant(u, d)
        matching = _grant(u, d, GrantKind.MATCHING, amount_yuan="15000", approval_ref="错号")
        assert matching.version == 1
        changed = correct_grant(
            u,
            CorrectGrant(
                matching.id,
                "录入时金额和文号填错",
                expected_version=1,
                amount_yuan="20,000.00",
                approval_ref="杨工〔2026〕3号",
            ),
            actor=finance,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        grant = changed.grant
        assert (grant.amount_fen, grant.approval_ref, grant.version) == (
            2_000_000,
            "杨工〔2026〕3号",
            2,
        )
        assert grant.correction_reason == "录入时金额和文号填错"
        assert grant.corrected_by == finance.name
        entries = u.audit.for_record("funding_grants", grant.id)
        update = next(e for e in entries if e.action == "update")
        assert update.before["amount_fen"] == 1_500_000
        assert update.after["amount_fen"] == 2_000_000
        assert update.before["approval_ref"] == "错号"
        assert update.actor_name == finance.name


def test_a_stale_version_or_a_change_of_nothing_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        d = f.named_designation(u, tree)
        grant = _grant(u, d)
        with pytest.raises(ConflictError):
            correct_grant(
                u,
                CorrectGrant(grant.id, "改文号", expected_version=7, approval_ref="新号"),
                actor=finance,
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        with pytest.raises(ValidationFailed) as err:
            correct_grant(
                u, CorrectGrant(grant.id, "无变化"), actor=finance, as_of=AS_OF, scope=EVERYTHING
            )
        assert err.value.code == "no_change"
        with pytest.raises(ValidationFailed) as err:
            correct_grant(
                u,
                CorrectGrant(grant.id, " ", amount_yuan="9999", paid_on=date(2020, 1, 1)),
                actor=finance,
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        fields = {p.field for p in err.value.problems}
        assert {"reason", "amount_yuan", "paid_on"} <= fields  # every bad field at once
        assert u.session.get(Grant, grant.id).amount_fen == 1_000_000


def test_correcting_a_grant_out_of_scope_is_not_found(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        d = f.named_designation(u, tree)
        grant = _grant(u, d)
        with pytest.raises(NotFound):
            void_grant(
                u,
                VoidGrant(grant.id, "误录"),
                actor=finance,
                as_of=AS_OF,
                scope=Scope.subtree(tree.other_district.path),
            )


def test_a_voided_grant_stays_visible_counts_for_nothing_and_a_new_one_may_follow(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        d = f.named_designation(u, tree, naming_date=date(2026, 3, 1))
        wrong = _grant(
            u,
            d,
            approval_ref="杨工〔2026〕99号",
            approved_on=date(2026, 3, 10),
            paid_on=date(2026, 3, 20),
        )
        voided = void_grant(
            u,
            VoidGrant(wrong.id, "重复录入，文号有误"),
            actor=finance,
            as_of=AS_OF,
            scope=EVERYTHING,
        ).grant
        assert voided.voided_on == AS_OF
        assert voided.voided_by == finance.name
        ledger = designation_ledger(u, d.id, scope=EVERYTHING)
        assert ledger.received_fen == 0
        assert ledger.lines == ()
        assert [(g.id, g.voided) for g in ledger.grants] == [(wrong.id, True)]
        summary = union_summary(u, tree.district.id, scope=EVERYTHING)
        assert sum(t.received_fen for t in summary.by_scheme) == 0
        with pytest.raises(ValidationFailed) as err:
            void_grant(
                u, VoidGrant(wrong.id, "再作废"), actor=finance, as_of=AS_OF, scope=EVERYTHING
            )
        assert err.value.code == "voided"
        with pytest.raises(ValidationFailed):
            correct_grant(
                u,
                CorrectGrant(wrong.id, "改", approval_ref="x"),
                actor=finance,
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        # The one-off grant may now be recorded again, once.
        right = _grant(
            u,
            d,
            approval_ref="杨工〔2026〕8号",
            approved_on=date(2026, 3, 10),
            paid_on=date(2026, 3, 20),
        )
        assert designation_ledger(u, d.id, scope=EVERYTHING).received_fen == 1_000_000
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d, approval_ref="杨工〔2026〕9号")
        assert err.value.code == "duplicate_one_off"
        assert u.session.get(Grant, wrong.id) is not None  # never deleted
        assert right.id != wrong.id
        # The Excel ledger lists both grants, the voided one marked and not counted.
        grants = load_workbook(
            BytesIO(ledger_workbook(designation_ledger(u, d.id, scope=EVERYTHING)))
        )["补贴记录"]  # the page's word for the records [Y14]
        listed = {r[1]: (r[5], r[7]) for r in grants.iter_rows(min_row=3, values_only=True)}
        assert listed == {
            "杨工〔2026〕99号": ("已作废", "重复录入，文号有误"),
            "杨工〔2026〕8号": ("有效", None),  # an empty cell
        }


def test_the_database_allows_one_live_one_off_grant_beside_voided_ones(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        d = f.named_designation(u, tree)
        first = _grant(u, d)
        void_grant(u, VoidGrant(first.id, "误录"), actor=finance, as_of=AS_OF, scope=EVERYTHING)
        row = {
            "designation_id": d.id,
            "kind": GrantKind.ONE_OFF,
            "paying_union_id": first.paying_union_id,
            "approval_ref": "绕过服务检查",
            "approved_on": AS_OF,
            "paid_on": AS_OF,
            "amount_fen": 1_000_000,
            "entered_by": "直接写库",
        }
        u.session.execute(insert(Grant), [row])  # beside a voided one: allowed
        with pytest.raises(IntegrityError):
            u.session.execute(insert(Grant), [{**row, "approval_ref": "第二笔"}])


def test_a_correction_supersedes_the_findings_only_the_old_amount_produced(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        _grant(u, d, approved_on=date(2026, 1, 5), paid_on=date(2026, 1, 10))
        matching = _grant(
            u,
            d,
            GrantKind.MATCHING,
            amount_yuan="15000",
            approved_on=date(2026, 2, 1),
            paid_on=date(2026, 2, 1),
        )
        (short,) = _open(u, d, FindingKind.MATCHING_SHORT)
        changed = correct_grant(
            u,
            CorrectGrant(matching.id, "到账金额为2万元，录入有误", amount_yuan="20000"),
            actor=finance,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        assert changed.settled.closed == (short.id,)
        assert _open(u, d, FindingKind.MATCHING_SHORT) == []
        kept = next(
            v for v in designation_ledger(u, d.id, scope=EVERYTHING).findings if v.id == short.id
        )
        assert not kept.open
        assert "不再成立" in (kept.resolution_note or "")
        assert "到账金额为2万元" in (kept.resolution_note or "")
        # Re-running the audit finds nothing new and reopens nothing.
        report = run_audit(u, as_of=AS_OF, actor=finance, scope=Scope.subtree(tree.district.path))
        assert report.stored == 0
        assert _open(u, d, FindingKind.MATCHING_SHORT) == []


def test_voiding_the_only_grant_makes_the_spending_an_overspend_finding(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        d = f.named_designation(u, tree, naming_date=date(2026, 3, 1))
        grant = _grant(u, d, approved_on=date(2026, 3, 10), paid_on=date(2026, 3, 20))
        spent = _spend(u, d, "800.00", ExpenditureCategory.BOOKS, spent_on=date(2026, 4, 1))
        assert _findings(u, d, FindingKind.OVERSPENT) == []
        void_grant(
            u, VoidGrant(grant.id, "拨付被撤销"), actor=finance, as_of=AS_OF, scope=EVERYTHING
        )
        (over,) = _open(u, d, FindingKind.OVERSPENT)
        assert over.expenditure_id == spent.id
        assert designation_ledger(u, d.id, scope=EVERYTHING).balance_fen == -80_000


def test_the_audit_log_shows_the_void_with_the_user(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        u.session.info[ACTOR_KEY] = finance  # as the edge's uow(actor) does
        d = f.named_designation(u, tree)
        grant = _grant(u, d)
        void_grant(u, VoidGrant(grant.id, "误录"), actor=finance, as_of=AS_OF, scope=EVERYTHING)
        entries = u.audit.for_record("funding_grants", grant.id)
        update = next(e for e in entries if e.action == "update")
        assert update.before["voided_on"] is None
        assert update.after["voided_on"] == AS_OF.isoformat()
        assert update.after["void_reason"] == "误录"
        assert (
            u.session.scalars(select(AuditEntry.actor_name).where(AuditEntry.id == update.id)).one()
            == finance.name
        )


def test_spending_recorded_after_a_void_is_audited_without_the_voided_money(uow):
    with uow() as u:
        tree = f.union_tree(u)
        finance = f.finance_of(tree.district.id)  # the district pays these grants [Y14][S10]
        d = f.named_designation(u, tree, naming_date=date(2026, 3, 1))
        grant = _grant(u, d, approved_on=date(2026, 3, 10), paid_on=date(2026, 3, 20))
        void_grant(
            u, VoidGrant(grant.id, "拨付被撤销"), actor=finance, as_of=AS_OF, scope=EVERYTHING
        )
        spent = _spend(u, d, "800.00", ExpenditureCategory.BOOKS, spent_on=date(2026, 4, 1))
        assert [x.expenditure_id for x in _open(u, d, FindingKind.OVERSPENT)] == [spent.id]
