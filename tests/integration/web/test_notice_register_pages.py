"""The 整改通知 list: the district union reads every written 整改通知 it issued, filtered by status,
and exports them as Excel; the unit reads its own; another district reads none [Y12]. Before,
a notice was reachable only from its title's page or a duty, and none could be exported."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.clock import chinese_date
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import AS_OF, Site
from tests.integration.web.test_flow_pages import _failed_yangpu


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_district_lists_and_exports_its_notices_and_another_district_sees_none(site):
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        number, deadline = notice.number, notice.deadline
        provisional = notice.deadline_provisional
        addressee = u.unions.get(notice.addressee_union_id, f.SYSTEM_SCOPE)
        assert addressee is not None
        addressee_name = addressee.name
    district = site.login("district")
    assert 'href="/notices"' in district.get("/dashboard").text  # in the menu
    page = district.get("/notices")
    assert page.status_code == 200
    text = _text(page.text)
    assert f'href="/notices/{notice_id}"' in page.text
    assert number in text
    assert addressee_name in text
    assert site.designation.title in text
    assert "共 1 条" in text
    assert "整改中" in text
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条" in text
    # filtered by another status: none, and a bad status named and ignored
    assert "没有符合条件的整改通知" in district.get("/notices?status=rectified").text
    bad = _text(district.get("/notices?status=bogus").text)
    assert "状态「bogus」无效，已忽略" in bad
    assert number in bad

    export = district.get("/notices.xlsx", params={"status": "open"})
    assert export.status_code == 200
    assert "spreadsheetml" in export.headers["content-type"]
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert str(rows[0][0]).endswith(f"整改通知 · 整改中（{chinese_date(AS_OF)}）")
    assert rows[1][:6] == ("文号", "工作室", "命名编号", "主送单位", "发文日期", "整改期限")
    assert rows[2][0] == number
    assert rows[2][1] == site.designation.title
    assert rows[2][3] == addressee_name
    assert rows[2][4].date() == date(2026, 11, 20)
    assert rows[2][5].date() == deadline
    assert rows[2][6] == ("节假日安排未公布，暂定" if provisional else None)
    assert rows[2][7] == "整改中"
    # The API's export is the page's.
    api_export = district.get("/api/v1/exports/notices.xlsx", params={"status": "open"})
    assert api_export.status_code == 200
    api_sheet = load_workbook(BytesIO(api_export.content)).active
    assert api_sheet is not None
    assert list(api_sheet.iter_rows(values_only=True)) == rows

    # The unit reads its title's notice; another district has none to list or export.
    assert number in site.login("unit").get("/notices").text
    other = site.login("other")
    assert number not in other.get("/notices").text
    other_export = load_workbook(BytesIO(other.get("/notices.xlsx").content)).active
    assert other_export is not None
    assert other_export.max_row == 2  # title and header only
    bogus = district.get("/api/v1/exports/notices.xlsx", params={"status": "bogus"})
    assert bogus.status_code == 422
    assert bogus.json()["error"]["field"] == "status"
    # Another district's union is not answered with an empty workbook, as if it had none.
    crossed = district.get(
        "/api/v1/exports/notices.xlsx", params={"under": site.tree.other_district.id}
    )
    assert crossed.status_code == 404
    assert crossed.json()["error"]["field"] == "under"


def test_the_menu_offers_the_notices_only_where_titles_are_inspected(site: Site) -> None:
    """乐山's notice sets no inspection nor 整改通知 [L]: its officer's menu has no such entry,
    while Yangpu's has it [Y12]."""
    with site.uow() as u:
        leshan = f.leshan_tree(u)
        principal, password = f.user(u, Role.DISTRICT_OFFICER, leshan.district.id)
        u.commit()
    site.usernames["leshan"], site.passwords["leshan"] = principal.username, password
    assert 'href="/notices"' in site.login("district").get("/dashboard").text
    leshan_menu = site.login("leshan").get("/dashboard")
    assert leshan_menu.status_code == 200
    assert 'href="/calendar"' in leshan_menu.text  # the menu is there, without the notices
    assert 'href="/notices"' not in leshan_menu.text
