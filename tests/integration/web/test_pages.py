"""Dashboard and designation page: what is due, one click from its page, only inside the scope."""

from __future__ import annotations

import re

from tests.integration.web.conftest import csrf_of


def test_the_dashboard_lists_the_overdue_cycle_inspection_linking_to_its_page(site):
    browser = site.login("district")
    page = browser.get("/dashboard")
    assert page.status_code == 200
    d = site.designation
    # Named 2023-03-15, the first 3-year cycle ended 2026-03-15 without an inspection [Y12].
    overdue = page.text.split('id="overdue"')[1].split("</section>")[0]
    assert f'href="/designations/{d.id}#inspections"' in overdue
    assert "管理周期末实地检查" in overdue
    assert "已逾期" in overdue
    assert "待本工会办理" in page.text
    assert "按类别统计" in page.text


def test_the_dashboard_chart_is_an_inline_svg_of_twelve_months(site):
    page = site.login("district").get("/dashboard")
    svg = re.search(r"<svg class=\"chart\".*?</svg>", page.text, re.S)
    assert svg is not None
    labels = re.findall(r'class="label">(\d+)月<', svg.group(0))
    assert labels == ["11", "12", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    # The year is written under the first month and under January; each bar's tip names both.
    assert re.findall(r'class="label">(\d+)年<', svg.group(0)) == ["2026", "2027"]
    tips = re.findall(r"<rect [^>]*><title>([^：<]+)：", svg.group(0))
    assert tips[:3] == ["2026年11月", "2026年12月", "2027年1月"]
    assert "<script" not in svg.group(0)  # drawn by the server; the page loads /static scripts only
    assert "<script" not in page.text.replace('<script src="/static/', "")
    assert "http://" not in page.text.replace("http://www.w3.org/2000/svg", "")


def test_every_asset_of_the_page_is_served_by_the_service(site):
    browser = site.login("district")
    page = browser.get("/dashboard")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    for href in assets:
        assert browser.get(href).status_code == 200
    # The page names its icon (no browser asks for a /favicon.ico that would answer 404).
    assert "/static/favicon.svg" in assets
    assert browser.get("/static/favicon.svg").headers["content-type"] == "image/svg+xml"


def test_the_designation_page_shows_status_history_cycles_and_sections(site):
    d = site.designation
    page = site.login("district").get(f"/designations/{d.id}")
    assert page.status_code == 200
    text = page.text
    assert d.title in text
    assert "已命名" in text
    assert "区总工会主席办公会议审定命名" in text  # the history timeline
    assert "第1个管理周期" in text
    assert "2026年3月15日" in text
    for anchor in (
        "history",
        "cycles",
        "occasions",
        "inspections",
        "notices",
        "filings",
        "ledgers",
    ):
        assert f'id="{anchor}"' in text
    assert 'id="assessments"' not in text  # a Yangpu title owes no annual 考核 [S9]
    assert f'href="/designations/{d.id}/inspections/new"' in text


def test_an_officer_of_another_district_cannot_open_the_designation(site):
    browser = site.login("other")
    page = browser.get(f"/designations/{site.designation.id}")
    assert page.status_code == 404
    assert "不存在或不在可见范围内" in page.text
    listing = browser.get("/designations")
    assert site.designation.title not in listing.text
    assert f"/designations/{site.designation.id}#" not in browser.get("/dashboard").text


def test_a_city_officer_reads_every_district(site):
    browser = site.login("city")
    assert browser.get(f"/designations/{site.designation.id}").status_code == 200
    assert site.designation.title in browser.get("/designations").text


def test_finance_sees_no_inspection_button_and_cannot_schedule(site):
    browser = site.login("finance")
    d = site.designation
    page = browser.get(f"/designations/{d.id}")
    assert page.status_code == 200
    assert "/inspections/new" not in page.text
    assert browser.get(f"/designations/{d.id}/inspections/new").status_code == 403
    response = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(page.text),
            "kind": "cycle_end",
            "scheduled_on": "2026-11-21",
            "place": "车间",
            "inspectors": "王干事",
        },
    )
    assert response.status_code == 403
    with site.uow() as uow:
        assert list(uow.inspections.for_designation(d.id)) == []


def test_an_unknown_designation_is_a_chinese_404_page(site):
    page = site.login("district").get("/designations/999999")
    assert page.status_code == 404
    assert "不存在" in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_every_post_form_of_every_page_carries_the_session_csrf_token(site):
    browser = site.login("district")
    d = site.designation
    dashboard = browser.get("/dashboard").text
    session_token = csrf_of(dashboard, "/logout")
    schedule = browser.get(f"/designations/{d.id}/inspections/new").text
    created = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(schedule, f"/designations/{d.id}/inspections"),
            "kind": "cycle_end",
            "scheduled_on": "2026-11-20",
            "place": "车间",
            "inspectors": "王干事",
        },
    )
    assert created.status_code == 303
    pages = [
        dashboard,
        browser.get(f"/designations/{d.id}").text,
        schedule,
        browser.get(created.headers["location"]).text,
        site.login("finance").get("/finance").text,
    ]
    posts = 0
    for html in pages:
        for form in re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', html, re.S):
            posts += 1
            token = re.search(r'name="csrf_token" value="([^"]*)"', form)
            assert token is not None, form
            assert len(token.group(1)) >= 32, form
    assert posts >= 6
    assert csrf_of(schedule, f"/designations/{d.id}/inspections") == session_token
