"""Import refusals say what is wrong with the cell [Y16]: a formula whose result the file does not
hold is not called empty, and a day that does not exist is named as such, the format given as a
format, not as what reads like the correction."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from lifecycle.adoption.sheets import WORKSHOPS
from lifecycle.vocab import Role
from tests.adoption_helpers import data_row, set_cell, workbook
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_adoption import XLSX, _rows
from tests.integration.api.test_api_union_import import _upload

FORMULA_AMOUNT = "该单元格是公式（=D3*2），文件中没有它的计算结果，请改为直接填写数值"


def test_an_expenditure_file_names_a_formula_amount_and_a_day_that_does_not_exist(
    api: Api,
) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/unions/{api.own.unit}/expenditures/import"
    title = str(api.own.designation)
    rows = [
        [title, "2026-02-30", "66.00", "某书店", "书籍", "书", "U1"],
        [title, "2026-03-01", "=D3*2", "某书店", "书籍", "书", "U2"],  # openpyxl keeps no result
    ]
    before = api.writes()
    refused = api.client.post(path, headers=contact, files={"file": _upload(api, rows)})
    assert refused.status_code == 422, refused.text
    cells = {(c["row"], c["header"]): c["message"] for c in refused.json()["error"]["cells"]}
    assert cells == {
        (2, "支出日期"): "日期不存在：2026-02-30（格式如 2026-03-01）",
        (3, "金额（元）"): FORMULA_AMOUNT,
    }
    assert "金额不能为空" not in refused.text
    assert api.writes() == before


def test_a_registry_file_names_a_formula_cell_rather_than_calling_it_blank(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    at = WORKSHOPS.index("venue_area_sqm")
    letter = get_column_letter(at + 1)
    content = set_cell(workbook(_rows(api)), WORKSHOPS.name, data_row(0), letter, "=2*60")
    before = api.writes()
    files = {"file": ("名册.xlsx", content, XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert refused.status_code == 422, refused.text
    cells = refused.json()["error"]["cells"]
    assert [(c["sheet"], c["row"], c["column"], c["message"]) for c in cells] == [
        (
            WORKSHOPS.name,
            data_row(0),
            letter,
            "该单元格是公式（=2*60），文件中没有它的计算结果，请改为直接填写数值",
        ),
        ("命名", data_row(0), "D", f"该工作室在「工作室」表第{data_row(0)}行未通过校验"),
    ]
    assert api.writes() == before
