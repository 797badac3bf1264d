"""Funding [Y14][Y15][Y16][S10]: grants, matching, expenditures, audit findings, ledger, scope."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from lifecycle.designations.delisting import CityDecision, delist, exit_keeping_title
from lifecycle.designations.flows import Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.errors import IntegrityConflict, ValidationFailed
from lifecycle.funding.applications import (
    DecideApplication,
    FileApplication,
    decide_application,
    file_application,
)
from lifecycle.funding.audit import run_audit
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grant_changes import (
    CorrectGrant,
    correct_grant,
)
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import AuditFinding, Grant
from lifecycle.funding.payer import paying_union_of
from lifecycle.funding.vocab import FindingKind, GrantKind
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_union
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests import leader_factories as lf

AS_OF = f.AS_OF
FINANCE = f.OFFICER


def _grant(u, d, kind=GrantKind.ONE_OFF, *, as_of=AS_OF, **kw) -> Grant:
    cmd = RecordGrant(
        designation_id=d.id,
        kind=kind,
        approval_ref=kw.pop("approval_ref", "杨工〔2026〕8号"),
        approved_on=kw.pop("approved_on", as_of),
        paid_on=kw.pop("paid_on", as_of),
        **kw,
    )
    payer = f.finance_of(paying_union_of(d, GrantKind(kind)))
    return record_grant(u, cmd, actor=payer, as_of=as_of, scope=EVERYTHING)


def _findings(u, d, kind: FindingKind | None = None) -> list[AuditFinding]:
    stmt = select(AuditFinding).where(AuditFinding.designation_id == d.id)
    if kind is not None:
        stmt = stmt.where(AuditFinding.kind == kind)
    return list(u.session.scalars(stmt.order_by(AuditFinding.id)))


# --- one-off grant ------------------------------------------------------------------------------


def _spend(u, d, amount="500.00", category=ExpenditureCategory.BOOKS, *, as_of=AS_OF, **kw):
    cmd = RecordExpenditure(
        designation_id=d.id,
        spent_on=kw.pop("spent_on", as_of),
        amount_yuan=amount,
        payee=kw.pop("payee", "上海书城"),
        category=category,
        description=kw.pop("description", "数控技术书籍"),
        receipt_ref=kw.pop("receipt_ref", f"FP-{amount}-{category}"),
    )
    kw.setdefault("scope", EVERYTHING)
    return record_expenditure(u, cmd, actor=FINANCE, as_of=as_of, **kw)


def test_yangpu_title_named_today_gets_one_10000_grant_and_a_second_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=AS_OF)
        grant = _grant(u, d)
        assert grant.amount_fen == 1_000_000  # 一次性1万元 [Y14]
        assert grant.paying_union_id == tree.district.id
        assert grant.entered_by == f.finance_of(tree.district.id).name
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d, approval_ref="杨工〔2026〕9号")
        assert err.value.code == "duplicate_one_off"
        assert u.session.scalar(select(func.count()).select_from(Grant)) == 1


def test_the_database_refuses_a_second_one_off_grant_added_through_the_session(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=AS_OF)
        first = _grant(u, d)
        u.session.add(
            Grant(
                designation_id=d.id,
                kind=GrantKind.ONE_OFF,
                paying_union_id=first.paying_union_id,
                approval_ref="绕过服务检查",
                approved_on=AS_OF,
                paid_on=AS_OF,
                amount_fen=1_000_000,
                entered_by="直接写库",
            )
        )
        with pytest.raises(IntegrityConflict) as refused:
            u.session.flush()
        assert isinstance(refused.value.__cause__, IntegrityError)  # the database said no


def test_the_database_refuses_a_second_one_off_grant_inserted_with_core(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=AS_OF)
        first = _grant(u, d)
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
        with pytest.raises(IntegrityError):
            u.session.execute(insert(Grant), [row])


def test_no_grant_to_a_title_never_named(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        d.status, d.naming_date = DesignationStatus.UNDER_REVIEW, None  # as if still in review
        u.flush()
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d)
        assert err.value.code == "not_named"
        assert err.value.field == "designation_id"


def test_a_grant_approved_while_the_title_was_held_is_entered_after_it_ended(uow):
    """Finance enters last year's paperwork of a title revoked (or exited) last month; a grant
    approved after the end is refused naming the end's date, on entry and on correction."""
    with uow() as u:
        tree = f.union_tree(u)
        for end, label in ((delist, "已摘牌"), (exit_keeping_title, "已退出管理序列")):
            d = lf.titled(u, tree, scheme="shanghai-craftsman", naming_date=date(2023, 3, 15))
            decision = CityDecision(d.id, date(2026, 10, 20), "市总工会决定", "沪工创〔2026〕1号")
            end(u, decision, actor=f.acting(tree.city), as_of=AS_OF, scope=f.SYSTEM_SCOPE)
            with pytest.raises(ValidationFailed) as err:
                _grant(u, d, approved_on=date(2026, 10, 21), paid_on=None)
            ((field, code, message),) = [(p.field, p.code, p.message) for p in err.value.problems]
            assert (field, code) == ("approved_on", "after_end")
            assert "2026年10月20日" in message
            assert label in message
            grant = _grant(u, d, approved_on=date(2025, 11, 3), paid_on=date(2025, 12, 1))
            assert grant.amount_fen == 2_000_000  # [S10], paid by the city
            assert grant.paying_union_id == tree.city.id
            run_audit(u, as_of=AS_OF, actor=FINANCE, scope=EVERYTHING)
            assert _findings(u, d, FindingKind.INELIGIBLE_GRANT) == []
            late = CorrectGrant(grant.id, "批准日期录入有误", approved_on=date(2026, 10, 25))
            city = f.finance_of(tree.city.id)  # the city pays the one-off [S10]
            with pytest.raises(ValidationFailed) as err:
                correct_grant(u, late, actor=city, as_of=AS_OF, scope=EVERYTHING)
            assert (err.value.field, err.value.code) == ("approved_on", "after_end")


def test_a_title_under_rectification_still_holds_it_and_its_grant_is_entered(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        failed = Transition(d.id, DesignationStatus.RECTIFYING, "检查不合格", date(2026, 4, 1))
        transition(
            u, failed, flow=Flow.RECTIFICATION, actor=f.acting(tree.district), as_of=AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
        grant = _grant(u, d, approved_on=date(2023, 4, 1), paid_on=date(2023, 5, 1))
        assert grant.amount_fen == 1_000_000
        assert _findings(u, d, FindingKind.INELIGIBLE_GRANT) == []


def test_one_off_amount_is_the_schemes_and_dates_are_checked(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=AS_OF)
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d, amount_yuan="9,000.00", approved_on=date(2026, 11, 20))
        fields = {p.field for p in err.value.problems}
        assert fields == {"amount_yuan", "approved_on"}
        assert u.session.scalar(select(func.count()).select_from(Grant)) == 0


# --- excellence support [Y15] -------------------------------------------------------------------


def test_excellence_support_once_per_achievement(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        achievement = record_achievement(
            u,
            NewAchievement(
                d.workshop_id, AchievementKind.INVENTION_PATENT, "专利", date(2025, 5, 1)
            ),
            actor=FINANCE,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        # Not recorded directly: only approving the application records it [Y15] (before, this
        # test recorded the excellence grant with no application at all).
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d, GrantKind.EXCELLENCE, amount_yuan="30000", achievement_id=achievement.id)
        assert err.value.code == "excellence_needs_application"
        assert "尚未提出扶持申请" in err.value.message
        filed = file_application(
            u,
            FileApplication(d.id, achievement.id, 2026, AS_OF, "成果已应用"),
            actor=FINANCE,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        approved = decide_application(
            u,
            DecideApplication(
                filed.id, approve=True, decided_on=AS_OF, decision_ref="杨工〔2026〕9号",
                amount_yuan="30000", paid_on=AS_OF,
            ),
            actor=f.finance_of(tree.district.id),
            as_of=AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
        grant = u.funding.get_grant(approved.grant_id, EVERYTHING)
        assert grant.amount_fen == 3_000_000
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d, GrantKind.EXCELLENCE, amount_yuan="1000", achievement_id=achievement.id)
        assert err.value.code == "duplicate_excellence"
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d, GrantKind.EXCELLENCE, amount_yuan="1000")
        assert "achievement_id" in {p.field for p in err.value.problems}


# --- matching [S10] -----------------------------------------------------------------------------


def _city_title(u, tree):
    return f.named_designation(
        u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
    )


def test_matching_below_one_to_one_is_a_finding_short_5000(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = _city_title(u, tree)
        city = _grant(
            u,
            d,
            approval_ref="沪工〔2026〕1号",
            approved_on=date(2026, 1, 5),
            paid_on=date(2026, 1, 10),
            as_of=date(2026, 1, 10),
        )
        assert city.amount_fen == 2_000_000
        assert city.paying_union_id == tree.city.id
        _grant(
            u,
            d,
            GrantKind.MATCHING,
            amount_yuan="15,000.00",
            approval_ref="杨工〔2026〕2号",
            approved_on=date(2026, 2, 1),
            paid_on=date(2026, 2, 1),
            as_of=date(2026, 2, 1),
        )
        # The district has until the due date (90 days after the city grant) to reach 1:1.
        assert _findings(u, d, FindingKind.MATCHING_SHORT) == []
        run_audit(u, as_of=date(2026, 4, 10), actor=FINANCE, scope=EVERYTHING)
        assert _findings(u, d, FindingKind.MATCHING_SHORT) == []
        run_audit(u, as_of=date(2026, 4, 11), actor=FINANCE, scope=EVERYTHING)
        (finding,) = _findings(u, d, FindingKind.MATCHING_SHORT)
        assert finding.occurred_on == date(2026, 4, 10)
        assert finding.amount_fen == 500_000
        assert "截至该日到位 15,000.00 元，仍差 5,000.00 元" in finding.message
        assert finding.evidence["required_fen"] == 2_000_000
        assert finding.evidence["matched_fen"] == 1_500_000


def test_no_matching_by_2026_04_10_is_overdue_for_the_district_union(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = _city_title(u, tree)
        _grant(
            u,
            d,
            approval_ref="沪工〔2026〕1号",
            approved_on=date(2026, 1, 5),
            paid_on=date(2026, 1, 10),
            as_of=date(2026, 1, 10),
        )

        def matching(as_of):
            found = occasions_for_union(
                u,
                tree.district.id,
                date(2026, 1, 1),
                date(2026, 12, 31),
                as_of,
                kinds={OccasionKind.MATCHING_FUNDS},
                scope=EVERYTHING,
            )
            return [o for o in found if o.designation_id == d.id]

        (on_time,) = matching(date(2026, 4, 10))
        assert on_time.due_on == date(2026, 4, 10)
        assert on_time.union_id == tree.district.id
        assert on_time.status is OccasionStatus.DUE
        (late,) = matching(date(2026, 4, 11))
        assert late.status is OccasionStatus.OVERDUE
        report = run_audit(u, as_of=date(2026, 4, 11), actor=FINANCE, scope=EVERYTHING)
        assert report.by_kind.get(FindingKind.MATCHING_MISSING.value) == 1
        (missing,) = _findings(u, d, FindingKind.MATCHING_MISSING)
        assert missing.amount_fen == 2_000_000
        # Matching in full settles the occasion.
        _grant(
            u,
            d,
            GrantKind.MATCHING,
            amount_yuan="20000",
            approval_ref="杨工〔2026〕5号",
            approved_on=date(2026, 4, 20),
            paid_on=date(2026, 4, 20),
            as_of=date(2026, 4, 20),
        )
        (done,) = matching(date(2026, 4, 21))
        assert done.status is OccasionStatus.DONE


def test_matching_only_where_the_scheme_has_it(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        with pytest.raises(ValidationFailed) as err:
            _grant(u, d, GrantKind.MATCHING, amount_yuan="100")
        assert err.value.code == "no_matching"


# --- expenditures, findings, ledger -------------------------------------------------------------


# --- finance staff, scope, summary ------------------------------------------------------------
