"""The 经费 page's union-wide import: a row dated before the founding of the workshop its
命名记录 names is refused, as on the 登记支出 form, nothing imported (reading F1) [Y16]."""

from __future__ import annotations

from datetime import timedelta

from lifecycle.clock import chinese_date
from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_finance_grant_pages import XLSX, _union_file


def test_a_row_dated_before_its_workshop_was_founded_imports_nothing(site: Site) -> None:
    with site.uow() as uow:
        founded = uow.designations.require(site.designation.id, EVERYTHING).workshop.founded_on
    browser = site.login("unit")
    page = browser.get("/finance")
    day_before = (founded - timedelta(days=1)).isoformat()
    good = [str(site.designation.id), founded.isoformat(), "66.00", "某书店", "书籍", "书", "W1"]
    early = [str(site.designation.id), day_before, "66.00", "某书店", "书籍", "书", "W2"]
    files = {"file": ("支出.xlsx", _union_file(browser, [good, early]), XLSX)}
    bad = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert bad.status_code == 422
    said = f"支出日期不能早于工作室成立日期（{chinese_date(founded)}）"
    assert f"第3行「支出日期」（B列）：{said}" in bad.text
    assert "第2行" not in bad.text
    with site.uow() as uow:
        assert uow.funding.expenditures_of(site.designation.id) == []
    files = {"file": ("支出.xlsx", _union_file(browser, [good]), XLSX)}
    page = browser.get("/finance")
    ok = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert ok.status_code == 303
    with site.uow() as uow:
        assert len(uow.funding.expenditures_of(site.designation.id)) == 1
