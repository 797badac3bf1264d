"""乐山's notice sets no oversight of a named title [L]: no 周期末实地检查 [Y12], no 年度自查备案
[Y11]. A 乐山 city officer asking for one through the API hears that from the use case, not a
role refusal telling them a 县（市、区）总工会干部 would do it (who would then hear the same);
a Shanghai city officer asking on a Yangpu title hears which union acts and the article. And the
API reference says who may call each route in words of every city the service runs (both
backends).

Before: 「市总工会干部无权办理此事项，须由县（市、区）总工会干部办理」 for the inspection, and
「…须由县（市、区）总工会干部或基层单位联系人办理」 for the filing; the reference's 调用权限
named Shanghai's 区局（产业）工会干部 alone, to 乐山's readers too."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from icalendar import Calendar

from lifecycle.accounts.service import issue_token
from lifecycle.citations import TITLES
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import NOW, PDF, Api

INSPECTION = {
    "kind": "cycle_end",
    "scheduled_on": "2026-12-01",
    "place": "现场",
    "inspectors": "王",
}
FILING = {"year": "2026", "kind": "self_check", "filed_on": "2026-11-01"}
UNSET = f"（{TITLES['L']}未作规定）"  # the notice sets none (before: no citation at all)
NO_INSPECTION = f"乐山市劳模和工匠人才创新工作室没有“实地检查、整改通知及整改复查”环节{UNSET}"


def _leshan_title(api: Api) -> tuple[int, dict[str, str], dict[str, str]]:
    """A 乐山 title, and the headers of the 乐山 city officer and of a county officer."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        honours = (f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),)
        leader = f.person(u, name="乐山带头人", honours=honours, union_id=leshan.unit.id)
        title = f.named_designation(
            u, leshan, scheme="leshan-city", shop=lf.led_workshop(u, leshan, leader)
        )
        city, _ = f.user(u, Role.CITY_OFFICER, leshan.city.id)
        county, _ = f.user(u, Role.DISTRICT_OFFICER, leshan.district.id)
        tokens = [issue_token(u, p, "乐山", NOW).plaintext for p in (city, county)]
        u.commit()
        title_id = title.id
    city_h, county_h = ({"Authorization": f"Bearer {t}"} for t in tokens)
    return title_id, city_h, county_h


def test_a_leshan_city_officer_hears_its_notice_has_no_inspection_not_a_role_refusal(
    api: Api,
) -> None:
    title_id, city, county = _leshan_title(api)
    before = api.writes()
    for headers in (city, county):  # both hear the same: neither may, as no one may
        refused = api.client.post(
            f"/api/v1/designations/{title_id}/inspections", json=INSPECTION, headers=headers
        )
        assert refused.status_code == 403, refused.text
        error = refused.json()["error"]
        assert (error["code"], error["message"]) == ("no_such_step", NO_INSPECTION)
        assert "干部" not in error["message"]
    assert api.writes() == before


def test_a_leshan_city_officer_hears_its_notice_has_no_yearly_filing(api: Api) -> None:
    title_id, city, _county = _leshan_title(api)
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{title_id}/filings",
        data=FILING,
        files={"file": ("自查.pdf", PDF, "application/pdf")},
        headers=city,
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "designation_id"
    assert error["message"] == f"乐山市劳模和工匠人才创新工作室不实行年度自查备案{UNSET}"
    assert api.writes() == before


def test_a_leshan_city_officer_hears_its_notice_has_no_continuation_consent(api: Api) -> None:
    title_id, city, county = _leshan_title(api)
    before = api.writes()
    consent = {
        "leader_consented_on": "2026-11-01",
        "leader_signer": "乐山带头人",
        "unit_consented_on": "2026-11-02",
        "unit_signer": "单位工会",
    }
    for headers in (city, county):
        refused = api.client.post(
            f"/api/v1/designations/{title_id}/continuation-consents",
            data=consent,
            files={"file": ("同意书.pdf", PDF, "application/pdf")},
            headers=headers,
        )
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["code"] == "no_continuation"
        # Before: 「…不适用退休后继续领衔（领衔人离任须按管理变更处理）」: Shanghai's 附件3 and
        # 领衔人, neither of which 乐山 has.
        assert error["message"] == (
            "乐山市劳模和工匠人才创新工作室不适用带头人退休后继续担任的同意登记"
            f"（{TITLES['L']}未作规定）；带头人变更由乐山市总工会在命名记录页的「变更带头人」中办理"
        )
    assert api.writes() == before


def test_a_leshan_title_is_told_its_notice_sets_no_assessment_and_its_leaders_word(
    api: Api,
) -> None:
    """The annual 考核 [S9] refused for a 乐山 title cites the notice that sets none, as the
    inspection and filing do; the direct leader change (only Yangpu's and 乐山's, both a
    带头人) names its fields as its form does. Before: 「…不实行年度考核」 citing nothing, and
    「新领衔人必填；…原因必填」."""
    title_id, city, county = _leshan_title(api)
    before = api.writes()
    step = {
        "year": 2026,
        "step": "district",
        "passed": True,
        "decided_on": "2026-12-01",
        "signer": "王",
        "opinion": "合格",
    }
    for headers in (city, county):
        refused = api.client.post(
            f"/api/v1/designations/{title_id}/assessments", json=step, headers=headers
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["message"] == (
            f"乐山市劳模和工匠人才创新工作室不实行年度考核{UNSET}"
        )
    empty = api.client.post(f"/api/v1/designations/{title_id}/leader-change", json={}, headers=city)
    assert empty.status_code == 422, empty.text
    assert empty.json()["error"]["message"] == "新带头人必填；生效日期必填；变更事由必填"
    assert api.writes() == before


def test_a_shanghai_city_officer_hears_which_union_inspects_and_files_a_yangpu_title(
    api: Api,
) -> None:
    city = api.callers[Role.CITY_OFFICER]
    headers = {"Authorization": f"Bearer {city.token}"}
    title_id = api.own.designation
    before = api.writes()
    inspected = api.client.post(
        f"/api/v1/designations/{title_id}/inspections", json=INSPECTION, headers=headers
    )
    assert inspected.status_code == 403, inspected.text
    message = inspected.json()["error"]["message"]
    assert message.startswith("实地检查、整改通知及整改复查应由杨浦区总工会")
    assert "第十二条" in message
    filed = api.client.post(
        f"/api/v1/designations/{title_id}/filings",
        data=FILING,
        files={"file": ("自查.pdf", PDF, "application/pdf")},
        headers=headers,
    )
    assert filed.status_code == 403, filed.text
    assert "第十一条" in filed.json()["error"]["message"]
    assert api.writes() == before
    # Finance is still refused by its role, before any use case.
    finance = api.callers[Role.FINANCE]
    refused = api.client.post(
        f"/api/v1/designations/{title_id}/inspections",
        json=INSPECTION,
        headers=finance.headers,
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"


def _signed_in(api: Api, username: str, password: str) -> TestClient:
    browser = TestClient(api.client.app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
    assert token is not None
    form = {"csrf_token": token.group(1), "username": username, "password": password}
    assert browser.post("/login", data={**form, "next": "/docs"}).status_code == 303
    return browser


STEP = "POST /api/v1/designations/{designation_id}/inspections"


def _access_lines(html: str) -> list[str]:
    return re.findall(r"调用权限：[^。<]*。", html)


def test_the_reference_names_each_citys_district_officers(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    schedule = paths["/api/v1/designations/{designation_id}/inspections"]["post"]
    # The schema, read by any city's integrators, names both cities' district unions.
    assert "区局（产业）工会或县（市、区）总工会干部" in schedule["description"]
    # The money routes 乐山's finance calls cite 乐山's notice beside Shanghai's rules (before:
    # only 「一次性资助、配套资助或优秀成果资助」 of Yangpu and Shanghai, and [Y16] alone).
    grants = paths["/api/v1/designations/{designation_id}/grants"]["post"]["description"]
    assert f"乐山市的命名为一次性奖励，金额按批准数额填写{TITLES['L']}三" in grants
    ledger = paths["/api/v1/designations/{designation_id}/fund-ledger"]["get"]["description"]
    assert f"{TITLES['L']}建设标准（四）" in ledger
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        county, password = f.user(u, Role.DISTRICT_OFFICER, leshan.district.id)
        u.commit()
    leshan_page = _signed_in(api, county.username, password).get("/docs").text
    lines = _access_lines(leshan_page)
    assert len(lines) > 100
    assert any("县（市、区）总工会干部" in line for line in lines)
    assert not [line for line in lines if "区局（产业）工会" in line]
    shanghai = api.callers[Role.DISTRICT_OFFICER].principal.username
    page = _signed_in(api, shanghai, api.passwords[Role.DISTRICT_OFFICER]).get("/docs").text
    lines = _access_lines(page)
    assert any("区局（产业）工会干部" in line for line in lines)
    assert not [line for line in lines if "县（市、区）" in line]


def test_a_leshan_calendar_holds_no_inspections_by_its_name(api: Api) -> None:
    """Before: a 乐山 officer's calendar page and subscribed calendar were named
    「…·创新工作室检查与期限」, of the inspections only Yangpu has [Y12]."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        county, password = f.user(u, Role.DISTRICT_OFFICER, leshan.district.id)
        token = issue_token(u, county, "乐山", NOW).plaintext
        u.commit()
    page = _signed_in(api, county.username, password).get("/calendar")
    assert page.status_code == 200, page.text
    assert "把您能看到的待办事项与期限订阅到" in page.text
    assert "检查与期限" not in page.text
    issued = api.client.post(
        "/api/v1/me/calendar-feed", headers={"Authorization": f"Bearer {token}"}
    )
    assert issued.status_code == 200, issued.text
    feed = api.client.get(issued.json()["url"].removeprefix("http://testserver"))
    assert feed.status_code == 200, feed.text
    name = Calendar.from_ical(feed.content)["x-wr-calname"]
    assert name == "市中区总工会·创新工作室待办事项与期限"
    # Shanghai's, whose Yangpu titles are inspected, keeps its name.
    district = api.callers[Role.DISTRICT_OFFICER]
    shanghai = api.client.post("/api/v1/me/calendar-feed", headers=district.headers)
    ics = api.client.get(shanghai.json()["url"].removeprefix("http://testserver")).content
    assert str(Calendar.from_ical(ics)["x-wr-calname"]).endswith("·创新工作室检查与期限")
