"""An empty (0-byte) expenditure sheet is said to be empty on the ledger page, under the file
field (before: it was called "not a valid Excel file", sending the user to check the format); a
row whose category cell is blank asks for it (before: 「支出类别不在可选范围内」)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from lifecycle.funding.excel_import import expenditure_template
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


def test_a_sheet_with_a_blank_category_cell_asks_for_the_category(site):
    unit = site.login("unit")
    ledger = f"/finance/designations/{site.designation.id}"
    action = f"{ledger}/import"
    wb = load_workbook(BytesIO(expenditure_template()))
    for col, value in enumerate(("2026-10-08", "300.00", "上海书城", None, "参考书", "R"), 1):
        wb.worksheets[0].cell(row=2, column=col, value=value)
    data = BytesIO()
    wb.save(data)
    page = unit.get(ledger)
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page.text, action)},
        files={"file": ("支出.xlsx", data.getvalue(), XLSX)},
    )
    assert refused.status_code == 422, refused.text
    assert "第2行「支出类别」（D列）：请填写支出类别" in refused.text  # as every blank cell
    assert "不在可选范围内" not in refused.text
    assert "上海书城" not in unit.get(ledger).text
