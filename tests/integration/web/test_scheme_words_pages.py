"""Each scheme's own words and duties on the pages, on both backends: a lost title is 撤牌
in Yangpu [Y12] and 摘牌 in the city's schemes [S9][C 三（六）]; the leader is 带头人
[Y3][L 二（一）] or 领衔人 [S3][C 一（一）], both where a list mixes them; a title shows only
the duties its scheme has (年度备案 [Y11], 整改通知 [Y12], 年度考核 [S9])."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.designations.flows import Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.factories import AS_OF
from tests.integration.web.conftest import Site, csrf_of


def _end_both(site: Site) -> int:
    """Revoke the site's Yangpu title (整改 then 撤牌) and delist a city 劳模 title (摘牌)."""
    with site.uow() as uow:
        city = f.named_designation(uow, site.tree, scheme="shanghai-model-worker")
        officer = f.acting(site.tree.district)
        for target, flow, on in (
            (DesignationStatus.RECTIFYING, Flow.RECTIFICATION, date(2026, 4, 1)),
            (DesignationStatus.REVOKED, Flow.REVOCATION, date(2026, 6, 1)),
        ):
            step = Transition(site.designation.id, target, "测试", on, "杨工〔2026〕20号")
            transition(uow, step, flow=flow, actor=officer, as_of=AS_OF, scope=EVERYTHING)
        step = Transition(
            city.id, DesignationStatus.REVOKED, "离职", date(2026, 6, 2), "沪工〔2026〕3号"
        )
        transition(
            uow, step, flow=Flow.DELISTING, actor=f.acting(site.tree.city), as_of=AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
        uow.commit()
        return city.id


def _tag(page: str) -> str:
    found = re.search(
        r'<section class="card" id="status">\s*<p><span class="tag revoked">([^<]*)<', page
    )
    assert found, page[:2000]
    return found.group(1)


def test_an_ended_title_reads_its_own_schemes_word_on_its_page_list_filter_and_export(
    site: Site,
) -> None:
    city_id = _end_both(site)
    browser = site.login("city")
    yangpu_page = browser.get(f"/designations/{site.designation.id}").text
    assert _tag(yangpu_page) == "已撤牌"
    assert "→ 已撤牌" in yangpu_page  # the status history
    assert "（已撤牌，周期终止）" in yangpu_page  # the management cycle cut short
    city_page = browser.get(f"/designations/{city_id}").text
    assert _tag(city_page) == "已摘牌"
    assert "→ 已摘牌" in city_page
    for page in (yangpu_page, city_page):
        assert "撤牌/摘牌" not in page

    listed = browser.get("/designations", params={"status": "revoked"}).text
    rows = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(
            r'href="/designations/(\d+)">.*?<span class="tag revoked">([^<]*)</span>', listed, re.S
        )
    }
    assert rows == {site.designation.id: "已撤牌", city_id: "已摘牌"}
    # the filter over both schemes names both words; over one scheme, its own
    assert '<option value="revoked" selected>已撤牌/摘牌</option>' in listed
    one = browser.get("/designations", params={"status": "revoked", "scheme": "yangpu-district"})
    assert '<option value="revoked" selected>已撤牌</option>' in one.text
    one = browser.get(
        "/designations", params={"status": "revoked", "scheme": "shanghai-model-worker"}
    )
    assert '<option value="revoked" selected>已摘牌</option>' in one.text

    export = browser.get("/designations.xlsx", params={"status": "revoked"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert cells[0][3] == "状态"
    assert cells[0][6] == "带头人（领衔人）"
    by_number = {row[0]: row[3] for row in cells[1:] if row[0]}
    with site.uow() as uow:
        numbers = {d.id: d.number for d in (uow.designations.get(i, EVERYTHING) for i in rows) if d}
    assert by_number[numbers[site.designation.id]] == "已撤牌"
    assert by_number[numbers[city_id]] == "已摘牌"

    history = browser.get(f"/history/designation/{site.designation.id}")
    assert history.status_code == 200
    assert "已撤牌" in history.text
    assert "撤牌/摘牌" not in history.text


def test_the_registry_names_the_leader_as_the_listed_schemes_do(site: Site) -> None:
    page = site.login("city").get("/designations").text
    assert 'placeholder="称号、编号、带头人（领衔人）或单位"' in page
    assert '<th class="hide-narrow">带头人（领衔人）</th>' in page
    todo = site.login("district").get("/todo").text
    assert ">带头人（领衔人）离任待报送附件3或变更</option>" in todo
    assert ">带头人离任待报送附件3或变更<" not in todo


def test_a_title_shows_only_the_duties_its_scheme_has(site: Site) -> None:
    with site.uow() as uow:
        worker = f.named_designation(uow, site.tree, scheme="shanghai-model-worker").id
        craftsman = f.named_designation(uow, site.tree, scheme="shanghai-craftsman").id
        leshan_tree = f.leshan_tree(uow)
        leshan = f.named_designation(uow, leshan_tree, scheme="leshan-city").id
        officer, password = f.user(uow, Role.CITY_OFFICER, leshan_tree.city.id)
        uow.commit()
    site.usernames["leshan"], site.passwords["leshan"] = officer.username, password
    browser = site.login("city")
    expected = {
        site.designation.id: {
            "filings": True,
            "notices": True,
            "assessments": False,
            "inspections": True,
        },
        worker: {"filings": False, "notices": False, "assessments": True},
        craftsman: {"filings": False, "notices": False, "assessments": False},
        # 乐山's notice sets no oversight [L]: not even inspections
        leshan: {"filings": False, "notices": False, "assessments": False, "inspections": False},
    }
    for designation_id, sections in expected.items():
        reader = site.login("leshan") if designation_id == leshan else browser
        page = reader.get(f"/designations/{designation_id}").text
        for section, shown in sections.items():
            assert (f'<h2 id="{section}">' in page) is shown, (designation_id, section)
    assert "暂无备案" not in browser.get(f"/designations/{worker}").text


def test_a_refused_consent_names_its_fields_as_the_form_labels_them(site: Site) -> None:
    with site.uow() as u:  # a leader past the legal retirement age [Y13]
        leader = f.person(
            u, name="冯老师", birth_date=date(1966, 1, 15), union_id=site.tree.unit.id
        )
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        d_id = d.id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/consent"
    form = browser.get(action)
    assert "本人签名" in form.text
    refused = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), "leader_consented_on": "2026-05-01",
              "leader_signer": "", "unit_consented_on": "2026-05-06", "unit_signer": ""},
        files={"file": ("同意书.pdf", b"%PDF-1.4 consent", "application/pdf")},
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'id="leader_signer-error">本人签名不能为空' in refused.text
    assert 'id="unit_signer-error">单位签署人不能为空' in refused.text
    assert "带头人签名" not in refused.text
