"""A 乐山 user reads roles in 乐山's words: its district-level unions are 县（市、区）总工会 [L 一],
not Shanghai's 区局（产业）工会, in the refusals of the pages and the JSON API alike; and the
import page tells them 乐山's rules, not Shanghai's (the demo, both backends)."""

from __future__ import annotations

from markupsafe import escape

from api.deps import CSRF_HEADER
from lifecycle.adoption.guide import SHANGHAI_GUIDE
from lifecycle.citations import TITLES, cite
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - the fixture `demo`

LESHAN_FILING_REFUSAL = "市总工会干部无权办理此事项，须由县（市、区）总工会干部或基层单位联系人办理"
SHANGHAI_FILING_REFUSAL = "市总工会干部无权办理此事项，须由区局（产业）工会干部或基层单位联系人办理"


def _own_designation(browser) -> int:
    listed = browser.get("/api/v1/designations", params={"limit": 5}).json()
    assert listed["total"] > 0
    return int(listed["items"][0]["id"])


def test_a_leshan_officers_page_refusal_names_leshans_county_unions(demo):
    browser = demo.login("leshan")
    designation = _own_designation(browser)
    # The leader-event page: the filing page now lets the use case answer (its notice sets no
    # filing [L]), as the API does (``test_leshan_step_pages.py``).
    refused = browser.get(f"/designations/{designation}/leader/event")
    assert refused.status_code == 403
    assert LESHAN_FILING_REFUSAL in refused.text
    assert "区局（产业）工会" not in refused.text
    # The header names the user's own role in the same words (a city officer is one in both).
    assert "乐山市总工会 李干事（市总工会干部）" in refused.text


def _api_filing(browser, designation):
    """An empty leader event posted to the JSON API from the user's page session: refused by
    role (the unit's or the district union's to record). The filing route itself now lets the
    city officer reach the use case, which says whether the title takes a filing at all."""
    csrf = csrf_of(browser.get("/dashboard").text)
    workshop = browser.get(f"/api/v1/designations/{designation}").json()["workshop_id"]
    return browser.post(
        f"/api/v1/workshops/{workshop}/leader-events", json={}, headers={CSRF_HEADER: csrf}
    )


def test_a_leshan_officers_api_refusal_names_leshans_county_unions(demo):
    browser = demo.login("leshan")
    designation = _own_designation(browser)
    refused = _api_filing(browser, designation)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == LESHAN_FILING_REFUSAL


def test_a_shanghai_officer_keeps_shanghais_words(demo):
    browser = demo.login("city")
    designation = _own_designation(browser)  # a Shanghai title: the city reads its own
    refused = browser.get(f"/designations/{designation}/leader/event")
    assert refused.status_code == 403
    assert SHANGHAI_FILING_REFUSAL in refused.text
    api = _api_filing(browser, designation)
    assert api.status_code == 403
    assert api.json()["error"]["message"] == SHANGHAI_FILING_REFUSAL


def test_a_leshan_officers_import_page_tells_leshans_rules(demo):
    browser = demo.login("leshan")
    page = browser.get("/adoption")
    assert page.status_code == 200
    text = page.text
    leshan = TITLES["L"]
    assert f"拨款类别填“一次性奖励”（{leshan}三），按此前模板填写的“一次性补贴”同样导入" in text
    assert "通知未规定奖励金额，须填写金额" in text
    assert f"层级填写“县（市、区）总工会”（{leshan}一）" in text
    unruled_sheets = (("考核", "年度考核"), ("检查", "管理周期"), ("年度备案", "年度自查备案"))
    for sheet, unruled in unruled_sheets:
        expected = f"<strong>{sheet}</strong>：{leshan}未规定{unruled}"
        assert expected in text, sheet
    assert text.count("乐山市劳模和工匠人才创新工作室的命名不填本表") == 4
    # No Shanghai or Yangpu rule is told as if it held in 乐山, and no bare rule id is shown.
    for shanghai in ("杨浦办法", "上海市劳模创新工作室管理办法", "金额不填时按方案规定", "[L"):
        assert shanghai not in text, shanghai
    assert "此前到期的年度备案、考核和周期检查视为已在系统外办结" not in text
    # The page drawn again for a missing file says the same.
    csrf = csrf_of(text, "/adoption/import")
    again = browser.post("/adoption/import", data={"csrf_token": csrf, "dry_run": "1"})
    assert again.status_code == 422
    assert "请选择要导入的 Excel 文件" in again.text
    assert "通知未规定奖励金额，须填写金额" in again.text
    assert "杨浦办法" not in again.text


def test_a_shanghai_officers_import_page_keeps_shanghais_rules(demo):
    text = demo.login("yangpu").get("/adoption").text
    for sheet in SHANGHAI_GUIDE.sheets:
        assert f"<strong>{sheet.name}</strong>：{escape(cite(sheet.note))}</li>" in text, sheet.name
    assert f'<p class="muted">{SHANGHAI_GUIDE.cutover}</p>' in text
    assert f"往年已命名的不再重复申报（{TITLES['Y']}第七条）" in text
    assert "杨浦办法" not in text  # no shorthand: the regulation by its title
    assert TITLES["L"] not in text


def test_leaders_near_retirement_are_named_in_each_city_trees_word(demo):
    """乐山's notice calls a team's leader 带头人 [L 二（一）]: its users' menu, the list's page
    and its Excel say so; Shanghai's keep 领衔人."""
    from io import BytesIO

    from openpyxl import load_workbook

    for user, word, other in (("leshan", "带头人", "领衔人"), ("yangpu", "领衔人", "带头人")):
        browser = demo.login(user)
        menu = browser.get("/dashboard").text
        assert f'<a href="/leaders/retiring">即将退休的{word}</a>' in menu
        page = browser.get("/leaders/retiring")
        assert page.status_code == 200
        assert f"<h1>即将退休的{word}</h1>" in page.text
        assert f"即将退休的{other}" not in page.text
        sheet = load_workbook(BytesIO(browser.get("/leaders/retiring.xlsx").content)).active
        assert sheet.title == f"即将退休的{word}"
        assert f"即将退休的{word}（" in str(sheet["A1"].value)
        # The leader column in the words of the rows' own schemes (Yangpu's 带头人 [Y3], the
        # city's 领衔人 [S3][C 一（一）]); the tree's word with no row.
        kinds = {row[2] for row in sheet.iter_rows(min_row=3, values_only=True) if row[2]}
        city = {"上海市劳模创新工作室", "上海市工匠创新工作室"}
        column = {frozenset(): word, frozenset({"杨浦区劳模（先进）、技师创新工作室"}): "带头人"}
        expected = column.get(frozenset(kinds), "领衔人" if kinds <= city else "带头人（领衔人）")
        if user == "leshan":
            expected = "带头人"
        assert sheet["E2"].value == expected


def test_a_leshan_retiring_list_does_not_speak_of_city_titles_beside_others(demo):
    """乐山's titles are all the city's [L 一]: its 「即将退休的带头人」 says nothing of 「含市级
    命名」, which tells a Shanghai district that the city's titles are listed beside its own."""
    leshan = demo.login("leshan").get("/leaders/retiring")
    assert leshan.status_code == 200
    assert "含市级命名" not in leshan.text
    assert "个月内达到法定退休年龄" in leshan.text
    shanghai = demo.login("yangpu").get("/leaders/retiring")
    assert "，含市级命名。" in shanghai.text
