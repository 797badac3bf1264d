"""The 经费 page's union-wide import asks for each blank cell of a row in one wording, the
forms' 「请填写…」, and reads a number cell's binary drift as the fen it stands for [Y16]
(reading polish63a; the API: ``api/test_api_import_blank_cells.py``)."""

from __future__ import annotations

from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_finance_grant_pages import XLSX, _union_file


def test_blank_cells_are_asked_for_alike_and_a_sums_drift_is_its_fen(site: Site) -> None:
    browser = site.login("unit")
    page = browser.get("/finance")
    title = str(site.designation.id)
    blank = [title, None, None, "", None, None, "W1"]
    half_fen = [title, "2026-03-03", 0.305, "某书店", "书籍", "书", "W2"]
    files = {"file": ("支出.xlsx", _union_file(browser, [blank, half_fen]), XLSX)}
    bad = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert bad.status_code == 422
    for header in ("支出日期", "金额（元）", "收款方", "支出类别", "用途说明"):
        assert f"第2行「{header}」" in bad.text, header
        assert f"请填写{header}" in bad.text, header
    assert "不能为空" not in bad.text
    assert "第3行「金额（元）」（C列）：金额格式不正确：请填写元，最多两位小数" in bad.text
    with site.uow() as uow:
        assert uow.funding.expenditures_of(site.designation.id) == []
    drift = [title, "2026-03-02", 0.1 + 0.2, "某书店", "书籍", "书", "W1"]
    files = {"file": ("支出.xlsx", _union_file(browser, [drift]), XLSX)}
    page = browser.get("/finance")
    done = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert done.status_code in (200, 303), done.text
    with site.uow() as uow:
        amounts = [e.amount_fen for e in uow.funding.expenditures_of(site.designation.id)]
    assert amounts == [30]
