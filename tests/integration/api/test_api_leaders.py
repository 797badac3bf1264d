"""Leader events end to end through the JSON API only, on both backends [C 三（六）][Y13]."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from lifecycle.vocab import Gender, Honour, RetirementGroup, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import PDF, Api
from tests.retirement_points import CHECK_POINTS, STEP_BOUNDARIES

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def test_a_craftsman_leader_dies_and_the_city_changes_the_leader_through_the_api(api: Api) -> None:
    with api.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=old)
        new = f.person(
            u, name="吴新匠", gender=Gender.FEMALE, birth_date=date(1982, 7, 9),
            honours=CRAFTSMAN, union_id=api.tree.unit.id,
        )  # fmt: skip
        u.commit()
        d_id, shop_id, old_id, new_id = d.id, d.workshop_id, old.id, new.id
    client, unit = api.client, _h(api, Role.UNIT_CONTACT)

    # The unit contact records the death.
    event = client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "death", "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    assert client.get(f"/api/v1/persons/{old_id}", headers=unit).json()["employment_status"] == (
        "deceased"
    )
    # The 附件3 occasion is there for the unit's union (and the district's): owed 「及时」 since
    # the death, so late by now (RULES.md reading R3).
    occ = client.get(
        "/api/v1/occasions",
        params={"union_id": api.tree.unit.id, "kind": "change_request_due"},
        headers=unit,
    ).json()["items"]
    assert sorted((o["union_id"], o["designation_id"], o["due_on"], o["status"]) for o in occ) == [
        (api.tree.district.id, d_id, "2026-06-01", "overdue"),
        (api.tree.unit.id, d_id, "2026-06-01", "overdue"),
    ]
    # The form starts from the event; the new leader is found by search.
    draft = client.get(
        f"/api/v1/leader-events/{event.json()['id']}/change-request-draft", headers=unit
    ).json()
    assert draft["reason"] == "deceased"
    assert "于2026年6月1日已故" in draft["reason_details"]
    hits = client.get("/api/v1/person-search", params={"q": "吴新"}, headers=unit).json()["items"]
    assert [h["id"] for h in hits] == [new_id]
    assert "上海工匠" in hits[0]["label"]
    filed = client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={**draft, "measure": "leader_change", "filed_on": "2026-06-05",
              "new_leader_person_id": hits[0]["id"]},
        headers=unit,
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    occ = client.get(
        "/api/v1/occasions",
        params={"union_id": api.tree.unit.id, "kind": "change_request_due"},
        headers=unit,
    ).json()["items"]
    assert occ == []

    for role, step, on in (
        (Role.UNIT_CONTACT, "unit", "2026-06-06"),
        (Role.DISTRICT_OFFICER, "district", "2026-06-10"),
        (Role.CITY_OFFICER, "city", "2026-06-20"),
    ):
        done = client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={"decision": "approve", "decided_on": on, "signer": "签署人", "opinion": "同意",
                  "decision_ref": "沪工创〔2026〕9号" if step == "city" else None},
            headers=_h(api, role),
        )  # fmt: skip
        assert done.status_code == 200, done.text
    assert done.json()["status"] == "applied"

    city = _h(api, Role.CITY_OFFICER)
    shop = client.get(f"/api/v1/workshops/{shop_id}", headers=city).json()
    assert shop["leader_person_id"] == new_id
    assert client.get(f"/api/v1/persons/{old_id}", headers=city).json()["employment_status"] == (
        "deceased"
    )
    title = client.get(f"/api/v1/designations/{d_id}", headers=city).json()
    assert title["status"] == "named"
    story = client.get(f"/api/v1/designations/{d_id}/leaders", headers=city).json()
    # The events a page at a time, as the title page shows them; the timeline whole.
    assert (story["events"]["total"], story["events"]["limit"], story["events"]["offset"]) == (
        1,
        50,
        0,
    )
    assert [e["kind"] for e in story["events"]["items"]] == ["death"]
    past = client.get(f"/api/v1/designations/{d_id}/leaders?limit=1&offset=1", headers=city)
    assert past.status_code == 200, past.text
    assert (past.json()["events"]["items"], past.json()["events"]["total"]) == ([], 1)
    assert past.json()["timeline"] == story["timeline"]
    assert [(t["name"], t["starts_on"], t["ends_on"]) for t in story["tenures"]] == [
        ("周工匠", "2019-01-01", "2026-06-20"),
        ("吴新匠", "2026-06-20", None),
    ]
    assert story["tenures"][1]["change_request_id"] == request_id
    assert story["tenures"][1]["document_ref"] == "沪工创〔2026〕9号"
    leader_lines = [t for t in story["timeline"] if t["kind"] == "leader"]
    assert len(leader_lines) == 1
    assert "周工匠 → 吴新匠" in leader_lines[0]["text"]
    assert any(t["kind"] == "status" for t in story["timeline"])


def test_a_new_leader_outside_the_filers_subtree_is_refused_as_a_nonexistent_one(api: Api) -> None:
    """附件3 names its new leader by id: a person of another district is not found (their name
    and honours would show on the request), here and when a returned request is resubmitted."""
    with api.uow() as u:
        leader = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=leader)
        stranger = f.person(u, name="浦东工匠", honours=CRAFTSMAN, union_id=api.tree.other_unit.id)
        u.commit()
        d_id, stranger_id = d.id, stranger.id
    before = api.writes()
    body = {"reason": "retired", "reason_details": "领衔人退休", "measure": "leader_change",
            "filed_on": "2026-06-05", "new_leader_person_id": stranger_id}  # fmt: skip
    refused = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json=body,
        headers=_h(api, Role.UNIT_CONTACT),
    )
    assert refused.status_code == 422, refused.text
    problems = {(p["field"], p["code"]) for p in refused.json()["error"]["problems"]}
    assert ("new_leader_person_id", "not_found") in problems
    assert "不在管辖范围内" in refused.text
    assert "浦东工匠" not in refused.text
    assert api.writes() == before


def test_the_person_search_stays_in_scope_and_finds_by_id_digits(api: Api) -> None:
    with api.uow() as u:
        mine = f.person(u, name="郑一", union_id=api.tree.unit.id)
        f.person(u, name="郑二", union_id=api.tree.other_district.id)
        u.commit()
    unit = _h(api, Role.UNIT_CONTACT)
    names = [h["name"] for h in api.client.get(
        "/api/v1/person-search", params={"q": "郑"}, headers=unit).json()["items"]]  # fmt: skip
    assert names == ["郑一"]
    hits = api.client.get("/api/v1/person-search", params={"q": "郑 9999"}, headers=unit).json()[
        "items"
    ]
    assert hits == []
    assert mine.id
    refused = api.client.get("/api/v1/person-search", params={"q": ""}, headers=unit)
    assert refused.status_code == 422


def test_a_yangpu_consent_and_a_leader_change_through_the_api(api: Api) -> None:
    with api.uow() as u:
        leader = f.person(u, name="冯老师", birth_date=date(1965, 3, 2), union_id=api.tree.unit.id)
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, leader))
        u.commit()
        d_id = d.id
    district = _h(api, Role.DISTRICT_OFFICER)
    consent = api.client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data={"leader_consented_on": "2025-02-01", "leader_signer": "冯老师",
              "unit_consented_on": "2025-02-03", "unit_signer": "单位工会主席"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=district,
    )  # fmt: skip
    assert consent.status_code == 201, consent.text
    again = api.client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data={"leader_consented_on": "2025-02-01", "leader_signer": "冯老师",
              "unit_consented_on": "2025-02-03", "unit_signer": "单位工会主席"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=district,
    )  # fmt: skip
    assert again.status_code == 422
    assert again.json()["error"]["problems"][0]["field"] == "designation_id"
    # A unit contact may record the consent but not change the leader.
    refused = api.client.post(
        f"/api/v1/designations/{d_id}/leader-change",
        json={"new_leader_person_id": 1, "effective_on": "2026-11-01", "reason": "x"},
        headers=_h(api, Role.UNIT_CONTACT),
    )
    assert refused.status_code == 403
    with api.uow() as u:
        successor = f.person(u, name="蒋技师", union_id=api.tree.unit.id)
        u.commit()
    hits = api.client.get("/api/v1/person-search", params={"q": "蒋技"}, headers=district).json()[
        "items"
    ]
    changed = api.client.post(
        f"/api/v1/designations/{d_id}/leader-change",
        json={"new_leader_person_id": hits[0]["id"], "effective_on": "2026-11-01",
              "reason": "原带头人不再继续领衔", "document_ref": "杨工〔2026〕30号"},
        headers=district,
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["new_person_id"] == successor.id
    story = api.client.get(f"/api/v1/designations/{d_id}/leaders", headers=district).json()
    assert story["leader"]["name"] == "蒋技师"
    assert [t["name"] for t in story["tenures"]] == ["冯老师", "蒋技师"]


def test_the_person_api_gives_the_legal_retirement_date_at_every_check_point(api: Api) -> None:
    district, city = _h(api, Role.DISTRICT_OFFICER), _h(api, Role.CITY_OFFICER)
    points = [(g, born, y, m, (born[0] + y + (born[1] + m - 1) // 12, (born[1] + m - 1) % 12 + 1))
              for g, born, y, m in STEP_BOUNDARIES] + list(CHECK_POINTS)  # fmt: skip
    for group, (year, month), years, months, (r_year, r_month) in points:
        gender = Gender.MALE if group is RetirementGroup.MALE else Gender.FEMALE
        body = {"name": "核对", "gender": gender.value, "birth_date": f"{year}-{month:02d}-15",
                "union_id": api.tree.unit.id, "retirement_group": group.value}  # fmt: skip
        created = api.client.post("/api/v1/persons", json=body, headers=district)
        assert created.status_code == 201, created.text
        got = api.client.get(f"/api/v1/persons/{created.json()['id']}", headers=city).json()
        assert got["legal_retirement_date"] == f"{r_year}-{r_month:02d}-15", (group, year, month)
        assert got["legal_retirement_age_months"] == years * 12 + months
        assert got["legal_retirement_age"].startswith(f"{years}岁")


def test_retiring_leaders_of_a_district_within_12_months(api: Api) -> None:
    # AS_OF is 2026-11-21: a horizon to 2027-11-21.
    with api.uow() as u:
        inside = f.person(u, name="甲", birth_date=date(1966, 12, 1), union_id=api.tree.unit.id)
        outside = f.person(u, name="乙", birth_date=date(1970, 1, 1), union_id=api.tree.unit.id)
        past = f.person(u, name="丙", birth_date=date(1960, 1, 1), union_id=api.tree.unit.id)
        city_title = f.person(u, name="丁", birth_date=date(1967, 1, 5), honours=CRAFTSMAN,
                              union_id=api.tree.unit.id)  # fmt: skip
        edge = f.person(u, name="戊", birth_date=date(1967, 4, 21), union_id=api.tree.unit.id)
        after = f.person(u, name="己", birth_date=date(1967, 5, 22), union_id=api.tree.unit.id)
        for p in (inside, outside, past, edge, after):
            f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, p))
        lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=city_title)
        u.commit()
    district = _h(api, Role.DISTRICT_OFFICER)
    got = api.client.get(
        f"/api/v1/unions/{api.tree.district.id}/retiring-leaders", params={"months": 12},
        headers=district,
    ).json()  # fmt: skip
    rows = [(r["name"], r["retirement_date"]) for r in got["items"]]
    # 60y6m, 60y7m, 60y7m (the horizon's last day counts); 乙 2031, 丙 2020 and 己 2028 do not.
    assert rows == [("甲", "2027-06-01"), ("丁", "2027-08-05"), ("戊", "2027-11-21")]
    assert (got["total"], got["limit"], got["offset"]) == (3, 50, 0)
    assert "附件3" in got["items"][1]["next_step"]
    assert "第十三条" in got["items"][0]["next_step"]
    xlsx = api.client.get(
        f"/api/v1/unions/{api.tree.district.id}/retiring-leaders/xlsx", headers=district
    )
    ws = load_workbook(BytesIO(xlsx.content)).worksheets[0]
    assert ws.auto_filter.ref
    assert ws.page_setup.orientation == "landscape"
    assert [ws.cell(row=r, column=5).value for r in (3, 4)] == ["甲", "丁"]
    other = api.client.get(
        f"/api/v1/unions/{api.tree.other_district.id}/retiring-leaders", headers=district
    )
    assert other.status_code == 404


def test_retiring_leaders_come_a_page_at_a_time_with_the_total_and_the_xlsx_holds_all(
    api: Api,
) -> None:
    # Men born a day apart from 1966-12-01: 60y6m, so they retire from 2027-06-01 in that order.
    with api.uow() as u:
        made = []
        for i in range(53):
            born = date(1966, 12, 1) + timedelta(days=i)
            leader = f.person(u, name=f"退休{i:02d}", birth_date=born, union_id=api.tree.unit.id)
            shop = lf.led_workshop(u, api.tree, leader, members=0)
            made.append(f.named_designation(u, api.tree, shop=shop).id)
        u.commit()
    district = _h(api, Role.DISTRICT_OFFICER)
    url = f"/api/v1/unions/{api.tree.district.id}/retiring-leaders"

    def listed(**params: int) -> dict[str, Any]:
        got = api.client.get(url, params={"months": 12, **params}, headers=district)
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        return body

    first = listed()  # 50 a page unless asked otherwise, like the other lists
    assert (first["total"], first["limit"], first["offset"]) == (53, 50, 0)
    assert [r["designation_id"] for r in first["items"]] == made[:50]
    assert (first["union_id"], first["until_months"]) == (api.tree.district.id, 12)
    rest = listed(offset=50)
    assert [r["designation_id"] for r in rest["items"]] == made[50:]
    assert rest["total"] == 53
    pages = [listed(limit=20, offset=o) for o in (0, 20, 40)]
    assert [len(p["items"]) for p in pages] == [20, 20, 13]
    assert [r["designation_id"] for p in pages for r in p["items"]] == made
    assert pages[1]["items"][0]["retirement_date"] == "2027-06-21"
    beyond = listed(limit=20, offset=60)
    assert (beyond["items"], beyond["total"], beyond["offset"]) == ([], 53, 60)
    shorter = listed(limit=20, months=7)  # to 2027-06-21: born 1966-12-01 to 12-21
    assert (len(shorter["items"]), shorter["total"]) == (20, 21)
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        refused = api.client.get(url, params=bad, headers=district)
        assert refused.status_code == 422, bad

    # The Excel download is the whole list: it takes no page size (refused beside ``limit``).
    paged = api.client.get(f"{url}/xlsx", params={"months": 12, "limit": 1}, headers=district)
    assert (paged.status_code, paged.json()["error"]["field"]) == (422, "limit")
    xlsx = api.client.get(f"{url}/xlsx", params={"months": 12}, headers=district)
    ws = load_workbook(BytesIO(xlsx.content)).worksheets[0]
    names = [row[4] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert names == [f"退休{i:02d}" for i in range(53)]


def test_a_consent_to_continue_is_recorded_only_once_retirement_is_near(api: Api) -> None:
    with api.uow() as u:
        young = f.person(u, name="韩师傅", birth_date=date(1980, 3, 2), union_id=api.tree.unit.id)
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, young))
        u.commit()
        d_id = d.id
    district = _h(api, Role.DISTRICT_OFFICER)
    writes = api.writes()
    early = api.client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data={"leader_consented_on": "2026-11-01", "leader_signer": "韩师傅",
              "unit_consented_on": "2026-11-03", "unit_signer": "单位工会主席"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=district,
    )  # fmt: skip
    assert early.status_code == 422
    problem = early.json()["error"]["problems"][0]
    assert (problem["field"], problem["code"]) == ("designation_id", "not_yet_retiring")
    assert "起可登记退休后继续领衔同意" in problem["message"]
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条" in problem["message"]
    assert api.writes() == writes


def test_a_leader_retiring_early_owes_the_consent_from_that_day(api: Api) -> None:
    # Born 1980: legal retirement in 2043. Retired on 2026-11-02 all the same (提前退休): the
    # title continues only with the leader's and the unit's consent [Y13] (reading 42a).
    with api.uow() as u:
        early = f.person(u, name="提前退休师傅", birth_date=date(1980, 3, 2),
                         union_id=api.tree.unit.id)  # fmt: skip
        staying = f.person(u, name="在职师傅", birth_date=date(1980, 3, 2),
                           union_id=api.tree.unit.id)  # fmt: skip
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, early))
        other = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, staying))
        u.commit()
        d_id, shop_id, other_id = d.id, d.workshop_id, other.id
    client, district, unit = api.client, _h(api, Role.DISTRICT_OFFICER), _h(api, Role.UNIT_CONTACT)
    consent = {"leader_consented_on": "2026-11-05", "leader_signer": "提前退休师傅",
               "unit_consented_on": "2026-11-06", "unit_signer": "单位工会主席"}  # fmt: skip

    def consent_items(designation_id: int) -> list[tuple[str, str, int, str]]:
        items = client.get(
            "/api/v1/occasions",
            params={"union_id": api.tree.district.id, "kind": "leader_consent_missing",
                    "to": "2027-12-31"},
            headers=district,
        ).json()["items"]  # fmt: skip
        return [
            (o["due_on"], o["status"], o["union_id"], o["title"])
            for o in items
            if o["designation_id"] == designation_id
        ]

    assert consent_items(d_id) == []
    event = client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "retirement", "occurred_on": "2026-11-02",
              "source": "单位工会书面报告（2026-11-04）", "details": "因病提前退休"},
        headers=unit,
    )  # fmt: skip
    assert event.status_code == 201, event.text
    # The district is asked at once, from the day of the retirement, overdue the day after.
    assert consent_items(d_id) == [
        (
            "2026-11-02",
            "overdue",
            api.tree.district.id,
            "带头人提前退休师傅已于2026年11月2日退休（未到法定退休年龄，提前退休）："
            "登记本人愿意继续领衔及所在单位同意，否则须变更带头人",
        )
    ]
    # The consent may be recorded now, not only from 90 days before 2043's legal date.
    done = client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data=consent,
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=district,
    )
    assert done.status_code == 201, done.text
    assert consent_items(d_id) == []
    # A leader of the same age still in service: nothing owed, and no consent years ahead.
    assert consent_items(other_id) == []
    writes = api.writes()
    ahead = client.post(
        f"/api/v1/designations/{other_id}/continuation-consents",
        data=consent | {"leader_signer": "在职师傅"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
        headers=district,
    )
    assert ahead.status_code == 422
    assert ahead.json()["error"]["problems"][0]["code"] == "not_yet_retiring"
    assert api.writes() == writes


def test_a_retiring_horizon_out_of_range_is_refused_beside_months(api: Api) -> None:
    """The API's list and its Excel refuse a 期限 out of 1–60 beside ``months`` (422), as the
    page's export now does (helper polish67)."""
    district = _h(api, Role.DISTRICT_OFFICER)
    base = f"/api/v1/unions/{api.tree.district.id}/retiring-leaders"
    for url in (base, f"{base}/xlsx"):
        got = api.client.get(url, params={"months": 1000}, headers=district)
        assert got.status_code == 422, url
        assert got.json()["error"]["field"] == "months"
