"""An Excel import of expenditures says how many it stored and leads to the records (before: the
ledger came back with no word whether, or how many, rows went in)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from lifecycle.funding.excel_import import expenditure_template
from tests.integration.web.conftest import csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_an_import_says_how_many_expenditures_it_stored(site):
    unit = site.login("unit")
    d = site.designation.id
    wb = load_workbook(BytesIO(expenditure_template()))
    ws = wb.worksheets[0]
    rows = (
        ("2026-10-08", "300.00", "上海书城", "书籍", "参考书", "FP-IMP-1"),
        ("2026-10-09", "1,250.50", "五金商店", "材料", "焊材", "FP-IMP-2"),
    )
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            ws.cell(row=r, column=col, value=value)
    data = BytesIO()
    wb.save(data)
    ledger = f"/finance/designations/{d}"
    action = f"{ledger}/import"
    page = unit.get(ledger)
    done = unit.post(
        action,
        data={"csrf_token": csrf_of(page.text, action)},
        files={"file": ("支出.xlsx", data.getvalue(), XLSX)},
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{ledger}?imported=2#expenditures"
    shown = unit.get(done.headers["location"].split("#")[0])
    assert "已从 Excel 导入 2 笔支出" in shown.text
    assert "五金商店" in shown.text
    assert "已从 Excel 导入" not in unit.get(ledger).text
