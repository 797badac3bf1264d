"""List filters say what they ignored: the 待办 page past its end, the retiring leaders' horizon,
the registry's naming year (a bad value is named and dropped, never silently)."""

from __future__ import annotations

import re


def test_a_todo_page_past_the_end_shows_the_last_page_and_says_so(site):
    browser = site.login("district")
    first = browser.get("/todo").text
    total = int(re.search(r"共 (\d+) 项", first).group(1))
    assert 0 < total <= 50
    far = browser.get("/todo", params={"page": "99999"})
    assert far.status_code == 200
    assert "第 99999 页超出范围（共 1 页），已显示最后一页" in far.text
    assert f"共 {total} 项，第 1–{total} 项" in far.text
    assert "4999901" not in far.text
    assert 'rel="prev"' not in far.text  # the last page is the first: no way further back
    empty = browser.get("/todo", params={"page": "99999", "kind": "matching_funds"})
    assert "共 0 项" in empty.text
    assert "超出范围" not in empty.text


def test_my_todo_says_which_status_it_lists_and_a_done_status_is_named_and_ignored(site):
    browser = site.login("district")
    mine = browser.get("/todo", params={"mine": "1"}).text
    assert "您的角色现在可以办理的事项（已逾期及到期）" in mine
    # Another status asked for: the line says which, not 「已逾期及到期」.
    upcoming = browser.get("/todo", params={"mine": "1", "status": "upcoming"}).text
    assert "您的角色须办理的事项中状态为「即将到期」的" in upcoming
    assert "（已逾期及到期）" not in upcoming
    # The list holds nothing done: the status is named and dropped, the whole list shown.
    everything = browser.get("/todo").text
    done = browser.get("/todo", params={"status": "done"})
    assert done.status_code == 200
    assert "待办事项只列未办结的事项，状态「已完成」已忽略" in done.text
    total = re.search(r"共 (\d+) 项", everything).group(1)
    assert f"共 {total} 项" in done.text
    mine_done = browser.get("/todo", params={"mine": "1", "status": "done"})
    assert mine_done.status_code == 200
    assert "您的角色现在可以办理的事项（已逾期及到期）" in mine_done.text


def test_a_retiring_horizon_out_of_range_is_named_and_twelve_months_shown(site):
    browser = site.login("district")
    for months in ("1000", "abc", "-3", "0"):
        page = browser.get("/leaders/retiring", params={"months": months})
        assert page.status_code == 200, months
        assert f"期限「{months}」无效（应为1至60之间的月数），已忽略，按12个月显示" in page.text
        assert "12个月内达到法定退休年龄" in page.text
    fine = browser.get("/leaders/retiring", params={"months": "24"}).text
    assert "无效" not in fine
    assert "24个月内达到法定退休年龄" in fine
    other = browser.get("/leaders/retiring", params={"union_id": str(site.tree.other_district.id)})
    assert f"工会「{site.tree.other_district.id}」无效，已忽略" in other.text


def test_the_retiring_export_refuses_a_filter_the_page_names_and_ignores(site):
    """Before: the page named a bad 期限 and showed 12 months while its Excel exported 12 months
    without a word, and a union_id that is no number answered 404 (「不存在」). A workbook
    cannot say what it ignored: the export refuses the value 422 naming the filter, as the API's
    twin answers it; a union out of sight stays 404, as every export answers it (helper
    polish67)."""
    browser = site.login("district")
    for months in ("1000", "abc", "0"):
        refused = browser.get("/leaders/retiring.xlsx", params={"months": months})
        assert refused.status_code == 422, months
        assert "spreadsheetml" not in refused.headers["content-type"]
        assert f"期限「{months}」无效（应为1至60之间的月数）" in refused.text
    union = browser.get("/leaders/retiring.xlsx", params={"union_id": "abc", "months": "x"})
    assert union.status_code == 422
    assert "期限「x」无效（应为1至60之间的月数）；工会「abc」无效" in union.text
    other = browser.get(
        "/leaders/retiring.xlsx", params={"union_id": str(site.tree.other_district.id)}
    )
    assert other.status_code == 404
    assert "工会不存在或不在管辖范围内" in other.text
    fine = browser.get("/leaders/retiring.xlsx", params={"months": "24"})
    assert fine.status_code == 200
    assert "spreadsheetml" in fine.headers["content-type"]
    # The page's own export link carries what the page shows, never the value it ignored.
    page = browser.get("/leaders/retiring", params={"months": "1000"}).text
    assert "retiring.xlsx?union_id=" in page
    assert "months=12" in page.split("retiring.xlsx?", 1)[1].split('"', 1)[0]


def test_the_list_exports_refuse_a_filter_their_page_names_and_ignores(site):
    """Before: /designations.xlsx, /finance/designations.xlsx and /notices.xlsx exported the whole
    list for a filter their page names and ignores (「命名年度「1800」无效，已忽略」), and the
    finance export gave the district's own list for another district's 工会. A workbook cannot
    say what it ignored: each refuses the value 422 naming it, as the retiring export does; a
    工会 out of sight is not found (404); the page's own links still export."""
    browser = site.login("district")
    bad = {"year": "1800", "status": "gone", "scheme": "nowhere"}
    for address in ("/designations.xlsx", "/finance/designations.xlsx"):
        refused = browser.get(address, params=bad)
        assert refused.status_code == 422, address
        assert "spreadsheetml" not in refused.headers["content-type"]
        for said in ("命名年度「1800」无效", "状态「gone」无效", "类别「nowhere」无效"):
            assert said in refused.text, (address, said)
        assert "已忽略" not in refused.text
        other = browser.get(address, params={"union": str(site.tree.other_district.id)})
        assert other.status_code == 404, address
        page = browser.get(address.removesuffix(".xlsx"), params=bad).text
        assert "命名年度「1800」无效，已忽略" in page  # the page still names and ignores it
        link = page.split(f'href="{address}?', 1)[1].split('"', 1)[0]
        assert "1800" not in link
        shown = browser.get(address, params={"status": "named"})
        assert shown.status_code == 200, address
        assert "spreadsheetml" in shown.headers["content-type"]
    notices = browser.get("/notices.xlsx", params={"status": "gone"})
    assert notices.status_code == 422
    assert "状态「gone」无效" in notices.text
    assert browser.get("/notices.xlsx", params={"status": "open"}).status_code == 200


def test_a_bad_naming_year_on_the_registry_is_named_and_ignored(site):
    browser = site.login("district")
    for year in ("abc", "1800", "99999"):
        page = browser.get("/designations", params={"year": year})
        assert page.status_code == 200, year
        assert f"命名年度「{year}」无效，已忽略" in page.text
    assert "无效" not in browser.get("/designations", params={"year": "2023"}).text
