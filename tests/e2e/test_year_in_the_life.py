"""A year in the life, in Chromium, on the real service (issue 15): the unit contact files the
yearly self-check and evaluation [Y11], enters a project and an achievement [Y10], records an
expenditure and imports a spreadsheet [Y16]; the district's finance records its 1:1 matching of
the city grant the city's finance entered [S10], finds and resolves a finding, exports the
ledger. Only the browser is used; screenshots are kept under the test's tmp dir
(``year-in-the-life/<backend>/``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.designations.model import Designation
from lifecycle.filings.model import FilingKind
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.demo_copies import DemoCopy
from tests.e2e.browser_support import CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


@dataclass(frozen=True)
class Plan:
    """What the demo offers each role to act on, found before the browser starts."""

    unit_title: str  # a Yangpu title of the unit contact's union
    unit_id: int
    filing_year: int  # a year with neither filing yet [Y11]
    city_title: str  # a city title in Yangpu with only the city's grant, entered today [S10]
    city_id: int


def _scope(uow: UnitOfWork, username: str) -> Scope:
    found = uow.accounts.user_by_username(username)
    assert found is not None
    union = uow.unions.get(found.union_id, scope=EVERYTHING)
    assert union is not None
    return Scope.subtree(union.path)


def _named(uow: UnitOfWork, scope: Scope, scheme: str) -> list[Designation]:
    return [
        d
        for d in uow.designations.find(scope, status=DesignationStatus.NAMED, scheme_code=scheme)
        if d.naming_date is not None
    ]


CITY_REF = "沪工〔2026〕88号（演示）"


def _plan(database_url: str, as_of: date) -> Plan:
    engine = make_engine(database_url)
    try:
        factory = make_session_factory(engine)
        with UnitOfWork(factory) as uow:
            unit = _named(uow, _scope(uow, "unit"), "yangpu-district")
            assert unit, "the demo unit contact has no named Yangpu title"
            d, year = next(
                (d, y)
                for d in unit
                for y in range(as_of.year, d.naming_date.year - 1, -1)  # type: ignore[union-attr]
                if not any(uow.filings.find(d.id, y, k) for k in FilingKind)
            )
            city = next(
                c
                for scheme in ("shanghai-model-worker", "shanghai-craftsman")
                for c in _named(uow, _scope(uow, "finance"), scheme)
                if not uow.funding.grants_of(c.id)
            )
            # The city's 2万 is the city's finance's to enter [S10]; the district matches it.
            paid = RecordGrant(city.id, GrantKind.ONE_OFF, CITY_REF, as_of, paid_on=as_of)
            payer = f.finance_of(city.naming_union_id)
            record_grant(uow, paid, actor=payer, as_of=as_of, scope=EVERYTHING)
            uow.commit()
            return Plan(d.title, d.id, year, city.title, city.id)
    finally:
        engine.dispose()


def test_a_year_in_the_life_of_the_unit_contact_and_finance(
    demo_today: DemoCopy, tmp_path, chromium
):
    backend = demo_today.url.split(":", 1)[0].split("+", 1)[0]
    shots = tmp_path / "year-in-the-life" / backend
    shots.mkdir(parents=True)
    plan = _plan(demo_today.url, demo_today.as_of)
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        _unit_contact(browser, base, plan, shots)
        _finance(browser, base, plan, shots)
    assert sorted(p.stem for p in shots.glob("*.png")) == [
        "f1-dashboard", "f2-grants", "f3-findings", "f4-resolved", "f5-ledger",
        "u1-dashboard", "u2-filing-refused", "u3-filed", "u4-ledgers", "u5-expenditure",
        "u6-imported",
    ]  # fmt: skip


def _context(browser):
    return browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )


def _open_designation(page, base: str, title: str) -> None:
    page.get_by_role("link", name="命名记录", exact=True).click()
    page.wait_for_url(re.compile(r"/designations(\?.*)?$"))
    link = page.get_by_role("link", name=title, exact=True)
    while link.count() == 0:  # the list pages; follow 下一页 until the title shows
        page.get_by_role("link", name=re.compile("下一页")).click()
        page.wait_for_load_state()
    link.first.click()
    page.wait_for_url(re.compile(r"/designations/\d+$"))


PDF = b"%PDF-1.4\n% yearly self-check\n"


def _downloaded(download):
    """A downloaded workbook (Playwright stores downloads without their file name)."""
    return load_workbook(BytesIO(Path(download.path()).read_bytes()))


def _unit_contact(browser, base: str, plan: Plan, shots: Path) -> None:
    context = _context(browser)
    page = context.new_page()
    login(page, base, "unit", DEMO_PASSWORD)
    page.screenshot(path=shots / "u1-dashboard.png", full_page=True)
    _open_designation(page, base, plan.unit_title)
    # The yearly self-check, then the unit union's evaluation, each with its file [Y11].
    for kind, name, note in (
        ("self_check", "自查报告.pdf", "工作室年度自查：五个有均落实"),
        ("unit_evaluation", "评估表.pdf", "单位工会评估：合格"),
    ):
        page.get_by_role("link", name="年度自查与评估备案").click()
        page.select_option("#f-kind", kind)
        page.fill("#f-year", str(plan.filing_year))
        page.fill("#f-note", note)
        if kind == "self_check":
            # Submitted without the file first: refused beside the field, the note kept.
            page.get_by_role("button", name="提交备案").click()
            assert page.locator("#upload-error").inner_text() == "请选择自查报告或评估表文件"
            assert page.input_value("#f-note") == note
            page.screenshot(path=shots / "u2-filing-refused.png", full_page=True)
        page.set_input_files(
            "#f-upload", files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.get_by_role("button", name="提交备案").click()
        page.wait_for_url(re.compile(r"/designations/\d+#filings$"))
    filings = page.locator("#filings + section").inner_text()
    assert f"{plan.filing_year}年 工作室年度自查" in filings
    assert f"{plan.filing_year}年 单位工会年度评估" in filings
    page.screenshot(path=shots / "u3-filed.png", full_page=True)
    # A project with its yearly plan and an achievement [Y3][Y10].
    page.get_by_role("link", name="登记攻关项目").click()
    page.fill("#f-title", "锅炉燃烧优化攻关（演示）")
    page.fill("#f-work_plan", "一季度测试，二季度改造，四季度总结")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"#ledgers$"))
    page.get_by_role("link", name="登记创新成果").click()
    page.select_option("#f-kind", "utility_patent")
    page.fill("#f-title", "一种低氮燃烧器（演示）")
    page.fill("#f-economic_benefit_yuan", "86,000.00")
    page.check("input[name=applied_in_production]")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"#ledgers$"))
    ledgers = page.locator("#ledgers + section").inner_text()
    assert "锅炉燃烧优化攻关（演示）" in ledgers
    assert "一种低氮燃烧器（演示）" in ledgers
    page.screenshot(path=shots / "u4-ledgers.png", full_page=True)
    # An expenditure on the fund ledger, then a spreadsheet of two more [Y16].
    page.get_by_role("link", name=re.compile("经费台账")).click()
    page.wait_for_url(re.compile(r"/finance/designations/\d+$"))
    page.locator("#spend summary").click()
    page.select_option("#spend-category", "books")
    page.fill("#spend-amount_yuan", "268.00")
    page.fill("#spend-payee", "新华书店（演示）")
    page.fill("#spend-description", "燃烧技术参考书")
    page.fill("#spend-receipt_ref", "FP-Y-001")
    page.get_by_role("button", name="登记支出").click()
    page.wait_for_url(re.compile(r"#ledger$"))
    assert "新华书店（演示）" in page.locator("#ledger").inner_text()
    page.screenshot(path=shots / "u5-expenditure.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="模板").click()
    # The contact fills the template in a spreadsheet program (here: openpyxl).
    workbook = _downloaded(download.value)
    ws = workbook.worksheets[0]
    on = today_shanghai().isoformat()
    rows = (
        (on, "1,520.00", "上海精工量具（演示）", "硬件设备", "测温仪", "FP-Y-002"),
        (on, "300.00", "职工技协（演示）", "培训交流", "培训费", "FP-Y-003"),
    )
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
    filled = BytesIO()
    workbook.save(filled)
    xlsx = {"name": "支出表.xlsx", "mimeType": "application/octet-stream"}
    page.set_input_files("#f-file", files=[{**xlsx, "buffer": filled.getvalue()}])
    page.get_by_role("button", name="导入").click()
    page.wait_for_url(re.compile(r"/finance/designations/\d+\?imported=2#expenditures$"))
    assert "已从 Excel 导入 2 笔支出" in page.locator("#imported").inner_text()
    ledger = page.locator("#ledger").inner_text()
    assert "上海精工量具（演示）" in ledger
    assert "职工技协（演示）" in ledger
    page.screenshot(path=shots / "u6-imported.png", full_page=True)
    context.close()


def _finance(browser, base: str, plan: Plan, shots: Path) -> None:
    context = _context(browser)
    page = context.new_page()
    login(page, base, "finance", DEMO_PASSWORD)
    page.screenshot(path=shots / "f1-dashboard.png", full_page=True)
    # The district's 1:1 matching of the city grant on a city title [S10].
    _open_designation(page, base, plan.city_title)
    page.get_by_role("link", name=re.compile("经费台账")).click()
    page.wait_for_url(re.compile(r"/finance/designations/\d+$"))
    page.locator("#grants > details summary", has_text="登记补贴").click()
    page.select_option("#new-kind", "matching")
    page.fill("#new-approval_ref", "杨工财〔2026〕9号（演示）")
    page.fill("#new-paid_on", today_shanghai().isoformat())
    page.fill("#new-amount_yuan", "20,000.00")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r"#grants$"))
    grants = page.locator("#grants").inner_text()
    assert CITY_REF in grants
    assert "杨工财〔2026〕9号（演示）" in grants
    page.screenshot(path=shots / "f2-grants.png", full_page=True)
    # The open findings: the demo's 差旅 is resolved with a note [Y16].
    page.get_by_role("link", name="经费管理").click()
    page.wait_for_url(f"{base}/finance")
    finding = page.locator("#findings .finding").filter(has_text="差旅").first
    finding_id = finding.get_attribute("id")
    page.screenshot(path=shots / "f3-findings.png", full_page=True)
    ledger_href = finding.get_by_role("link").first.get_attribute("href")
    finding.locator("select[name=outcome]").select_option("refunded")
    finding.locator("textarea[name=note]").fill("差旅费不得列支，已由单位退回专户（演示）")
    finding.locator("input[name=refund_yuan]").fill("860.00")  # the refund is money [Y16]
    finding.locator("input[name=refunded_on]").fill(today_shanghai().isoformat())
    finding.locator("input[name=refund_ref]").fill("退款凭证（演示）")
    finding.get_by_role("button", name="处理").click()
    page.wait_for_url(re.compile(r"/finance#findings$"))
    assert page.locator(f"#{finding_id}").count() == 0
    page.screenshot(path=shots / "f4-resolved.png", full_page=True)
    # The ledger of that title, exported to Excel: it prints [issue 15 §9].
    page.goto(base + ledger_href)
    assert "已退回" in page.locator("section#findings").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    workbook = _downloaded(download.value)
    sheet = workbook.worksheets[0]
    assert "经费台账" in sheet.cell(row=1, column=1).value
    assert sheet.auto_filter.ref.startswith("A2:")
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth == 1
    download.value.save_as(shots / "ledger.xlsx")
    page.screenshot(path=shots / "f5-ledger.png", full_page=True)
    context.close()
