"""The 经费 page's union-wide import: a file with hundreds of bad cells names the first 20 and
counts the rest 「另有N处错误」, nothing imported [Y16]."""

from __future__ import annotations

from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_finance_grant_pages import XLSX, _union_file

BAD_ROWS = 250


def test_a_file_with_hundreds_of_bad_cells_names_the_first_and_counts_the_rest(
    site: Site,
) -> None:
    browser = site.login("unit")
    page = browser.get("/finance")
    row = [str(site.designation.id), "不是日期", "66.00", "某书店", "书籍", "书"]
    rows = [[*row, f"W{n}"] for n in range(BAD_ROWS)]
    files = {"file": ("支出.xlsx", _union_file(browser, rows), XLSX)}
    bad = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert bad.status_code == 422
    assert f"文件中有{BAD_ROWS}处错误，未导入任何记录" in bad.text
    assert "第21行「支出日期」" in bad.text
    assert "第22行「支出日期」" not in bad.text
    assert f"另有{BAD_ROWS - 20}处错误" in bad.text
    with site.uow() as uow:
        assert uow.funding.expenditures_of(site.designation.id) == []
