"""City routes: the craftsman route [C 二] with its leader and exclusion rules and district batches,
and Leshan county batches [L 一][L 四（二）]."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.errors import ValidationFailed
from lifecycle.intake.batches import BatchEntry, put_in_batch, submit_batch
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.naming import NameApplications, name_applications
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    NewApplication,
    StepDecision,
    decide_step,
    start_application,
    submit,
)
from lifecycle.persons.service import HonourInput
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import DesignationStatus, Honour, UnitNature
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop
from tests import factories as f
from tests.intake_factories import (
    AS_OF,
    CITY,
    OFFICER,
    STORAGE,
    at,
    attach_required,
    craftsman_form,
    leshan_form,
)

CRAFTSMAN = (HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def _call(u, tree, scheme: str):  # type: ignore[no-untyped-def]
    return open_call(
        u,
        NewCall(scheme, 2026, f"2026年度{scheme}申报", date(2026, 10, 1), date(2026, 12, 20)),
        naming_union_id=tree.city.id,
        actor=CITY,
        scope=Scope.subtree(tree.city.path),
        as_of=date(2026, 10, 1),
    )


def _shop(u, tree, *, nature=UnitNature.STATE_OWNED, honours=CRAFTSMAN, members=3):  # type: ignore[no-untyped-def]
    leader = f.person(u, name="李工匠", honours=honours, union_id=tree.unit.id)
    shop = create_workshop(
        u,
        NewWorkshop(
            name=f"李工匠创新工作室{leader.id}",
            host_unit_name="上海某公司",
            host_unit_nature=nature,
            unit_union_id=tree.unit.id,
            founded_on=date(2018, 1, 1),
            leader_person_id=leader.id,
        ),
        as_of=AS_OF,
        scope=EVERYTHING,
    )
    for i in range(members):
        m = f.person(u, name=f"队员{i}", honours=())
        add_member(
            u, shop.id, NewMember(m.id, joined_on=date(2018, 1, 1)), as_of=AS_OF, scope=EVERYTHING
        )
    return shop


def _apply(u, tree, call, shop, form):  # type: ignore[no-untyped-def]
    scope = Scope.subtree(tree.unit.path)
    app = start_application(
        u, NewApplication(call.id, shop.id, form), actor=OFFICER, now=f.at_ten(AS_OF), scope=scope,
        own_path=tree.unit.path,
    )  # fmt: skip
    attach_required(u, STORAGE[-1], app.id)
    submit(u, app.id, actor=OFFICER, now=at(AS_OF), scope=scope)
    return app


def _step(u, app, stage, union, action=Action.APPROVE):  # type: ignore[no-untyped-def]
    cmd = StepDecision(app.id, stage, action, AS_OF, "签署人", "同意")
    return decide_step(
        u, cmd, acting_union_id=union.id, actor=OFFICER, as_of=AS_OF,
        scope=Scope.subtree(union.path),
    )  # fmt: skip


def _refusal(u, tree, call, shop) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        _apply(u, tree, call, shop, craftsman_form())
    return {p.field: p.message for p in refused.value.problems}


def test_craftsman_leader_without_shanghai_craftsman_is_refused_naming_the_rule(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call = _call(u, tree, "shanghai-craftsman")
        no_title = _shop(u, tree, honours=(HonourInput(Honour.DISTRICT_CRAFTSMAN, 2021),))
        problems = _refusal(u, tree, call, no_title)
        assert list(problems) == ["eligibility.leader_shanghai_craftsman"]
        assert "工匠创新工作室" in problems["eligibility.leader_shanghai_craftsman"]


def test_craftsman_team_holding_model_worker_title_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call = _call(u, tree, "shanghai-craftsman")
        shop = _shop(u, tree)
        f.named_designation(
            u, tree, scheme="shanghai-model-worker", shop=shop, naming_union=tree.city
        )
        # Known from the titles alone: refused when the draft is started, on the team [C 一（二）].
        problems = _refusal(u, tree, call, shop)
        assert list(problems) == ["workshop_id"]
        assert "已获得“上海市劳模创新工作室”称号的不参加本次创建活动" in problems["workshop_id"]


def test_craftsman_passes_every_stage_and_is_named_with_its_grant(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call = _call(u, tree, "shanghai-craftsman")
        shop = _shop(u, tree, nature=UnitNature.NON_PUBLIC)
        app = _apply(u, tree, call, shop, craftsman_form())
        assert app.preference == 1  # 技能大师工作室 met; 市级以上奖项 not: advisory only
        _step(u, app, "unit", tree.unit)
        district = Scope.subtree(tree.district.path)
        batch = put_in_batch(
            u, BatchEntry(app.id, 1), as_of=AS_OF, acting_union_id=tree.district.id, scope=district
        )
        submit_batch(
            u,
            batch.id,
            acting_union_id=tree.district.id,
            signer="区总工会",
            actor=OFFICER,
            now=at(AS_OF),
            scope=district,
        )
        assert app.stage == "expert"
        for stage in ("expert", "defence"):
            _step(u, app, stage, tree.city)
        _step(u, app, "visit", tree.city, Action.SKIP)  # 实地走访「对部分」: not this one
        _step(u, app, "final", tree.city)
        _, (named,) = name_applications(
            u,
            NameApplications(call.id, (app.id,), "沪工总〔2026〕80号", AS_OF, "市总主席办公会议"),
            acting_union_id=tree.city.id,
            actor=CITY,
            as_of=AS_OF,
            scope=Scope.subtree(tree.city.path),
        )
        d = named.designation
        assert (d.status, d.title, d.number) == (
            DesignationStatus.NAMED,
            "李工匠精密装配工匠创新工作室",
            "沪工匠创 2026-001",
        )
        assert named.grant_fen == 2_000_000  # 参照市劳模创新工作室 [C 三（一）][S10]
        assert named.first_occasion is None  # 动态管理: no fixed 考核 [C 三（六）]
        steps = [(s.stage, s.action) for s in IntakeRepository(u.session).steps(app.id)]
        assert ("recommend", "recommend") in steps
        assert ("visit", "skip") in steps


def test_district_batch_of_ten_needs_three_non_public(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call = _call(u, tree, "shanghai-craftsman")
        district = Scope.subtree(tree.district.path)
        apps = []
        for i in range(10):
            nature = UnitNature.NON_PUBLIC if i < 2 else UnitNature.STATE_OWNED
            app = _apply(u, tree, call, _shop(u, tree, nature=nature), craftsman_form())
            _step(u, app, "unit", tree.unit)
            batch = put_in_batch(
                u, BatchEntry(app.id), as_of=AS_OF, acting_union_id=tree.district.id, scope=district
            )
            apps.append(app)
        with pytest.raises(ValidationFailed) as refused:
            submit_batch(
                u,
                batch.id,
                acting_union_id=tree.district.id,
                signer="区总工会",
                actor=OFFICER,
                now=at(AS_OF),
                scope=district,
            )
        assert refused.value.code == "batch_non_public"
        assert "须至少3个非公企业，现有2个" in refused.value.message
        assert all(a.stage == "recommend" for a in apps)
        third = _apply(
            u, tree, call, _shop(u, tree, nature=UnitNature.NON_PUBLIC), craftsman_form()
        )
        _step(u, third, "unit", tree.unit)
        put_in_batch(
            u, BatchEntry(third.id), as_of=AS_OF, acting_union_id=tree.district.id, scope=district
        )
        # Eleven with three non-public: ⌈3.3⌉ = 4 needed; drop one state-owned to make ten.
        apps[-1].batch_id = None
        submit_batch(
            u,
            batch.id,
            acting_union_id=tree.district.id,
            signer="区总工会",
            actor=OFFICER,
            now=at(AS_OF),
            scope=district,
        )
        assert batch.status == "submitted"
        assert all(a.stage == "expert" for a in [*apps[:-1], third])


def test_leshan_county_batch_of_one_or_unranked_cannot_be_submitted(uow):
    with uow() as u:
        tree = f.leshan_tree(u)
        call = _call(u, tree, "leshan-city")
        county = Scope.subtree(tree.district.path)
        apps = []
        for _ in range(3):
            app = _apply(u, tree, call, _shop(u, tree, members=4), leshan_form())
            assert app.status is ApplicationStatus.IN_REVIEW
            _step(u, app, "unit", tree.unit)
            apps.append(app)
        batch = put_in_batch(u, BatchEntry(apps[0].id, 1), as_of=AS_OF,
                             acting_union_id=tree.district.id, scope=county)  # fmt: skip
        with pytest.raises(ValidationFailed) as one:
            submit_batch(
                u,
                batch.id,
                acting_union_id=tree.district.id,
                signer="县总工会",
                actor=OFFICER,
                now=at(AS_OF),
                scope=county,
            )
        assert one.value.code == "batch_minimum"
        for app in apps:
            put_in_batch(
                u, BatchEntry(app.id), as_of=AS_OF, acting_union_id=tree.district.id, scope=county
            )
        with pytest.raises(ValidationFailed) as unranked:
            submit_batch(
                u,
                batch.id,
                acting_union_id=tree.district.id,
                signer="县总工会",
                actor=OFFICER,
                now=at(AS_OF),
                scope=county,
            )
        assert unranked.value.code == "batch_ranking"
        for rank, app in enumerate(apps, start=1):
            put_in_batch(
                u,
                BatchEntry(app.id, rank),
                as_of=AS_OF,
                acting_union_id=tree.district.id,
                scope=county,
            )
        # Submitted after the call's deadline: refused with the deadline in the message.
        with pytest.raises(ValidationFailed) as late:
            submit_batch(
                u, batch.id, acting_union_id=tree.district.id, signer="县总工会", actor=OFFICER,
                now=at(date(2026, 12, 21)), scope=county,
            )  # fmt: skip
        assert (
            "截止日期为2026年12月20日（含当日，北京时间），提交日期为2026年12月21日"
            in late.value.message
        )
        submit_batch(
            u,
            batch.id,
            acting_union_id=tree.district.id,
            signer="县总工会",
            actor=OFFICER,
            now=at(AS_OF),
            scope=county,
        )
        assert [a.stage for a in apps] == ["review"] * 3


def test_leshan_naming_asks_for_the_reward_amount_beside_its_own_field(uow):
    """[L 三] names no amount: the decision carries it; a missing or zero one is refused on
    ``grant_amount_yuan`` (the field the naming form shows), nothing named; then it is recorded."""
    with uow() as u:
        tree = f.leshan_tree(u)
        call = _call(u, tree, "leshan-city")
        county, city = Scope.subtree(tree.district.path), Scope.subtree(tree.city.path)
        apps = [_apply(u, tree, call, _shop(u, tree, members=4), leshan_form()) for _ in range(2)]
        for rank, app in enumerate(apps, start=1):
            _step(u, app, "unit", tree.unit)
            batch = put_in_batch(
                u,
                BatchEntry(app.id, rank),
                as_of=AS_OF,
                acting_union_id=tree.district.id,
                scope=county,
            )
        submit_batch(
            u,
            batch.id,
            acting_union_id=tree.district.id,
            signer="县总工会",
            actor=OFFICER,
            now=at(AS_OF),
            scope=county,
        )
        _step(u, apps[0], "review", tree.city)

        def name(amount: str | None):  # type: ignore[no-untyped-def]
            cmd = NameApplications(
                call.id, (apps[0].id,), "乐市工发〔2026〕33号", AS_OF, "市总工会", amount
            )
            return name_applications(
                u, cmd, acting_union_id=tree.city.id, actor=CITY, as_of=AS_OF, scope=city
            )

        for amount, message in ((None, "请填写一次性奖励金额（元）"), ("0", "金额必须大于零")):
            with pytest.raises(ValidationFailed) as refused:
                name(amount)
            assert [(p.field, p.message) for p in refused.value.problems] == [
                ("grant_amount_yuan", message)
            ]
            assert apps[0].status is ApplicationStatus.IN_REVIEW
        _, (named,) = name("5000")
        assert named.grant_fen == 500_000
        (grant,) = u.funding.grants_of(named.designation.id)
        assert grant.note == "命名时核定的一次性奖励"  # the notice's word [L 三]
