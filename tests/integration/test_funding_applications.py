"""Excellence project support [Y15]: application at the year-end filing → district decision."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from lifecycle.errors import ConflictError, IntegrityConflict, NotFound, ValidationFailed
from lifecycle.funding.applications import (
    DecideApplication,
    FileApplication,
    decide_application,
    file_application,
)
from lifecycle.funding.model import ApplicationStatus, ExcellenceApplication
from lifecycle.funding.vocab import GrantKind
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.views.funding import designation_ledger
from tests import factories as f

AS_OF = f.AS_OF
UNIT = f.OFFICER


def _achievement(u, d, title="数控刀具寿命提升专利"):
    cmd = NewAchievement(d.workshop_id, AchievementKind.INVENTION_PATENT, title, date(2026, 5, 1))
    return record_achievement(u, cmd, actor=UNIT, as_of=AS_OF, scope=EVERYTHING)


def _file(u, d, achievement, **kw):
    cmd = FileApplication(
        designation_id=d.id,
        achievement_id=achievement.id,
        year=kw.pop("year", 2026),
        filed_on=kw.pop("filed_on", date(2026, 11, 20)),
        summary=kw.pop("summary", "成果已在生产中应用，年节约成本30万元"),
        requested_yuan=kw.pop("requested_yuan", "50,000.00"),
    )
    kw.setdefault("scope", EVERYTHING)
    return file_application(u, cmd, actor=UNIT, as_of=AS_OF, **kw)


def test_an_approved_application_becomes_the_excellence_grant_once_per_achievement(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        achievement = _achievement(u, d)
        application = _file(u, d, achievement)
        assert application.status is ApplicationStatus.PENDING
        assert application.requested_fen == 5_000_000
        ledger = designation_ledger(u, d.id, scope=EVERYTHING)
        assert [a.id for a in ledger.applications] == [application.id]
        assert ledger.open_achievements == ()
        decided = decide_application(
            u,
            DecideApplication(
                application.id,
                approve=True,
                decided_on=AS_OF,
                expected_version=1,
                decision_ref="杨工〔2026〕21号",
                amount_yuan="30,000.00",
                paid_on=AS_OF,
            ),
            actor=f.finance_of(tree.district.id),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        assert decided.status is ApplicationStatus.APPROVED
        grant = u.funding.get_grant(decided.grant_id, scope=EVERYTHING)
        assert grant.kind is GrantKind.EXCELLENCE
        assert (grant.amount_fen, grant.approval_ref, grant.achievement_id) == (
            3_000_000,
            "杨工〔2026〕21号",
            achievement.id,
        )
        assert designation_ledger(u, d.id, scope=EVERYTHING).received_fen == 3_000_000
        with pytest.raises(ValidationFailed) as err:
            _file(u, d, achievement)
        assert err.value.code == "duplicate_application"
        with pytest.raises(ValidationFailed) as err:
            decide_application(
                u,
                DecideApplication(application.id, approve=False, decided_on=AS_OF, reason="x"),
                actor=f.finance_of(tree.district.id),
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.code == "already_decided"


def test_a_rejection_keeps_the_reason_and_still_uses_up_the_achievement(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        achievement = _achievement(u, d)
        application = _file(u, d, achievement, requested_yuan=None)
        with pytest.raises(ValidationFailed) as err:
            decide_application(
                u,
                DecideApplication(application.id, approve=False, decided_on=AS_OF),
                actor=f.finance_of(tree.district.id),
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "reason"
        rejected = decide_application(
            u,
            DecideApplication(application.id, approve=False, decided_on=AS_OF, reason="效益不突出"),
            actor=f.finance_of(tree.district.id),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        assert rejected.status is ApplicationStatus.REJECTED
        assert rejected.decision_note == "效益不突出"
        assert rejected.grant_id is None
        with pytest.raises(ValidationFailed) as err:
            _file(u, d, achievement)  # 同一成果只能提出一次扶持申请
        assert err.value.code == "duplicate_application"


def test_the_database_refuses_a_second_application_for_an_achievement(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        achievement = _achievement(u, d)
        first = _file(u, d, achievement)
        u.session.add(
            ExcellenceApplication(
                designation_id=d.id,
                achievement_id=achievement.id,
                year=2026,
                filed_on=first.filed_on,
                summary="绕过服务检查",
                filed_by="直接写库",
                status=ApplicationStatus.PENDING,
            )
        )
        with pytest.raises(IntegrityConflict) as refused:
            u.session.flush()
        assert isinstance(refused.value.__cause__, IntegrityError)  # the database said no


def test_filing_is_checked_whole_and_only_where_the_scheme_has_excellence_support(uow):
    with uow() as u:
        tree = f.union_tree(u)
        city = f.named_designation(u, tree, scheme="shanghai-model-worker")
        d = f.named_designation(u, tree)
        stranger = _achievement(u, city, "别的工作室的成果")
        with pytest.raises(ValidationFailed) as err:
            _file(u, city, stranger)
        assert err.value.code == "no_excellence"
        with pytest.raises(ValidationFailed) as err:
            _file(u, d, stranger, summary=" ", year=2031, requested_yuan="1e3")
        fields = {p.field for p in err.value.problems}
        assert fields == {"achievement_id", "summary", "year", "requested_yuan"}
        with pytest.raises(NotFound):
            _file(u, d, _achievement(u, d), scope=Scope.subtree(tree.other_district.path))


def test_an_approval_is_checked_like_a_grant_and_a_stale_version_loses(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        application = _file(u, d, _achievement(u, d))
        with pytest.raises(ValidationFailed) as err:
            decide_application(
                u,
                DecideApplication(application.id, approve=True, decided_on=AS_OF),
                actor=f.finance_of(tree.district.id),
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        assert {p.field for p in err.value.problems} == {"decision_ref", "amount_yuan"}
        with pytest.raises(ValidationFailed) as err:
            decide_application(
                u,
                DecideApplication(
                    application.id,
                    approve=True,
                    decided_on=AS_OF,
                    decision_ref="杨工〔2026〕21号",
                    amount_yuan="100.005",
                ),
                actor=f.finance_of(tree.district.id),
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "amount_yuan"
        with pytest.raises(ConflictError):
            decide_application(
                u,
                DecideApplication(
                    application.id, approve=False, decided_on=AS_OF, reason="x", expected_version=9
                ),
                actor=f.finance_of(tree.district.id),
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        assert u.session.get(ExcellenceApplication, application.id).status is (
            ApplicationStatus.PENDING
        )
