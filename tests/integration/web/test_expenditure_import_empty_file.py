"""An empty (0-byte) expenditure sheet is said to be empty on the ledger page, under the file
field (before: it was called "not a valid Excel file", sending the user to check the format)."""

from __future__ import annotations

from tests.integration.web.conftest import csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_an_empty_sheet_is_refused_as_empty_and_nothing_is_stored(site):
    unit = site.login("unit")
    d = site.designation.id
    ledger = f"/finance/designations/{d}"
    action = f"{ledger}/import"
    page = unit.get(ledger)
    rows_before = page.text.count("/finance/expenditures/")
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page.text, action)},
        files={"file": ("支出.xlsx", b"", XLSX)},
    )
    assert refused.status_code == 422, refused.text
    assert 'id="file-error">文件「支出.xlsx」为空，未导入任何记录</div>' in refused.text
    assert "不是有效的 Excel" not in refused.text
    assert unit.get(ledger).text.count("/finance/expenditures/") == rows_before
