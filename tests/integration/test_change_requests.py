"""The 附件3 management change request end to end, on SQLite and PostgreSQL [C 三（六）]."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lifecycle.changes.amend import Resubmit, resubmit
from lifecycle.changes.model import (
    ChangeMeasure as M,
)
from lifecycle.changes.model import (
    ChangeReason,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeRequestStep,
)
from lifecycle.changes.model import (
    ChangeStep as Step,
)
from lifecycle.changes.service import SendBack, approve_step, send_back
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.delisting import CityDecision, delist
from lifecycle.errors import ConflictError, DomainError, IntegrityConflict
from lifecycle.funding.grant_refusal import grant_refusal
from lifecycle.leaders.model import LeaderChange
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.service import occasions_for_designation, occasions_for_union
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests import leader_factories as lf

CRAFTSMAN = "shanghai-craftsman"
AS_OF = date(2026, 7, 1)


def _approve(u, request, step, union, **kw):
    decision = lf.decision(request, step, union.id, **kw)
    return approve_step(u, decision, actor=f.acting(union), as_of=AS_OF, scope=f.SYSTEM_SCOPE)


def _counts(u, request_id):
    steps = u.session.scalar(
        select(func.count()).where(ChangeRequestStep.change_request_id == request_id)
    )
    changes = u.session.scalar(select(func.count()).select_from(LeaderChange))
    return steps, changes


def test_new_leader_without_shanghai_craftsman_is_refused_when_filed(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        plain = lf.candidate(u, craftsman=False)
        with pytest.raises(DomainError) as err:
            lf.file_request(u, tree, d, new_leader=plain)  # refused at entry [C 一（一）]
        assert err.value.code == "leader_rule_failed"
        assert err.value.rule == "leader_shanghai_craftsman"
        assert err.value.field == "new_leader_person_id"
        assert "上海工匠" in err.value.message
        assert "[C 一（一）]" in err.value.message
        assert u.change_requests.for_designation(d.id) == []


def test_valid_new_leader_is_applied_at_the_city_decision_with_history(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        old_leader = d.workshop.leader_person_id
        first = lf.candidate(u, craftsman=True, name="钱师傅")
        request = lf.file_request(u, tree, d, new_leader=first)
        _approve(u, request, Step.UNIT, tree.unit)
        # The district sends it back; the unit union proposes another 上海工匠 instead.
        send_back(
            u,
            SendBack(request.id, Step.DISTRICT, tree.district.id, date(2026, 6, 12), "王部长",
                     "拟任领衔人已调离本单位"),
            actor=f.OFFICER, as_of=AS_OF,
        scope=EVERYTHING)  # fmt: skip
        assert request.status is ChangeRequestStatus.RETURNED
        craftsman = lf.candidate(u, craftsman=True)
        resubmit(
            u,
            Resubmit(request.id, tree.unit.id, date(2026, 6, 15), "赵主席", ChangeReason.RETIRED,
                     "领衔工匠已于2026年5月退休", M.LEADER_CHANGE, craftsman.id),
            actor=f.OFFICER, as_of=AS_OF,
        scope=EVERYTHING)  # fmt: skip
        assert (request.round, request.status) == (2, ChangeRequestStatus.PENDING_UNIT)
        assert "上海工匠" in (request.new_leader_honours or "")
        _approve(u, request, Step.UNIT, tree.unit, on=date(2026, 6, 16))
        _approve(u, request, Step.DISTRICT, tree.district, on=date(2026, 6, 18))
        assert d.workshop.leader_person_id == old_leader  # nothing applied before the city
        _approve(u, request, Step.CITY, tree.city, on=date(2026, 6, 25), ref="沪工创〔2026〕8号")
        assert request.status is ChangeRequestStatus.APPLIED
        assert d.status is DesignationStatus.NAMED
        assert d.workshop.leader_person_id == craftsman.id
        history = u.leaders.history(d.workshop_id)
        assert [(h.old_person_id, h.new_person_id) for h in history] == [(old_leader, craftsman.id)]
        assert history[0].change_request_id == request.id
        assert history[0].document_ref == "沪工创〔2026〕8号"
        actions = [(s.step.value, s.action.value) for s in u.change_requests.steps(request.id)]
        assert actions == [
            ("unit", "filed"), ("unit", "approved"), ("district", "sent_back"),
            ("unit", "resubmitted"), ("unit", "approved"), ("district", "approved"),
            ("city", "approved"),
        ]  # fmt: skip


def test_exit_keeps_the_title_and_leaves_every_calendar(uow):
    # Exit keeping the title is the craftsman notice's measure [C 三（六）] (a model-worker title
    # applies for 摘牌 [S9]: test_a_model_worker_title_may_only_be_delisted_on_the_form).
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN, naming_date=date(2024, 4, 28))
        title = d.title
        request = lf.file_request(u, tree, d, measure=M.EXIT_KEEPING_TITLE)
        assert occasions_for_designation(
            u, d.id, AS_OF, scope=EVERYTHING
        )  # the request's steps are owed while named
        _approve(u, request, Step.UNIT, tree.unit)
        _approve(u, request, Step.DISTRICT, tree.district, on=date(2026, 6, 12))
        _approve(u, request, Step.CITY, tree.city, on=date(2026, 6, 20))
        assert d.status is DesignationStatus.EXITED
        assert d.title == title
        assert d.ended_on == date(2026, 6, 20)
        assert u.designations.history(d.id)[-1].to_status is DesignationStatus.EXITED
        assert occasions_for_designation(u, d.id, AS_OF, scope=EVERYTHING) == []
        listed = occasions_for_union(
            u, tree.district.id, date(2026, 1, 1), date(2030, 12, 31), AS_OF, scope=EVERYTHING
        )
        assert all(o.designation_id != d.id for o in listed)
        # No grant approved after the exit took effect (the title is held through 2026-06-20).
        after_exit = grant_refusal(
            status=d.status, naming_date=d.naming_date, ended_on=d.ended_on,
            approved_on=date(2026, 6, 21), revoked_word="摘牌",
        )  # fmt: skip
        assert after_exit is not None
        assert after_exit.code == "after_end"


def test_revocation_needs_a_document_number_then_revokes(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        request = lf.file_request(u, tree, d, measure=M.REVOKE)
        _approve(u, request, Step.UNIT, tree.unit)
        _approve(u, request, Step.DISTRICT, tree.district, on=date(2026, 6, 12))
        with pytest.raises(DomainError) as err:
            _approve(u, request, Step.CITY, tree.city, on=date(2026, 6, 20))
        assert err.value.field == "decision_ref"
        assert d.status is DesignationStatus.NAMED
        _approve(u, request, Step.CITY, tree.city, on=date(2026, 6, 20), ref="沪工创〔2026〕9号")
        assert d.status is DesignationStatus.REVOKED
        assert u.designations.history(d.id)[-1].document_ref == "沪工创〔2026〕9号"


def test_request_on_a_revoked_designation_is_refused_and_nothing_written(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        delist(
            u,
            CityDecision(d.id, date(2026, 1, 5), "市总工会决定摘牌", "沪工创〔2026〕1号"),
            actor=f.acting(tree.city),
            as_of=AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        with pytest.raises(DomainError) as err:
            lf.file_request(u, tree, d, measure=M.EXIT_KEEPING_TITLE)
        assert err.value.code == "designation_closed"
        assert "「已摘牌」的工作室不能提出管理变更申请" in err.value.message
        assert u.change_requests.for_designation(d.id) == []


def test_a_union_that_is_not_the_next_steps_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        request = lf.file_request(u, tree, d, measure=M.EXIT_KEEPING_TITLE)
        before = (request.version, _counts(u, request.id))
        for step, union in ((Step.UNIT, tree.other_unit), (Step.UNIT, tree.district)):
            with pytest.raises(DomainError) as err:
                _approve(u, request, step, union)
            assert err.value.code == "not_your_step"
            assert tree.unit.name in err.value.message
        with pytest.raises(DomainError) as early:
            _approve(u, request, Step.DISTRICT, tree.district)  # the unit step comes first
        assert early.value.code == "not_this_step"
        _approve(u, request, Step.UNIT, tree.unit)
        with pytest.raises(DomainError) as wrong:
            _approve(u, request, Step.DISTRICT, tree.other_district)
        assert wrong.value.code == "not_your_step"
        u.session.refresh(request)
        assert request.status is ChangeRequestStatus.PENDING_DISTRICT
        assert request.version == before[0] + 1


def test_a_second_open_request_is_refused_by_the_service_and_the_database(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        first = lf.file_request(u, tree, d, measure=M.EXIT_KEEPING_TITLE)
        with pytest.raises(DomainError) as err:
            lf.file_request(u, tree, d, measure=M.REVOKE)
        assert err.value.code == "already_open"
        assert str(first.id) in err.value.message
        assert len(u.change_requests.for_designation(d.id)) == 1
        # The partial unique index refuses it even when the service is bypassed.
        raw = ChangeRequest(
            designation_id=d.id, workshop_id=d.workshop_id, reason=ChangeReason.OTHER,
            reason_details="x", measure=M.REVOKE, old_leader_person_id=first.old_leader_person_id,
            status=ChangeRequestStatus.RETURNED, round=1, waiting_since=AS_OF, filed_on=AS_OF,
            filed_by="x",
        )  # fmt: skip
        nested = u.session.begin_nested()
        u.session.add(raw)
        with pytest.raises(IntegrityConflict) as refused:
            u.session.flush()
        assert isinstance(refused.value.__cause__, IntegrityError)  # the database said no
        nested.rollback()
        # A closed request does not block a new one.
        first.status = ChangeRequestStatus.WITHDRAWN
        u.flush()
        lf.file_request(u, tree, d, measure=M.REVOKE)


def test_each_waiting_step_is_an_occasion_for_its_union(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        request = lf.file_request(u, tree, d, measure=M.EXIT_KEEPING_TITLE)

        def waiting():
            found = [o for o in occasions_for_designation(u, d.id, AS_OF, scope=EVERYTHING)
                     if o.kind is K.CHANGE_REQUEST_STEP]  # fmt: skip
            assert len(found) == 1
            return found[0].union_id, found[0].due_on

        assert waiting() == (tree.unit.id, date(2026, 6, 1))
        _approve(u, request, Step.UNIT, tree.unit)
        assert waiting() == (tree.district.id, date(2026, 6, 10))
        _approve(u, request, Step.DISTRICT, tree.district, on=date(2026, 6, 12))
        assert waiting() == (tree.city.id, date(2026, 6, 12))
        city = occasions_for_union(
            u, tree.city.id, date(2026, 1, 1), date(2026, 12, 31), AS_OF, scope=EVERYTHING
        )
        assert [o.designation_id for o in city if o.kind is K.CHANGE_REQUEST_STEP] == [d.id]


def test_two_officers_deciding_the_same_step_one_wins(fresh_database_url):
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            d = lf.titled(u, tree, scheme=CRAFTSMAN)
            request = lf.file_request(u, tree, d, new_leader=lf.candidate(u, craftsman=True))
            _approve(u, request, Step.UNIT, tree.unit)
            _approve(u, request, Step.DISTRICT, tree.district, on=date(2026, 6, 12))
            u.commit()
            request_id, seen, city_id = request.id, request.version, tree.city.id
            city = f.acting(tree.city)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def officer() -> None:
            barrier.wait(timeout=30)
            with UnitOfWork(factory) as u:
                request = u.change_requests.get(request_id, scope=EVERYTHING)
                try:
                    approve_step(
                        u,
                        lf.decision(
                            request, Step.CITY, city_id, on=date(2026, 6, 20), version=seen
                        ),
                        actor=city,
                        as_of=AS_OF,
                        scope=f.SYSTEM_SCOPE,
                    )
                    u.commit()
                    outcomes.append("ok")
                except ConflictError:
                    outcomes.append("conflict")

        threads = [threading.Thread(target=officer) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["conflict", "ok"]
        with UnitOfWork(factory) as u:
            assert len(u.leaders.history(d.workshop_id)) == 1
            city_steps = [s for s in u.change_requests.steps(request_id) if s.step is Step.CITY]
            assert len(city_steps) == 1
            assert (
                u.change_requests.get(request_id, scope=EVERYTHING).status
                is ChangeRequestStatus.APPLIED
            )
    finally:
        engine.dispose()


def test_the_form_is_assembled_from_the_registry(uow):
    from lifecycle.changes.document import change_form
    from lifecycle.changes.html import render_change_form_html

    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme=CRAFTSMAN)
        new = lf.candidate(u, craftsman=True)
        request = lf.file_request(u, tree, d, new_leader=new)
        _approve(u, request, Step.UNIT, tree.unit)
        doc = change_form(u, request.id, scope=EVERYTHING)
        assert doc.form_title == "上海市工匠创新工作室管理变更申请表"
        assert (doc.district_union, doc.workshop_title) == (tree.district.name, d.title)
        assert doc.head_count == 4  # three members and the leader
        assert (doc.new_leader_name, doc.new_leader_honours) == (new.name, "上海工匠（2022年）")
        assert doc.unit.on == date(2026, 6, 10)
        assert doc.city_label == "市工匠创新工作室创建命名办公室审定"
        page = render_change_form_html(doc)
        assert "上海市杨浦区军工路100号" in page


def test_a_model_worker_title_may_only_be_delisted_on_the_form(uow):
    """[S9] 第九条: 领衔劳模已故、离职、退休… 须向上海市总工会申请摘牌 — no leader change, no exit
    keeping the title; a request for either is refused at filing and writes nothing."""
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme="shanghai-model-worker")
        new = lf.candidate(u, craftsman=False, union_id=tree.unit.id)
        for measure, leader in ((M.EXIT_KEEPING_TITLE, None), (M.LEADER_CHANGE, new)):
            with pytest.raises(DomainError) as err:
                lf.file_request(u, tree, d, measure=measure, new_leader=leader)
            assert [(p.field, p.code) for p in err.value.problems] == [
                ("measure", "measure_not_allowed")
            ]
        assert u.change_requests.open_for(d.id) is None
        request = lf.file_request(u, tree, d, measure=M.REVOKE)
        _approve(u, request, Step.UNIT, tree.unit)
        _approve(u, request, Step.DISTRICT, tree.district, on=date(2026, 6, 12))
        _approve(u, request, Step.CITY, tree.city, on=date(2026, 6, 20), ref="沪工〔2026〕9号")
        assert d.status is DesignationStatus.REVOKED
