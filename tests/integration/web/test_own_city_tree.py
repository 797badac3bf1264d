"""Each user sees their own city tree's schemes and programmes; the dashboard's wording and its
undated steps (the demo, both cities, as its users see it)."""

from __future__ import annotations

import re

from lifecycle.occasions.model import OccasionKind
from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - the fixture `demo`

SHANGHAI = {"yangpu-district", "shanghai-model-worker", "shanghai-craftsman"}
SELECTION_MENU = '<a href="/craftsman-selections">上海工匠选树</a>'


def _scheme_options(html: str) -> set[str]:
    select = re.search(r'<select name="scheme">(.*?)</select>', html, re.S)
    assert select is not None, html
    return set(re.findall(r'<option value="([^"]+)"', select.group(1)))


def test_a_leshan_officer_sees_leshans_schemes_and_no_shanghai_selection(demo):
    browser = demo.login("leshan")
    board = browser.get("/dashboard").text
    assert SELECTION_MENU not in board
    for page in ("/designations", "/finance/designations", "/todo"):
        assert _scheme_options(browser.get(page).text) == {"leshan-city"}, page
    todo = browser.get("/todo").text
    assert "上海工匠申报待审核" not in todo  # the 上海工匠 selection's steps: Shanghai's [G]
    # Another city's scheme typed into the address is no filter of this user's lists.
    other = browser.get("/designations", params={"scheme": "yangpu-district"}).text
    assert "类别「yangpu-district」无效，已忽略" in other
    # On the 待办 list 类别 is the kind of 待办: the scheme is named by its own filter's label.
    listed = browser.get("/todo", params={"scheme": "yangpu-district"}).text
    assert "工作室类型「yangpu-district」无效，已忽略" in listed
    # The JSON schemes list stays reference data: every pack, its naming union named.
    codes = {s["code"] for s in browser.get("/api/v1/schemes").json()}
    assert codes == SHANGHAI | {"leshan-city"}


def test_yangpu_finance_sees_shanghais_schemes_and_the_selection(demo):
    browser = demo.login("finance")
    board = browser.get("/dashboard").text
    assert SELECTION_MENU in board
    for page in ("/designations", "/finance/designations", "/todo"):
        assert _scheme_options(browser.get(page).text) == SHANGHAI, page
    assert "上海工匠申报待审核" in browser.get("/todo").text


def test_the_dashboard_says_subordinate_unions_only_where_there_are_some(demo):
    assoc = demo.login("assoc").get("/dashboard").text
    assert "上海市模具行业协会的待办事项" in assoc
    assert "及下属工会" not in assoc
    unit = demo.login("unit").get("/dashboard").text
    assert "及下属工会" not in unit
    assert "杨浦区总工会及下属工会的待办事项" in demo.login("yangpu").get("/dashboard").text


def _section(html: str, section_id: str) -> str:
    found = re.search(rf'<section class="card" id="{section_id}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def test_a_step_with_no_deadline_is_not_due_this_month_and_its_figures_match_the_lists(demo):
    browser = demo.login("finance")
    me = browser.get("/api/v1/me").json()
    board = browser.get("/api/v1/dashboard", params={"union_id": me["union_id"]}).json()
    assert board["undated_total"] > 0  # not vacuous: 上海工匠 applications wait undated
    # An application's step says so in its title; a 附件3 step waiting has none either [C 三（六）].
    assert all(o["undated"] for o in board["undated"])
    assert any("无规定办理期限" in o["title"] for o in board["undated"])
    assert not any(o["undated"] for o in board["due_this_month"])
    page = browser.get("/dashboard").text
    assert "起等待" not in _section(page, "this-month")
    assert "无规定办理期限" in _section(page, "undated")
    # Every figure, the undated one too, opens a 待办 list of the same count, page and API.
    stats = re.findall(r'<a class="stat[^"]*" href="([^"]+)">(\d+)</a>', page)
    undated = re.search(r'<a href="(/todo\?undated=1)">(\d+) 项</a>', page)
    assert undated is not None
    assert int(undated.group(2)) == board["undated_total"]
    for href, count in [*stats, undated.groups()]:
        assert f"共 {count} 项" in browser.get(href.replace("&amp;", "&")).text, href
    listed = browser.get("/api/v1/todo", params={"undated": "true", "limit": 500}).json()
    assert listed["total"] == board["undated_total"]
    dated = browser.get("/api/v1/todo", params={"undated": "false", "limit": 500}).json()
    assert not any(o["undated"] or "无规定办理期限" in o["title"] for o in dated["items"])


def _kind_options(html: str) -> set[str]:
    select = re.search(r'<select name="kind">(.*?)</select>', html, re.S)
    assert select is not None, html
    return set(re.findall(r'<option value="([^"]+)"', select.group(1)))


def test_the_todo_kinds_are_those_the_users_own_city_can_have(demo):
    """Leshan's notice sets no oversight, leader exit rule or matching [L]: its officer filters
    the 待办 by its applications' steps and its money's audit findings (专款专用 [L 建设标准（四）])
    only; Shanghai's users by every kind its schemes have."""
    leshan = demo.login("leshan")
    page = leshan.get("/todo").text
    assert _kind_options(page) == {
        OccasionKind.APPLICATION_STEP.value,
        OccasionKind.FUNDING_FINDING.value,
    }
    assert "区级配套资金待到位" not in page
    assert "离任待报送附件3或变更" not in page
    # Another city's kind typed into the address is named and ignored, as other bad filters are.
    typed = leshan.get("/todo", params={"kind": "matching_funds"})
    assert typed.status_code == 200
    assert "类别「区级配套资金待到位」不是本市工作室的待办类别，已忽略" in typed.text
    assert re.search(r"共 \d+ 项", typed.text).group(0) == re.search(r"共 \d+ 项", page).group(0)
    # The JSON list refuses it beside the field, and takes the kinds the city has.
    refused = leshan.get("/api/v1/todo", params={"kind": "change_request_due"})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("kind_not_in_tree", "kind")
    assert (
        error["message"] == "类别「带头人（领衔人）离任待报送附件3或变更」不是本市工作室的待办类别"
    )
    own = leshan.get("/api/v1/todo", params={"kind": "application_step"})
    assert own.status_code == 200, own.text
    assert {i["kind"] for i in own.json()["items"]} <= {"application_step"}
    shanghai = demo.login("finance")
    assert _kind_options(shanghai.get("/todo").text) == {k.value for k in OccasionKind}
    assert shanghai.get("/api/v1/todo", params={"kind": "matching_funds"}).status_code == 200


def test_a_leshan_title_names_its_leader_as_leshans_notice_does(demo):
    """乐山's notice says 带头人 [L 二（一）], Shanghai's craftsman notice 领衔人 [C 一（一）]."""
    leshan = demo.login("leshan")
    titles = leshan.get("/api/v1/designations", params={"scheme": "leshan-city"}).json()["items"]
    assert titles
    page = leshan.get(f"/designations/{titles[0]['id']}").text
    main = page[page.index("<h1>") :]  # the title's own page, not the menu shared by every city
    assert '· 带头人：<a href="#leader">' in main
    assert "领衔人" not in main
    city = demo.login("city")
    craftsman = city.get("/api/v1/designations", params={"scheme": "shanghai-craftsman"})
    shown = city.get(f"/designations/{craftsman.json()['items'][0]['id']}").text
    assert '· 领衔人：<a href="#leader">' in shown
