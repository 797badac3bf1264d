"""上海工匠 selection on both databases: windows, clauses, 入会, five stages, the title, the bar."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lifecycle.actors import Actor
from lifecycle.craftsman_title import decisions, findings
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.rules import Channel
from lifecycle.craftsman_title.stages import Stage, Status
from lifecycle.designations.eligibility import check_application
from lifecycle.errors import DomainError, ValidationFailed
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import EmploymentStatus, Honour
from tests import factories as f
from tests.integration.craftsman.helpers import decide, file, form, local_craftsman, selection
from tests.integration.test_eligibility_from_registry import FULL

OFFICER = Actor(name="市总工会干部", user_id=None)


def _codes(err: ValidationFailed) -> dict[str, str]:
    return {p.code: p.message for p in err.problems}


def test_a_self_application_on_07_16_is_refused_naming_the_window(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        person = local_craftsman(u, tree)
        with pytest.raises(ValidationFailed) as refused:
            file(
                u,
                form(sel.id, person.id, channel=Channel.SELF, applied_on=date(2024, 7, 16)),
                scope=EVERYTHING,
            )
        message = _codes(refused.value)["outside_self_window"]
        assert "6月12日至7月15日" in message
        assert "二（三）" in message
        done = file(
            u,
            form(sel.id, person.id, channel=Channel.SELF, applied_on=date(2024, 7, 15)),
            scope=EVERYTHING,
        )
        assert done.status == Status.QUALIFICATION


def test_a_unit_recommendation_after_the_union_deadline_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        person = local_craftsman(u, tree)
        with pytest.raises(ValidationFailed) as refused:
            file(u, form(sel.id, person.id, applied_on=date(2024, 7, 16)), scope=EVERYTHING)
        assert "五（四）" in _codes(refused.value)["after_union_deadline"]


def test_a_district_without_a_local_selection_cannot_recommend_by_unit(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree, local=False)
        person = local_craftsman(u, tree)
        with pytest.raises(ValidationFailed) as refused:
            file(u, form(sel.id, person.id), scope=EVERYTHING)
        assert "五（二）" in _codes(refused.value)["no_local_selection"]
        # Self-application is not a recommendation: the clause does not bar it.
        own = file(u, form(sel.id, person.id, channel=Channel.SELF), scope=EVERYTHING)
        assert own.status == Status.QUALIFICATION


def test_a_retiree_and_a_deputy_bureau_cadre_are_refused_naming_the_exclusion(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        retiree = local_craftsman(u, tree, "退休师傅")
        retiree.employment_status = EmploymentStatus.RETIRED
        u.session.flush()
        with pytest.raises(ValidationFailed) as refused:
            file(u, form(sel.id, retiree.id), scope=EVERYTHING)
        assert "退休职工" in _codes(refused.value)["retired"]
        cadre = local_craftsman(u, tree, "王局长")
        with pytest.raises(ValidationFailed) as refused:
            file(u, form(sel.id, cadre.id, deputy_bureau_or_above=True), scope=EVERYTHING)
        message = _codes(refused.value)["deputy_bureau_cadre"]
        assert "副局级" in message
        assert "《关于开展2024年度“上海工匠”培养选树工作的通知》一" in message
        with pytest.raises(ValidationFailed) as refused:
            file(
                u,
                form(sel.id, cadre.id, org_managed_unit_head=True, chinese_nationality=False),
                scope=EVERYTHING,
            )
        assert {"org_managed_unit_head", "nationality"} <= set(_codes(refused.value))


def test_a_recommended_candidate_without_a_local_title_needs_a_stated_exception(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        person = f.person(u, name="新人", honours=(), union_id=tree.unit.id)
        with pytest.raises(ValidationFailed) as refused:
            file(u, form(sel.id, person.id), scope=EVERYTHING)
        assert "原则上" in _codes(refused.value)["no_local_title"]
        done = file(
            u,
            form(sel.id, person.id, local_title_exception="行业首次开展，经区总同意"),
            scope=EVERYTHING,
        )
        assert done.status == Status.QUALIFICATION


def test_a_non_member_is_directed_to_join_and_accepted_once_a_member(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        person = local_craftsman(u, tree)
        person.is_union_member = False
        u.session.flush()
        app = file(u, form(sel.id, person.id), scope=EVERYTHING)
        assert app.status == Status.AWAITING_MEMBERSHIP
        with pytest.raises(DomainError):
            decide(
                u,
                _qualify(app.id),
                deciding_union_id=tree.district.id,
                actor=OFFICER,
                scope=EVERYTHING,
            )
        svc.confirm_membership(u, app.id, as_of=date(2024, 7, 10), scope=EVERYTHING)
        assert app.status == Status.QUALIFICATION
        assert u.persons.get(person.id, EVERYTHING).is_union_member


def _qualify(app_id: int) -> decisions.Decide:
    return decisions.Decide(
        app_id, Stage.QUALIFICATION, True, "符合申报资格", "王干事", date(2024, 7, 12)
    )


CITY_STAGES = (
    (Stage.EXPERT_REVIEW, date(2024, 8, 20), {}),
    (Stage.RELEASE_REVIEW, date(2024, 9, 10), {}),
    (Stage.CITY_APPROVAL, date(2024, 9, 25), {"credit_check_passed": True}),
    (
        Stage.PUBLIC_NOTICE,
        date(2024, 10, 15),
        {"notice_from": date(2024, 9, 28), "notice_to": date(2024, 10, 12), "objections": "无"},
    ),
)


def test_a_complete_application_passes_five_stages_and_the_leader_rule_accepts_the_title(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        shop = f.workshop(u, tree)
        leader_id = shop.leader_person_id
        add_honour(
            u,
            leader_id,
            HonourInput(Honour.DISTRICT_CRAFTSMAN, 2020),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        before = check_application(u, shop.id, "shanghai-craftsman", FULL, as_of=f.AS_OF)
        assert "leader_shanghai_craftsman" in {r.rule for r in before.failures}
        app = file(u, form(sel.id, leader_id), scope=EVERYTHING)
        # The district stage belongs to the applicant's district union, not the city nor another.
        for wrong in (tree.city.id, tree.other_district.id):
            with pytest.raises(DomainError) as refused:
                decide(
                    u, _qualify(app.id), deciding_union_id=wrong, actor=OFFICER, scope=EVERYTHING
                )
            assert refused.value.code == "wrong_level"
        decide(
            u, _qualify(app.id), deciding_union_id=tree.district.id, actor=OFFICER, scope=EVERYTHING
        )
        for stage, on, extra in CITY_STAGES:
            cmd = decisions.Decide(app.id, stage, True, "同意", "市总审核人", on, **extra)  # type: ignore[arg-type]
            with pytest.raises(DomainError):  # a district officer cannot decide a city stage
                decide(u, cmd, deciding_union_id=tree.district.id, actor=OFFICER, scope=EVERYTHING)
            decide(u, cmd, deciding_union_id=tree.city.id, actor=OFFICER, scope=EVERYTHING)
        assert app.status == Status.GRANTED
        records = svc.repo(u).stage_records(app.id, EVERYTHING)
        assert [r.stage for r in records] == [Stage.QUALIFICATION] + [s for s, _, _ in CITY_STAGES]
        assert records[0].deciding_union_id == tree.district.id
        assert records[0].signer == "王干事"
        u.session.expire_all()
        leader = u.persons.get(leader_id, EVERYTHING)
        assert (Honour.SHANGHAI_CRAFTSMAN, 2024) in {(h.honour, h.year) for h in leader.honours}
        after = check_application(u, shop.id, "shanghai-craftsman", FULL, as_of=f.AS_OF)
        assert "leader_shanghai_craftsman" not in {r.rule for r in after.failures}


def test_city_approval_needs_the_credit_check_and_the_notice_must_have_run(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        person = local_craftsman(u, tree)
        app = file(u, form(sel.id, person.id), scope=EVERYTHING)
        decide(
            u, _qualify(app.id), deciding_union_id=tree.district.id, actor=OFFICER, scope=EVERYTHING
        )
        for stage, on, _ in CITY_STAGES[:2]:
            cmd = decisions.Decide(app.id, stage, True, "同意", "市总", on)
            decide(u, cmd, deciding_union_id=tree.city.id, actor=OFFICER, scope=EVERYTHING)
        no_check = decisions.Decide(
            app.id, Stage.CITY_APPROVAL, True, "同意", "市总", date(2024, 9, 25)
        )
        with pytest.raises(ValidationFailed) as refused:
            decide(u, no_check, deciding_union_id=tree.city.id, actor=OFFICER, scope=EVERYTHING)
        assert "诚信审核" in _codes(refused.value)["credit_check"]
        ok = decisions.Decide(
            app.id,
            Stage.CITY_APPROVAL,
            True,
            "同意",
            "市总",
            date(2024, 9, 25),
            credit_check_passed=True,
        )
        decide(u, ok, deciding_union_id=tree.city.id, actor=OFFICER, scope=EVERYTHING)
        early = decisions.Decide(
            app.id,
            Stage.PUBLIC_NOTICE,
            True,
            "公示无异议",
            "市总",
            date(2024, 10, 5),
            notice_from=date(2024, 9, 28),
            notice_to=date(2024, 10, 12),
        )
        with pytest.raises(ValidationFailed) as refused:
            decide(u, early, deciding_union_id=tree.city.id, actor=OFFICER, scope=EVERYTHING)
        assert "notice_running" in _codes(refused.value)
        upheld = decisions.Decide(
            app.id,
            Stage.PUBLIC_NOTICE,
            False,
            "异议经核实成立",
            "市总",
            date(2024, 10, 15),
            notice_from=date(2024, 9, 28),
            notice_to=date(2024, 10, 12),
            objections="群众反映业绩不实",
        )
        decide(u, upheld, deciding_union_id=tree.city.id, actor=OFFICER, scope=EVERYTHING)
        assert app.status == Status.NOT_SELECTED
        held = {h.honour for h in u.persons.get(person.id, EVERYTHING).honours}
        assert Honour.SHANGHAI_CRAFTSMAN not in held


def test_a_false_declaration_found_2024_07_01_bars_until_2027_06_30(uow):
    with uow() as u:
        tree = f.union_tree(u)
        person = local_craftsman(u, tree)
        sel = selection(u, tree)
        app = file(u, form(sel.id, person.id), scope=EVERYTHING)
        findings.record_false_declaration(
            u,
            findings.RecordFinding(date(2024, 7, 1), "业绩材料虚报", person_id=person.id),
            actor=OFFICER,
            as_of=date(2024, 7, 1),
            scope=EVERYTHING,
        )
        assert app.status == Status.DISQUALIFIED
        later = svc.open_selection(
            u,
            svc.OpenSelection(2027, date(2027, 6, 12), date(2027, 7, 15), date(2027, 7, 15)),
            scope=EVERYTHING,
            as_of=date(2027, 6, 12),
        )
        with pytest.raises(ValidationFailed) as refused:
            file(
                u,
                form(later.id, person.id, channel=Channel.SELF, applied_on=date(2027, 6, 30)),
                scope=EVERYTHING,
            )
        message = _codes(refused.value)["barred_false_declaration"]
        assert "2027年6月30日" in message
        assert "五（三）" in message
        done = file(
            u,
            form(later.id, person.id, channel=Channel.SELF, applied_on=date(2027, 7, 1)),
            scope=EVERYTHING,
        )
        assert done.status == Status.QUALIFICATION


def test_a_unit_found_declaring_falsely_cannot_recommend_for_three_years(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        findings.record_false_declaration(
            u,
            findings.RecordFinding(date(2024, 6, 1), "单位瞒报", unit_union_id=tree.unit.id),
            actor=OFFICER,
            as_of=date(2024, 6, 1),
            scope=EVERYTHING,
        )
        person = local_craftsman(u, tree)
        with pytest.raises(ValidationFailed) as refused:
            file(u, form(sel.id, person.id), scope=EVERYTHING)
        assert "unit_barred_false_declaration" in _codes(refused.value)


def test_applications_outside_the_scope_are_not_visible(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        app = file(u, form(sel.id, local_craftsman(u, tree).id), scope=EVERYTHING)
        other = Scope.subtree(tree.other_district.path)
        assert svc.repo(u).applications(sel.id, other) == []
        with pytest.raises(DomainError):
            svc.get_application(u, app.id, other)


def test_a_self_applicant_passes_the_qualification_check_only_after_the_interview(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sel = selection(u, tree)
        person = local_craftsman(u, tree)
        app = file(u, form(sel.id, person.id, channel=Channel.SELF), scope=EVERYTHING)
        # The city's 申报办公室 checks a self-applicant, with the district's opinion [G] 三（一）.
        city = tree.city.id
        opinion = {"district_opinion": "同意推荐", "district_opinion_on": date(2024, 7, 10)}
        with pytest.raises(ValidationFailed) as refused:
            decide(
                u, replace(_qualify(app.id), **opinion), deciding_union_id=city, actor=OFFICER,
                scope=EVERYTHING,
            )  # fmt: skip
        assert "海选面试" in _codes(refused.value)["interview"]
        interviewed = replace(_qualify(app.id), interview_passed=True, **opinion)
        decide(u, interviewed, deciding_union_id=city, actor=OFFICER, scope=EVERYTHING)
        assert app.status == Status.EXPERT_REVIEW
        (record,) = svc.repo(u).stage_records(app.id, EVERYTHING)
        assert record.interview_passed is True
        assert (record.district_opinion, record.deciding_union_id) == ("同意推荐", city)
