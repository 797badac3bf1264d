"""What the demo prints and exports, read as its users get it: the 整改通知 lists each failed
criterion with its own finding [Y12]; the downloads are named in Chinese; dates are date cells."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from urllib.parse import quote

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from lifecycle.changes.model import ChangeRequest
from lifecycle.craftsman_title.model import CraftsmanSelection
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - the fixture `demo`


def _open_notice_id(demo) -> int:
    with demo.sessions() as s:
        ids = s.scalars(
            select(RectificationNotice.id).where(RectificationNotice.status == NoticeStatus.OPEN)
        ).all()
    assert ids
    return ids[0]


def test_a_notice_lists_each_failed_criterion_with_its_own_finding(demo):
    """[Y12] 书面整改通知: each of the 五个有 found unmet is named with what was found, not one
    summary sentence repeated under every criterion."""
    browser = demo.login("yangpu")
    notice = _open_notice_id(demo)
    page = browser.get(f"/notices/{notice}/print")
    assert page.status_code == 200
    projects = "一、有攻关项目及工作计划：本年度无攻关项目或创新课题，也未制定年度工作计划。"
    assert projects in page.text
    assert "二、有创新成果：近两年无产生经济效益或社会效益的创新成果。" in page.text
    assert "两项不合格" not in page.text
    pdf = browser.get(f"/notices/{notice}.pdf")
    assert pdf.status_code == 200
    # The API's copy is saved under its document number too, as the page's is.
    api_pdf = browser.get(f"/api/v1/notices/{notice}/pdf")
    assert api_pdf.status_code == 200
    number = browser.get(f"/api/v1/notices/{notice}").json()["number"]
    for got in (pdf, api_pdf):
        assert quote(f"{number}.pdf") in got.headers["content-disposition"]
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    flat = text.replace("\n", "")
    assert "本年度无攻关项目或创新课题" in flat
    assert "两项不合格" not in flat


def test_the_registry_export_is_named_in_chinese_with_naming_dates_as_dates(demo):
    browser = demo.login("yangpu")
    for address in ("/designations.xlsx", "/api/v1/exports/designations.xlsx"):
        got = browser.get(address)
        assert got.status_code == 200, address
        disposition = got.headers["content-disposition"]
        assert quote("命名记录-杨浦区总工会-") in disposition, (address, disposition)
        assert "registry" not in disposition
        ws = load_workbook(BytesIO(got.content)).active
        assert ws.cell(2, 5).value == "命名日期"
        named = [row[4] for row in ws.iter_rows(min_row=3) if row[0].value]
        assert named, address
        # A date Excel sorts and filters as a date, shown as 2023-12-31.
        assert all(isinstance(c.value, dt.datetime) for c in named), address
        assert all(c.number_format == "yyyy-mm-dd" for c in named), address
        unnamed = [row[4].value for row in ws.iter_rows(min_row=3) if not row[0].value]
        assert all(v is None for v in unnamed), address


def test_the_retiring_leaders_download_is_named_as_its_title(demo):
    browser = demo.login("yangpu")
    district = browser.get("/api/v1/me").json()["union_id"]
    for address in (
        "/leaders/retiring.xlsx",
        f"/api/v1/unions/{district}/retiring-leaders/xlsx",
    ):
        got = browser.get(address)
        assert got.status_code == 200, address
        disposition = got.headers["content-disposition"]
        assert quote("即将退休的领衔人-杨浦区总工会.xlsx") in disposition, (address, disposition)


def test_the_fund_ledger_title_says_its_sheet_once(demo):
    browser = demo.login("finance")
    rows = browser.get("/api/v1/finance/designations", params={"limit": 500}).json()["items"]
    funded = next(r["id"] for r in rows if r["received_fen"] > 0)
    got = browser.get(f"/finance/designations/{funded}/ledger.xlsx")
    assert got.status_code == 200
    wb = load_workbook(BytesIO(got.content))
    ledger = wb["经费台账"]["A1"].value
    assert ledger.count("经费台账") == 1, ledger
    assert "经费台账 · 审计发现" in wb["审计发现"]["A1"].value


def test_a_waiting_selection_step_writes_its_deadline_without_zero_padding(demo):
    """DOMAIN §6: the step's 须于…前办理 reads as every Chinese date the service writes."""
    todo = demo.login("city").get("/todo").text
    assert "须于2025年7月15日前办理" in todo
    assert "须于2025年07月15日前办理" not in todo


def test_the_change_form_prints_over_the_api_as_on_the_page(demo):
    """[C 三（六）] 附件3: the API gives the same form as the page's 打印, PDF and HTML."""
    with demo.sessions() as s:
        request_id = s.scalars(select(ChangeRequest.id)).first()
    assert request_id is not None
    browser = demo.login("yangpu")
    page = browser.get(f"/changes/{request_id}/form.pdf")
    api_pdf = browser.get(f"/api/v1/change-requests/{request_id}/pdf")
    assert api_pdf.status_code == 200
    assert api_pdf.headers["content-type"] == "application/pdf"
    assert api_pdf.headers["content-disposition"] == page.headers["content-disposition"]
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(api_pdf.content)).pages)
    assert "上海市工匠创新工作室管理变更申请表" in text
    html = browser.get(f"/api/v1/change-requests/{request_id}/html")
    assert html.status_code == 200
    assert "市工匠创新工作室创建命名办公室审定" in html.text
    assert html.text == browser.get(f"/changes/{request_id}/form").text
    # Outside the caller's subtree it is as absent as a missing one.
    assert demo.login("leshan").get(f"/api/v1/change-requests/{request_id}/pdf").status_code == 404


def test_the_craftsman_statistics_are_saved_under_the_forms_name(demo):
    """[G] 附件3 统计表: the city's and one union's downloads named as the form is."""
    with demo.sessions() as s:
        selection = s.scalars(select(CraftsmanSelection)).first()
        assert selection is not None
        sel, year = selection.id, selection.year
    form = f"{year}年度“上海工匠”培养选树工作情况统计表"
    base = f"/api/v1/craftsman-selections/{sel}"
    city = demo.login("city").get(f"{base}/statistics.xlsx")
    assert city.status_code == 200
    assert quote(f"{form}.xlsx") in city.headers["content-disposition"]
    yangpu = demo.login("yangpu")
    district = yangpu.get("/api/v1/me").json()["union_id"]
    own = yangpu.get(f"{base}/unions/{district}/statistics.xlsx")
    assert own.status_code == 200
    assert quote(f"{form}-杨浦区总工会.xlsx") in own.headers["content-disposition"]


def test_a_demo_yearly_filing_downloads_as_a_pdf_that_opens(demo):
    """The demo's 年度备案 file is a real one-page PDF with its text, as a unit would have
    uploaded (before: 36 bytes that no reader opened)."""
    unit = demo.login("unit")
    titles = unit.get("/api/v1/designations", params={"limit": 50}).json()["items"]
    filed = []
    for title in titles:
        rows = unit.get(f"/api/v1/designations/{title['id']}/filings").json()["items"]
        filed += [(title["id"], row) for row in rows if row["file_name"]]
    assert filed, "the demo files yearly reports for the unit's titles"
    designation_id, filing = filed[0]
    got = unit.get(f"/api/v1/designations/{designation_id}/filings/{filing['id']}/file")
    assert got.status_code == 200
    reader = PdfReader(BytesIO(got.content))
    assert len(reader.pages) == 1
    assert "年度备案材料" in reader.pages[0].extract_text()
