"""The demo as each role sees it: a handful of overdue items, lists behind every figure, exports."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.accounts.model import User
from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.accounts.service import principal_of
from lifecycle.clock import chinese_date
from lifecycle.occasions.model import OccasionStatus
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.views.dashboard import dashboard
from lifecycle.views.todo import TodoQuery, my_todo, todo_page
from tests.integration.web.demo_site import (
    AS_OF,
    ROLES,
    demo_fixture,  # noqa: F401 - the fixture `demo`
)


@pytest.fixture
def site(demo):
    return demo


def _principals(site):
    with UnitOfWork(site.sessions) as u:
        users = list(u.session.scalars(select(User).order_by(User.id)))
        return {
            x.username: principal_of(x, u.unions.get(x.union_id, scope=EVERYTHING)) for x in users
        }


def test_each_demo_dashboard_lists_fewer_than_twenty_overdue_items_and_some_work(site):
    principals = _principals(site)
    assert set(ROLES) <= principals.keys()
    with UnitOfWork(site.sessions, read_only=True) as u:
        for name in ROLES:
            p = principals[name]
            board = dashboard(u, p.union_id, AS_OF, scope=p.read_scope)
            assert board.overdue_total < 20, (name, board.overdue_total)
            mine = my_todo(TodoQuery(p.union_id), ROLE_PERMISSIONS[p.role], p.union_id)
            todo = todo_page(u, mine, AS_OF, scope=p.read_scope)
            assert all(o.union_id == p.union_id for o in todo.items)
            assert all(o.status in (OccasionStatus.OVERDUE, OccasionStatus.DUE) for o in todo.items)
        # The officer, finance and the unit each have something to do, not years of backlog.
        for name in ("yangpu", "finance", "unit"):
            p = principals[name]
            mine = my_todo(TodoQuery(p.union_id), ROLE_PERMISSIONS[p.role], p.union_id)
            assert 0 < todo_page(u, mine, AS_OF, scope=p.read_scope).total < 20, name
    page = site.login("yangpu").get("/dashboard")
    assert page.status_code == 200
    assert "另有" not in page.text  # lists link to the full list instead of cutting off
    assert 'href="/todo?mine=1"' in page.text


def test_every_dashboard_figure_opens_a_list_with_the_same_count(site):
    browser = site.login("yangpu")
    page = browser.get("/dashboard").text
    stats = re.findall(r'<a class="stat[^"]*" href="([^"]+)">(\d+)</a>', page)
    kinds = re.findall(r'<td class="num"><a href="([^"]+)">(\d+)</a></td>', page)
    bars = re.findall(r'<a href="(/todo\?from=[^"]+)">', page)
    assert len(stats) == 3
    assert kinds
    assert len(bars) == 12
    for href, count in stats + kinds:
        listed = browser.get(href.replace("&amp;", "&"))
        assert listed.status_code == 200
        assert f"共 {count} 项" in listed.text, href
    for href in bars:
        assert browser.get(href.replace("&amp;", "&")).status_code == 200


def test_the_todo_list_filters_and_pages_in_the_browser_and_the_api(site):
    browser = site.login("city")
    everything = browser.get("/api/v1/todo", params={"limit": 5})
    assert everything.status_code == 200
    body = everything.json()
    assert body["total"] > 5
    assert len(body["items"]) == 5
    second = browser.get("/api/v1/todo", params={"limit": 5, "offset": 5}).json()
    assert {i["key"] for i in second["items"]}.isdisjoint({i["key"] for i in body["items"]})
    overdue = browser.get("/api/v1/todo", params={"status": "overdue", "limit": 500}).json()
    assert overdue["items"]
    assert all(i["status"] == "overdue" for i in overdue["items"])
    filings = browser.get(
        "/api/v1/todo", params={"kind": "self_check_filing", "scheme": "yangpu-district"}
    ).json()
    assert filings["items"]
    assert all(i["kind"] == "self_check_filing" for i in filings["items"])
    page = browser.get("/todo", params={"kind": "self_check_filing", "status": "nonsense"})
    assert page.status_code == 200
    assert "状态「nonsense」无效，已忽略" in page.text
    assert browser.get("/todo", params={"union": "999999"}).status_code == 404


def test_registry_search_filters_and_export(site):
    browser = site.login("yangpu")
    found = browser.get("/designations", params={"q": "热能"}).text
    assert "上海杨浦热能设备有限公司工会" in found
    count = int(re.search(r"共 (\d+) 条", found).group(1))
    by_leader = browser.get("/api/v1/designations", params={"q": "钱永刚"}).json()
    assert by_leader["total"] >= 1
    assert all("钱永刚" in d["title"] for d in by_leader["items"])
    by_year = browser.get("/api/v1/designations", params={"named_year": 2024}).json()
    assert all(d["naming_date"].startswith("2024") for d in by_year["items"])
    export = browser.get("/designations.xlsx", params={"q": "热能"})
    assert export.status_code == 200
    ws = load_workbook(BytesIO(export.content)).active
    assert "命名记录" in ws["A1"].value
    assert ws["A1"].value.endswith(f"（{chinese_date(AS_OF)}）")  # as pages write dates
    assert AS_OF.isoformat() not in ws["A1"].value
    assert ws.auto_filter.ref.startswith("A2:H")
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.max_row == 2 + count
    api_export = browser.get("/api/v1/exports/designations.xlsx", params={"q": "热能"})
    assert load_workbook(BytesIO(api_export.content)).active.max_row == 2 + count


def test_a_lost_titles_row_says_the_day_it_ended_on_the_list_and_in_the_export(site):
    """Before: the city's list and its printed 已撤牌/已摘牌 sheet gave each lost title's naming
    day and not the day it ended (摘牌 [S9], 撤牌 [Y12]), which only its own page said; now the
    list's status cell reads 「终止日期 …」 and the export's last column 终止日期 holds the day the
    API gives as ``ended_on`` (empty for a running title)."""
    browser = site.login("city")
    lost = browser.get("/api/v1/designations", params={"status": "revoked"}).json()["items"]
    assert lost
    assert all(d["ended_on"] for d in lost)
    page = browser.get("/designations", params={"status": "revoked"}).text
    for d in lost:
        assert f"终止日期 {chinese_date(date.fromisoformat(d['ended_on']))}" in page
    for address in ("/designations.xlsx", "/api/v1/exports/designations.xlsx"):
        export = browser.get(address, params={"status": "revoked"})
        assert export.status_code == 200, export.text
        ws = load_workbook(BytesIO(export.content)).active
        assert [c.value for c in ws[2]][-1] == "终止日期"
        ended = {r[0]: r[-1].date().isoformat() for r in ws.iter_rows(min_row=3, values_only=True)}
        assert ended == {d["number"]: d["ended_on"] for d in lost}
    running = load_workbook(
        BytesIO(browser.get("/designations.xlsx", params={"status": "named"}).content)
    ).active
    assert all(r[-1] is None for r in running.iter_rows(min_row=3, values_only=True))


def test_finance_sees_every_designation_with_its_money_and_reaches_its_ledger(site):
    browser = site.login("finance")
    rows = browser.get("/api/v1/finance/designations", params={"limit": 500}).json()
    assert rows["total"] == len(rows["items"]) > 0
    assert any(r["received_fen"] > 0 for r in rows["items"])
    for r in rows["items"]:
        assert r["balance_fen"] == r["received_fen"] - r["spent_fen"]
    flagged = browser.get("/api/v1/finance/designations", params={"open_findings": True}).json()
    assert all(r["open_findings"] > 0 for r in flagged["items"])
    page = browser.get("/finance/designations").text
    first = rows["items"][0]["id"]
    assert f'href="/finance/designations/{first}"' in page
    assert browser.get(f"/finance/designations/{first}").status_code == 200


def test_an_anonymous_visitor_gets_the_login_page_and_no_registry_data(site):
    browser = site.browser()
    response = browser.get("/")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    page = browser.get("/", follow_redirects=True)
    assert page.status_code == 200
    assert 'action="/login"' in page.text
    for secret in ("命名", "杨浦 20", "劳模创新工作室"):
        assert secret not in page.text
    logged_in = site.login("unit")
    assert logged_in.get("/").headers["location"] == "/dashboard"


def test_the_unions_tile_says_it_counts_every_role_and_names_my_share(site):
    # 待本工会办理 counts every role's items of the union, due within 12 months; 我的待办 the
    # officer's own now: each says so, and each opens a list of as many items.
    browser = site.login("yangpu")
    page = browser.get("/dashboard").text
    tile = re.search(r'<section class="card" id="my-step-tile">(.*?)</section>', page, re.S)
    assert tile is not None
    assert "待本工会办理（全部岗位）" in tile.group(1)
    assert "含其他岗位的和尚未到期的" in tile.group(1)
    union = re.search(r'<a class="stat" href="([^"]+)">(\d+)</a>', tile.group(1))
    mine = re.search(r'<a href="/todo\?mine=1">我的待办 (\d+) 项</a>', tile.group(1))
    assert union is not None
    assert mine is not None
    assert int(union.group(2)) > int(mine.group(1)) > 0  # the demo's 20 and 11
    listed = browser.get(union.group(1).replace("&amp;", "&")).text
    assert "<h1>待本工会办理（全部岗位）</h1>" in listed
    assert f"共 {union.group(2)} 项" in listed
    assert 'name="acting" value="1"' in listed  # filtering keeps the union's list
    own = browser.get("/todo?mine=1").text
    assert "<h1>我的待办</h1>" in own
    assert f"共 {mine.group(1)} 项" in own


def test_the_city_officers_own_todo_holds_the_citys_steps_not_the_districts_it_oversees(site):
    # The city reads Yangpu's filings (the unit's [Y11]) and cycle inspections (the district's
    # [Y12]) in its whole list but acts on neither: 我的待办 (page, API, dashboard) leaves them out.
    browser = site.login("city")
    city = browser.get("/api/v1/me").json()["union_id"]
    everything = browser.get("/api/v1/todo", params={"limit": 500}).json()["items"]
    theirs = {"self_check_filing", "unit_evaluation_filing", "cycle_inspection"}
    assert theirs <= {i["kind"] for i in everything if i["union_id"] != city}
    mine = browser.get("/api/v1/todo", params={"mine": "true", "limit": 500}).json()
    assert mine["items"]
    assert all(i["union_id"] == city for i in mine["items"])
    assert not theirs & {i["kind"] for i in mine["items"]}
    own = browser.get("/todo?mine=1").text
    assert f"共 {mine['total']} 项" in own
    for item in mine["items"]:
        assert f'href="{item["link"]}"' in own
    listed = own.split(f"共 {mine['total']} 项", 1)[1]
    assert "年度工作室自查备案" not in listed
    assert "管理周期末实地检查" not in listed
    board = browser.get("/dashboard").text
    assert f'我的待办 <span class="muted">（{mine["total"]} 项）</span>' in board
