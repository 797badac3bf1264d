"""Every spreadsheet import asks for a blank required cell in one wording, the forms'
「请填写…」 (before, one row read 「请填写支出日期」, 「金额不能为空」, 「收款方不能为空」,
「请选择支出类别」 and 「用途说明不能为空」, and the registry 「必填」); a number cell holding
Excel's binary drift (0.1+0.2 = 0.30000000000000004) is the hundredth it stands for, while one
with a real part below the fen (0.305) is refused beside it [Y16] (reading polish63a)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lifecycle.adoption.sheets import WORKSHOPS
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.adoption_helpers import data_row, set_cell, workbook
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_adoption import XLSX, _rows
from tests.integration.api.test_api_union_import import _upload

DRIFT = 0.1 + 0.2  # 0.30000000000000004, as Excel stores a sum it shows as 0.30
SUB_FEN = "金额格式不正确：请填写元，最多两位小数（如 10000.00）"


def _amounts(api: Api) -> list[int]:
    with api.uow() as u:
        return sorted(e.amount_fen for e in u.funding.expenditures_of(api.own.designation))


def test_a_row_of_blank_cells_is_asked_for_in_one_wording_and_a_float_read_as_its_fen(
    api: Api,
) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/unions/{api.own.unit}/expenditures/import"
    title = str(api.own.designation)
    blank = ["", "2026-03-02", None, "  ", None, None, "U1"]
    sub_fen = [title, "2026-03-03", 0.305, "某书店", "书籍", "书", "U2"]
    before, amounts = api.writes(), _amounts(api)
    refused = api.client.post(path, headers=contact, files={"file": _upload(api, [blank, sub_fen])})
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    cells = {(c["row"], c["header"]): c["message"] for c in error["cells"]}
    assert cells == {
        (2, "命名记录"): "请填写命名记录",
        (2, "金额（元）"): "请填写金额（元）",
        (2, "收款方"): "请填写收款方",
        (2, "支出类别"): "请填写支出类别",
        (2, "用途说明"): "请填写用途说明",
        (3, "金额（元）"): SUB_FEN,  # 0.305: a real half fen, not drift
    }
    assert "不能为空" not in error["message"]
    assert api.writes() == before
    # The drift of a sum is the fen it stands for; 0.305 corrected to 0.31 goes in with it.
    drift = [title, "2026-03-02", DRIFT, "某书店", "书籍", "书", "U1"]
    sub_fen[2] = 0.31
    done = api.client.post(path, headers=contact, files={"file": _upload(api, [drift, sub_fen])})
    assert done.status_code == 201, done.text
    assert _amounts(api) == sorted([*amounts, 30, 31])


def test_the_per_title_import_asks_for_a_blank_date_as_the_others(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    template = api.client.get("/api/v1/funding/expenditure-template", headers=contact)
    assert template.status_code == 200, template.text
    content = set_xlsx_row(template.content, [None, DRIFT * 10, "某书店", "书籍", None, "R1"])
    refused = api.client.post(
        f"/api/v1/designations/{api.own.designation}/expenditures/import",
        headers=contact,
        files={"file": ("支出.xlsx", content, XLSX)},
    )
    assert refused.status_code == 422, refused.text
    cells = {c["header"]: c["message"] for c in refused.json()["error"]["cells"]}
    assert cells == {"支出日期": "请填写支出日期", "用途说明": "请填写用途说明"}


def set_xlsx_row(content: bytes, row: list[object]) -> bytes:
    """The template with its first data row filled in."""
    wb = load_workbook(BytesIO(content))
    ws = wb.worksheets[0]
    for column, value in enumerate(row, start=1):
        ws.cell(row=2, column=column, value=value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_registry_asks_for_a_blank_cell_and_reads_a_floats_drift(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    area = get_column_letter(WORKSHOPS.index("venue_area_sqm") + 1)
    name = get_column_letter(WORKSHOPS.index("name") + 1)
    content = set_cell(workbook(_rows(api)), WORKSHOPS.name, data_row(0), name, None)
    content = set_cell(content, WORKSHOPS.name, data_row(1), area, 85.505)
    before = api.writes()
    files = {"file": ("名册.xlsx", content, XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert refused.status_code == 422, refused.text
    cells = {
        (c["row"], c["column"]): c["message"]
        for c in refused.json()["error"]["cells"]
        if c["sheet"] == WORKSHOPS.name
    }
    assert cells == {
        (data_row(0), name): "请填写工作室名称",  # before: 「必填」
        (data_row(1), area): "应为不小于0、最多两位小数的数",
    }
    assert api.writes() == before
    # 3.3000000000000003 (1.1 + 2.2 summed in Excel) is 3.30 ㎡.
    fixed = set_cell(workbook(_rows(api)), WORKSHOPS.name, data_row(1), area, 1.1 + 2.2)
    files = {"file": ("名册.xlsx", fixed, XLSX)}
    done = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert done.status_code == 200, done.text
    with api.uow() as u:
        areas = {w.venue_area_sqm for w in u.workshops.find(EVERYTHING)}
    assert repr(1.1 + 2.2) == "3.3000000000000003"
    assert 3.3 in areas, areas
