"""Who may change a team's leader, and through which title, over the JSON API on both backends:
one leader leads every title of the team [S2][S9][C 三（六）][Y3][Y13] (RULES.md reading 43a)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from lifecycle.accounts.service import issue_token
from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.designations.delisting import CityDecision, delist, exit_keeping_title
from lifecycle.occasions import index
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour, Role, SkillLevel
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import NOW, PDF, Api

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)
MODEL_WORKER = (f.HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2015),)


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _team(api: Api, city_scheme: str) -> tuple[int, int, int, int]:
    """A team holding a Yangpu title and a live city title of ``city_scheme``; a successor who
    meets both leader rules: (yangpu id, city id, old leader id, successor id)."""
    with api.uow() as u:
        both = MODEL_WORKER + CRAFTSMAN
        old = f.person(u, name="王建国", honours=both, union_id=api.tree.unit.id)
        shop = lf.led_workshop(u, api.tree, old)
        yangpu = f.named_designation(u, api.tree, shop=shop)
        city = f.named_designation(
            u, api.tree, scheme=city_scheme, shop=shop, naming_date=date(2026, 1, 10)
        )
        new = f.person(u, name="李新", honours=both, union_id=api.tree.unit.id)
        u.commit()
        return yangpu.id, city.id, old.id, new.id


def _change(api: Api, designation_id: int, person_id: int, headers: dict[str, str]) -> Any:
    return api.client.post(
        f"/api/v1/designations/{designation_id}/leader-change",
        json={"new_leader_person_id": person_id, "effective_on": "2026-11-05",
              "reason": "原带头人调离"},
        headers=headers,
    )  # fmt: skip


def _end(api: Api, city_id: int, city_scheme: str) -> None:
    """The city ends its title: 摘牌 [S9], or 退出管理序列保留称号 [C 三（六）]."""
    with api.uow() as u:
        d = u.designations.require(city_id, EVERYTHING)
        decision = CityDecision(city_id, date(2026, 11, 1), "市总工会审定", "沪工创〔2026〕20号")
        end = delist if city_scheme == "shanghai-model-worker" else exit_keeping_title
        end(u, decision, actor=f.naming_officer(u, d), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()


@pytest.mark.parametrize("city_scheme", ["shanghai-model-worker", "shanghai-craftsman"])
def test_a_yangpu_leader_change_is_refused_while_the_team_holds_a_live_city_title(
    api: Api, city_scheme: str
) -> None:
    yangpu_id, city_id, old_id, new_id = _team(api, city_scheme)
    district = _h(api, Role.DISTRICT_OFFICER)
    city_title = api.client.get(f"/api/v1/designations/{city_id}", headers=district).json()
    before = api.writes()
    refused = _change(api, yangpu_id, new_id, district)
    assert refused.status_code == 422, refused.text
    problems = refused.json()["error"]["problems"]
    assert [(p["field"], p["code"]) for p in problems] == [("designation_id", "city_title_live")]
    message = problems[0]["message"]
    assert f"「{city_title['title']}」（{city_title['number']}，已命名）" in message
    assert "提交管理变更申请（附件3）由市总工会" in message
    assert "第九条" in message or "三（六）" in message
    assert "[" not in message  # the article is cited, never a rule id
    assert api.writes() == before
    story = api.client.get(f"/api/v1/designations/{city_id}/leaders", headers=district).json()
    assert story["leader"]["person_id"] == old_id
    assert story["changes"] == []

    # Once the city title has left the management sequence, the district changes the leader.
    _end(api, city_id, city_scheme)
    done = _change(api, yangpu_id, new_id, district)
    assert done.status_code == 200, done.text
    assert done.json()["change_request_id"] is None
    story = api.client.get(f"/api/v1/designations/{yangpu_id}/leaders", headers=district).json()
    assert story["leader"]["person_id"] == new_id


def test_the_refusal_follows_the_city_titles_assessment_that_applied_for_its_delisting(
    api: Api,
) -> None:
    """[S9] 第九条: once the city title's 考核 has applied to the city for its 摘牌, the Yangpu
    title's leader change is refused naming that application, not a 附件3 the city title's own
    page says is not filed besides it (before: 「须提交管理变更申请（附件3）…审定摘牌」)."""
    yangpu_id, city_id, _, new_id = _team(api, "shanghai-model-worker")
    tree = api.tree
    with api.uow() as u:
        for step, union, on in ((Step.UNIT, tree.unit, date(2026, 11, 2)),
                                (Step.DISTRICT, tree.district, date(2026, 11, 3))):  # fmt: skip
            cmd = AssessmentStep(city_id, 2026, step, False, on, "李主席", "领衔劳模离职")
            record_step(u, cmd, actor=f.acting(union), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    district = _h(api, Role.DISTRICT_OFFICER)
    before = api.writes()
    refused = _change(api, yangpu_id, new_id, district)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("designation_id", "city_title_live")
    assert problem["message"].endswith(
        "：该称号2026年度考核已由区局（产业）工会于2026年11月3日向上海市总工会申请摘牌，"
        "待上海市总工会决定，不再另报管理变更申请（附件3）"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条），不能经其他称号变更领衔人；"
        "该称号摘牌后方可办理"
    )
    assert "须提交管理变更申请" not in problem["message"]
    assert api.writes() == before


def test_a_city_leader_change_also_binds_the_yangpu_title_and_needs_its_leader_rule(
    api: Api,
) -> None:
    """The reverse path (reading 43a): the city's 附件3 decision on the craftsman title changes the
    team's leader, so the Yangpu title's leader too; the new leader must pass [Y3] as well."""
    yangpu_id, city_id, old_id, _ = _team(api, "shanghai-craftsman")
    with api.uow() as u:
        # 上海工匠 but neither 劳模/先进 nor 技师: passes [C 一（一）], fails [Y3].
        craftsman_only = f.person(
            u, name="赵工匠", honours=CRAFTSMAN, skill_level=SkillLevel.SENIOR_WORKER,
            union_id=api.tree.unit.id,
        )  # fmt: skip
        technician = f.person(u, name="钱技师", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        u.commit()
        craftsman_only_id, technician_id = craftsman_only.id, technician.id
    unit = _h(api, Role.UNIT_CONTACT)
    yangpu = api.client.get(f"/api/v1/designations/{yangpu_id}", headers=unit).json()
    body = {"reason": "left", "reason_details": "领衔工匠调离", "measure": "leader_change",
            "filed_on": "2026-11-02"}  # fmt: skip
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{city_id}/change-requests",
        json={**body, "new_leader_person_id": craftsman_only_id},
        headers=unit,
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("leader_rule_failed", "new_leader_person_id")
    assert f"「{yangpu['title']}」" in error["message"]
    assert "杨浦区劳模（先进）、技师创新工作室" in error["message"]
    assert "第三条" in error["message"]
    assert api.writes() == before

    filed = api.client.post(
        f"/api/v1/designations/{city_id}/change-requests",
        json={**body, "new_leader_person_id": technician_id},
        headers=unit,
    )
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    for role, step, on in (
        (Role.UNIT_CONTACT, "unit", "2026-11-03"),
        (Role.DISTRICT_OFFICER, "district", "2026-11-04"),
        (Role.CITY_OFFICER, "city", "2026-11-05"),
    ):
        done = api.client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={"decision": "approve", "decided_on": on, "signer": "签署人", "opinion": "同意",
                  "decision_ref": "沪工创〔2026〕21号" if step == "city" else None},
            headers=_h(api, role),
        )  # fmt: skip
        assert done.status_code == 200, done.text
    district = _h(api, Role.DISTRICT_OFFICER)
    story = api.client.get(f"/api/v1/designations/{yangpu_id}/leaders", headers=district).json()
    assert story["leader"]["person_id"] == technician_id
    assert [(t["person_id"], t["change_request_id"]) for t in story["tenures"]] == [
        (old_id, None),
        (technician_id, request_id),
    ]
    title = api.client.get(f"/api/v1/designations/{yangpu_id}", headers=district).json()
    assert title["status"] == "named"


def _street_officer(api: Api) -> dict[str, str]:
    """A district officer bound to the street union (五角场街道总工会): in the district's subtree,
    but not the district union."""
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.sector.id)
        token = issue_token(u, principal, "街道", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_street_officer_may_not_change_a_yangpu_leader_record_a_consent_or_an_event(
    api: Api,
) -> None:
    with api.uow() as u:
        old = f.person(u, name="冯老师", birth_date=date(1966, 3, 2), union_id=api.tree.unit.id)
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, old))
        new = f.person(u, name="蒋技师", union_id=api.tree.unit.id)
        u.commit()
        d_id, shop_id, new_id = d.id, d.workshop_id, new.id
    street = _street_officer(api)
    before = api.writes()
    refused = _change(api, d_id, new_id, street)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "not_authorised"
    assert error["message"] == (
        "带头人变更应由杨浦区总工会办理（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）"
    )
    consent = api.client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data={"leader_consented_on": "2026-02-01", "leader_signer": "冯老师",
              "unit_consented_on": "2026-02-03", "unit_signer": "单位工会主席"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=street,
    )  # fmt: skip
    assert consent.status_code == 403, consent.text
    assert consent.json()["error"]["message"].startswith(
        "退休后继续领衔同意的登记应由杨浦区总工会或上海某机械有限公司工会办理"
    )
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-11-01", "source": "街道报告"},
        headers=street,
    )
    assert event.status_code == 403, event.text
    assert event.json()["error"]["message"].startswith(
        "带头人情况应由上海某机械有限公司工会或杨浦区总工会登记"
    )
    assert api.writes() == before

    # The district union changes the leader; the unit's own union records the consent.
    consent = api.client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data={"leader_consented_on": "2026-02-01", "leader_signer": "冯老师",
              "unit_consented_on": "2026-02-03", "unit_signer": "单位工会主席"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=_h(api, Role.UNIT_CONTACT),
    )  # fmt: skip
    assert consent.status_code == 201, consent.text
    done = _change(api, d_id, new_id, _h(api, Role.DISTRICT_OFFICER))
    assert done.status_code == 200, done.text
    assert done.json()["new_person_id"] == new_id


def test_a_leshan_leader_is_changed_by_the_leshan_city_union_that_named_the_title(
    api: Api,
) -> None:
    """[L] is silent on a leader who leaves; the naming union (乐山市总工会) keeps the record,
    and the new leader is a 劳模 or 工匠人才 [L] (RULES.md)."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        model_worker = (f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),)
        old = f.person(u, name="乐山老带头人", honours=model_worker, union_id=leshan.unit.id)
        shop = lf.led_workshop(u, leshan, old)
        title = f.named_designation(u, leshan, scheme="leshan-city", shop=shop)
        new = f.person(u, name="乐山新带头人", honours=model_worker, union_id=leshan.unit.id)
        plain = f.person(u, name="乐山无称号职工", honours=(), union_id=leshan.unit.id)
        county, city = (
            f.user(u, role, union_id)[0]
            for role, union_id in (
                (Role.DISTRICT_OFFICER, leshan.district.id),
                (Role.CITY_OFFICER, leshan.city.id),
            )
        )
        tokens = [issue_token(u, p, "乐山", NOW).plaintext for p in (county, city)]
        u.commit()
        title_id, new_id, plain_id = title.id, new.id, plain.id
    county_h, city_h = ({"Authorization": f"Bearer {t}"} for t in tokens)
    before = api.writes()
    # Shanghai's city officer is outside Leshan's tree: the title is not found (not the person).
    elsewhere = _change(api, title_id, new_id, api.callers[Role.CITY_OFFICER].headers)
    assert elsewhere.status_code == 404, elsewhere.text
    assert elsewhere.json()["error"]["field"] != "new_leader_person_id"
    refused = _change(api, title_id, new_id, county_h)
    assert refused.status_code == 403, refused.text
    assert "乐山市总工会" in refused.json()["error"]["message"]
    assert api.writes() == before
    # A leader with no honour is refused in [L]'s own words, naming no other city's honours.
    unqualified = _change(api, title_id, plain_id, city_h)
    assert unqualified.status_code == 422, unqualified.text
    message = unqualified.json()["error"]["message"]
    assert "带头人须为劳模或工匠人才" in message
    assert "上海" not in message
    assert "区级工匠" not in message
    assert api.writes() == before
    done = _change(api, title_id, new_id, city_h)
    assert done.status_code == 200, done.text
    leaders = api.client.get(f"/api/v1/designations/{title_id}/leaders", headers=city_h).json()
    assert "乐山新带头人" in str(leaders)


@pytest.mark.parametrize("city_scheme", ["shanghai-model-worker", "shanghai-craftsman"])
def test_the_yangpu_leader_change_owed_names_the_live_city_title_until_it_ends(
    api: Api, city_scheme: str
) -> None:
    """The leader left: while the team's city title is live, the Yangpu title's item does not ask
    the district for the change it would refuse, but names that title and its 附件3 route; once
    the city title has ended, it asks the district to change the leader (reading 43a)."""
    gone = _left_with_index_built(api, city_scheme)
    city_id, district = gone.city_id, gone.district
    city_title = api.client.get(f"/api/v1/designations/{city_id}", headers=district).json()
    held = gone.owed()
    assert f"「{city_title['title']}」（{city_title['number']}，已命名）" in held
    if city_scheme == "shanghai-model-worker":
        # [S9]: the city title's 附件3 may only 摘牌; the district changes this title's leader
        # itself once that title is 摘牌 (the change refused meanwhile says so too).
        assert "管理变更申请（附件3）由市总工会审定摘牌" in held
        assert "第九条）；该称号摘牌后，请区总工会变更本称号带头人" in held
        assert "随之变更" not in held
    else:  # [C 三（六）]: the city's decision changes the leader of every title
        assert "管理变更申请（附件3）由市总工会审定后变更" in held
        assert held.endswith("三（六）），本称号随之变更")
    assert "[" not in held  # the article is cited, never a rule id
    assert "请区总工会变更带头人" not in held
    _end(api, city_id, city_scheme)
    assert gone.owed().endswith("请区总工会变更带头人")


def _assess(api: Api, city_id: int, role: Role, step: str, passed: bool, on: str) -> None:
    body = {"year": 2026, "step": step, "passed": passed, "decided_on": on,
            "signer": "李主席", "opinion": "领衔劳模离职"}  # fmt: skip
    done = api.client.post(
        f"/api/v1/designations/{city_id}/assessments", json=body, headers=_h(api, role)
    )
    assert done.status_code == 200, done.text


@dataclass(frozen=True)
class _Left:
    """A team holding a Yangpu and a city title (上海市劳模 unless asked) whose leader left (over
    the API, the index built before: the city title's changes must rewrite the Yangpu title's
    entries), and the district's one 待办 line for the Yangpu title's leader change."""

    yangpu_id: int
    city_id: int
    new_id: int
    event_id: int
    district: dict[str, str]
    owed: Callable[[], str]


def _left_with_index_built(api: Api, city_scheme: str = "shanghai-model-worker") -> _Left:
    yangpu_id, city_id, _, new_id = _team(api, city_scheme)
    unit, district = _h(api, Role.UNIT_CONTACT), _h(api, Role.DISTRICT_OFFICER)
    with api.uow() as u:
        shop_id = u.designations.require(yangpu_id, EVERYTHING).workshop_id
        index.build(u, f.AS_OF, NOW)
        u.commit()
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-11-01", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text

    def owed() -> str:
        page = api.client.get(
            "/api/v1/todo", params={"kind": "change_request_due", "limit": 100}, headers=district
        )
        assert page.status_code == 200, page.text
        (title,) = [o["title"] for o in page.json()["items"] if o["designation_id"] == yangpu_id]
        return str(title)

    return _Left(yangpu_id, city_id, new_id, event.json()["id"], district, owed)


def test_the_yangpu_item_follows_the_city_titles_assessment_that_applied_for_its_delisting(
    api: Api,
) -> None:
    """[S9] 第九条: once the city title's 考核 (recorded over the API, the index already built) has
    applied to the city for its 摘牌, the Yangpu title's 待办 names that application as the change
    refused meanwhile does, not the 附件3 no one files besides it; the city's 保留 (its decision
    on the application) brings the 附件3 route back (before: the item kept 「…须经管理变更申请
    （附件3）由市总工会审定摘牌…」 throughout, the city title's 考核 not rewriting its entries)."""
    gone = _left_with_index_built(api)
    yangpu_id, city_id, new_id, district, owed = (
        gone.yangpu_id,
        gone.city_id,
        gone.new_id,
        gone.district,
        gone.owed,
    )
    route = "该称号须经管理变更申请（附件3）由市总工会审定摘牌"
    assert route in owed()
    _assess(api, city_id, Role.UNIT_CONTACT, "unit", False, "2026-11-02")
    assert route in owed()  # the unit's step applies for nothing yet
    _assess(api, city_id, Role.DISTRICT_OFFICER, "district", False, "2026-11-03")
    pending = (
        "该称号2026年度考核已由区局（产业）工会于2026年11月3日向上海市总工会申请摘牌，"
        "待上海市总工会决定，不再另报管理变更申请（附件3）"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条）"
    )
    held = owed()
    assert held.endswith(f"，{pending}；该称号摘牌后，请区总工会变更本称号带头人"), held
    assert route not in held
    # The change refused meanwhile says the same of that title.
    refused = _change(api, yangpu_id, new_id, district)
    assert refused.status_code == 422, refused.text
    assert f"：{pending}，不能经其他称号变更领衔人" in refused.json()["error"]["message"]
    # The city keeps the title: no application awaits it, the 附件3 route is named again.
    _assess(api, city_id, Role.CITY_OFFICER, "city", True, "2026-11-10")
    assert route in owed()
    assert "申请摘牌，待" not in owed()


def test_the_yangpu_item_and_refusal_name_the_city_titles_filed_attachment_3(api: Api) -> None:
    """[S9] 第九条: once the district has filed the city title's 附件3 applying for its 摘牌
    (over the API, the index already built), the Yangpu title's 待办 and the leader change refused
    meanwhile name that request, its number and day, instead of asking for the 附件3 already filed
    (before: 「…该称号须经管理变更申请（附件3）由市总工会审定摘牌…」 while it was in hand), and
    whether it is in hand or sent back for amendment; once withdrawn, the 附件3 route is named
    again."""
    gone = _left_with_index_built(api)
    yangpu_id, city_id, new_id, district, owed = (
        gone.yangpu_id,
        gone.city_id,
        gone.new_id,
        gone.district,
        gone.owed,
    )
    route = "该称号须经管理变更申请（附件3）由市总工会审定摘牌"
    assert route in owed()
    filed = api.client.post(
        f"/api/v1/designations/{city_id}/change-requests",
        json={"reason": "left", "reason_details": "领衔劳模调离本单位", "measure": "revoke",
              "filed_on": "2026-11-04", "leader_event_id": gone.event_id},
        headers=district,
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    pending = (
        f"该称号已于2026年11月4日报送管理变更申请（附件3）第{request_id}号申请摘牌，"
        "正在办理，待市总工会审定（《上海市“劳模创新工作室”管理办法（修订）》第九条）"
    )
    held = owed()
    assert held.endswith(f"，{pending}；该称号摘牌后，请区总工会变更本称号带头人"), held
    assert route not in held
    refused = _change(api, yangpu_id, new_id, district)
    assert refused.status_code == 422, refused.text
    message = refused.json()["error"]["message"]
    assert f"：{pending}，不能经其他称号变更领衔人；该称号摘牌后方可办理" in message
    # Sent back by the district's review, the request awaits its amendment: the item and the
    # refusal say so (before: 「正在办理，待市总工会审定」 while it lay returned).
    steps = (
        ("unit", Role.UNIT_CONTACT, "approve"),
        ("district", Role.DISTRICT_OFFICER, "send_back"),
    )
    for step, role, decision in steps:
        done = api.client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={"decision": decision, "decided_on": "2026-11-05", "signer": "王主席",
                  "opinion": "请补充离职证明"},
            headers=_h(api, role),
        )  # fmt: skip
        assert done.status_code == 200, done.text
    assert done.json()["status"] == "returned"
    returned = pending.replace("正在办理，待", "已退回，待修改后重新提交，由")
    held = owed()
    assert held.endswith(f"，{returned}；该称号摘牌后，请区总工会变更本称号带头人"), held
    assert "正在办理" not in held
    refused = _change(api, yangpu_id, new_id, district)
    assert refused.status_code == 422, refused.text
    assert f"：{returned}，不能经其他称号变更领衔人" in refused.json()["error"]["message"]
    withdrawn = api.client.post(
        f"/api/v1/change-requests/{request_id}/withdraw",
        json={"signer": "区总工会", "reason": "另行报送", "withdrawn_on": "2026-11-06"},
        headers=district,
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert route in owed()
