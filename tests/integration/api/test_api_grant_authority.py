"""Who writes money over the API: the finance staff of the union paying it [Y14][Y15][S10]; a
grant approved on the day the title ended is refused (reading 30)."""

from __future__ import annotations

from datetime import date

from lifecycle.designations.delisting import CityDecision, delist
from lifecycle.funding.audit import run_audit
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.factories import AS_OF
from tests.integration.api.conftest import Api


def _city_title_with_its_grant(api: Api, *, paid_on: date | None = None) -> tuple[int, int]:
    """A city title in the district's subtree and its 2万 city grant, entered by the city's
    finance [S10]; (title id, grant id)."""
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-model-worker")
        cmd = RecordGrant(
            title.id, GrantKind.ONE_OFF, "沪工〔2026〕5号", date(2026, 11, 2), paid_on=paid_on
        )
        city_finance = f.acting(api.tree.city, Role.FINANCE)
        grant = record_grant(u, cmd, actor=city_finance, as_of=AS_OF, scope=EVERYTHING)
        u.commit()
        return title.id, grant.id


def _refused_for(response, union_name: str) -> None:
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "not_authorised"
    assert f"须由{union_name}财务人员办理" in error["message"]


def test_a_district_finance_reads_the_city_grant_but_only_the_city_pays_corrects_or_voids_it(
    api: Api,
) -> None:
    title, grant = _city_title_with_its_grant(api)
    district = api.callers[Role.FINANCE].headers
    listed = api.client.get(f"/api/v1/designations/{title}/grants", headers=district)
    assert listed.status_code == 200
    assert [g["id"] for g in listed.json()["items"]] == [grant]  # finance reads its scope's money
    city = api.tree.city.name
    before = api.writes()
    writes = (
        ("payment", {"paid_on": "2026-11-10"}),
        ("correction", {"reason": "文号有误", "approval_ref": "沪工〔2026〕6号"}),
        ("void", {"reason": "误录"}),
    )
    for action, body in writes:
        refused = api.client.post(f"/api/v1/grants/{grant}/{action}", headers=district, json=body)
        _refused_for(refused, city)
        assert "一次性补贴由" in refused.json()["error"]["message"]
    assert api.writes() == before
    unchanged = api.client.get(f"/api/v1/designations/{title}/grants", headers=district).json()[
        "items"
    ]
    assert (unchanged[0]["paid_on"], unchanged[0]["approval_ref"]) == (None, "沪工〔2026〕5号")
    city_finance = api.finance_of(api.tree.city)
    for action, body in writes:
        done = api.client.post(f"/api/v1/grants/{grant}/{action}", headers=city_finance, json=body)
        assert done.status_code == 200, done.text
    assert api.writes() != before


def test_the_matching_is_the_districts_and_the_city_grant_the_citys_to_record(api: Api) -> None:
    """[S10]: 上海市总工会 pays the 2万, 所属区局（产业）工会 the ≥1:1 matching."""
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-model-worker")
        u.commit()
    path = f"/api/v1/designations/{title.id}/grants"
    city_grant = {"kind": "one_off", "approval_ref": "沪工〔2026〕8号", "approved_on": "2026-11-02"}
    matching = {
        "kind": "matching",
        "approval_ref": "杨工〔2026〕9号",
        "approved_on": "2026-11-05",
        "amount_yuan": "20,000",
    }
    district = api.callers[Role.FINANCE].headers
    city_finance = api.finance_of(api.tree.city)
    before = api.writes()
    _refused_for(api.client.post(path, headers=district, json=city_grant), api.tree.city.name)
    refused = api.client.post(path, headers=city_finance, json=matching)
    _refused_for(refused, api.tree.district.name)
    assert "区级配套资金由" in refused.json()["error"]["message"]
    assert api.writes() == before
    assert api.client.post(path, headers=city_finance, json=city_grant).status_code == 201
    assert api.client.post(path, headers=district, json=matching).status_code == 201


def test_a_finding_on_the_city_grant_is_the_citys_to_resolve_and_the_matching_one_the_districts(
    api: Api,
) -> None:
    """A city grant approved on the day of the 摘牌 is an ineligible grant (reading 30): only
    the city, which paid it, resolves that finding; the missing matching of a title still held
    is the district's. (The lost title owes no matching due after its end, reading P35c.)"""
    with api.uow() as u:
        title = lf.titled(u, api.tree, scheme="shanghai-craftsman", naming_date=date(2023, 3, 15))
        held = lf.titled(u, api.tree, scheme="shanghai-craftsman", naming_date=date(2023, 3, 15))
        paid = date(2026, 6, 1)
        city_finance_actor = f.acting(api.tree.city, Role.FINANCE)
        for each in (title, held):
            cmd = RecordGrant(each.id, GrantKind.ONE_OFF, "沪工〔2026〕2号", paid, paid_on=paid)
            record_grant(u, cmd, actor=city_finance_actor, as_of=paid, scope=EVERYTHING)
        decision = CityDecision(title.id, paid, "市总工会决定", "沪工创〔2026〕1号")
        delist(u, decision, actor=f.acting(api.tree.city), as_of=paid, scope=EVERYTHING)
        run_audit(u, as_of=AS_OF, actor=f.OFFICER, scope=EVERYTHING)
        u.commit()
    district = api.callers[Role.FINANCE].headers
    city_finance = api.finance_of(api.tree.city)
    by_kind = {}
    for each in (title, held):
        found = api.client.get(f"/api/v1/designations/{each.id}/findings", headers=district)
        by_kind[each.id] = {x["kind"]: x for x in found.json()["items"]}
    assert set(by_kind[title.id]) == {"ineligible_grant"}
    assert set(by_kind[held.id]) == {"matching_missing"}
    assert "批准日期即命名终止当日" in by_kind[title.id]["ineligible_grant"]["message"]
    by_kind = {**by_kind[title.id], **by_kind[held.id]}
    body = {"outcome": "explained", "note": "已说明", "resolved_on": "2026-11-21"}

    def resolve(kind: str, headers: dict[str, str]):
        path = f"/api/v1/findings/{by_kind[kind]['id']}/resolution"
        return api.client.post(path, headers=headers, json=body)

    before = api.writes()
    refused = resolve("ineligible_grant", district)
    assert refused.status_code == 403
    assert f"须由{api.tree.city.name}财务人员处理" in refused.json()["error"]["message"]
    refused = resolve("matching_missing", city_finance)
    assert refused.status_code == 403
    assert f"须由{api.tree.district.name}财务人员处理" in refused.json()["error"]["message"]
    assert api.writes() == before
    assert resolve("ineligible_grant", city_finance).status_code == 201
    assert resolve("matching_missing", district).status_code == 201


def test_a_grant_approved_on_the_day_the_title_was_revoked_is_refused(api: Api) -> None:
    """[Y12] 「撤牌…不再保留其工作室称号」: the title ends on the decision's day, so a grant
    approved that day is refused; one approved the day before is still entered (reading 30)."""
    with api.uow() as u:
        title = lf.titled(u, api.tree, scheme="shanghai-craftsman", naming_date=date(2023, 3, 15))
        decision = CityDecision(title.id, date(2026, 10, 20), "市总工会决定", "沪工创〔2026〕1号")
        delist(u, decision, actor=f.acting(api.tree.city), as_of=AS_OF, scope=EVERYTHING)
        u.commit()
    city_finance = api.finance_of(api.tree.city)
    path = f"/api/v1/designations/{title.id}/grants"
    grant = {"kind": "one_off", "approval_ref": "沪工〔2026〕7号", "approved_on": "2026-10-20"}
    before = api.writes()
    refused = api.client.post(path, headers=city_finance, json=grant)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["field"], error["code"]) == ("approved_on", "after_end")
    assert error["problems"][0]["message"].startswith(
        "批准日期即命名终止当日：该命名已于2026年10月20日终止"
    )
    assert api.writes() == before
    day_before = api.client.post(
        path, headers=city_finance, json={**grant, "approved_on": "2026-10-19"}
    )
    assert day_before.status_code == 201, day_before.text


def test_the_excellence_decision_is_the_districts_finance_not_the_citys(api: Api) -> None:
    """[Y15]: the 主席办公会议 of the district union decides; the city's finance reads the
    application but its decision is refused, nothing written."""
    path = f"/api/v1/excellence-applications/{api.own.application}/decision"
    body = {"decision": "reject", "decided_on": "2026-11-15", "reason": "效益不突出"}
    city = api.finance_of(api.tree.city)
    listed = api.client.get(
        f"/api/v1/designations/{api.own.designation}/excellence-applications", headers=city
    )
    assert [a["status"] for a in listed.json()["items"]] == ["pending"]
    before = api.writes()
    refused = api.client.post(path, headers=city, json=body)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "not_authorised"
    assert api.tree.district.name in error["message"]
    assert "第十五条" in error["message"]
    assert api.writes() == before
    done = api.client.post(path, headers=api.callers[Role.FINANCE].headers, json=body)
    assert done.status_code == 200, done.text
