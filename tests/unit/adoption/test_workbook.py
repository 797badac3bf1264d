"""The registry workbook without a database: layout, drop-downs, and cells checked one by one."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.adoption.errors import CellProblem
from lifecycle.adoption.parse import parse_sheets
from lifecycle.adoption.reader import read_sheets
from lifecycle.adoption.sheets import INSTRUCTIONS, PERSONS, SHEETS, UNIONS, WORKSHOPS
from lifecycle.adoption.sheets_history import FILINGS, INSPECTIONS, NOTICES
from lifecycle.adoption.template import registry_workbook


def _parse(rows: dict[str, list[list[object]]]) -> tuple[dict, list[CellProblem]]:
    cells: list[CellProblem] = []
    raw = read_sheets(registry_workbook(rows), tuple(s.name for s in SHEETS))
    return parse_sheets(raw, cells), cells


def test_the_template_is_printable_and_each_closed_list_is_a_drop_down() -> None:
    wb = load_workbook(BytesIO(registry_workbook()))
    assert wb.sheetnames[0] == INSTRUCTIONS
    assert "一个事务" in "".join(str(c.value) for row in wb[INSTRUCTIONS].iter_rows() for c in row)
    ws = wb[PERSONS.name]
    assert ws["A1"].value == "工作室名册·人员"
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.fitToWidth == 1
    formulas = {v.formula1 for v in ws.data_validations.dataValidation}
    assert len(formulas) == sum(1 for c in PERSONS.columns if c.choices is not None)
    assert all(f.startswith("'选项'!") for f in formulas)


def test_text_that_looks_like_a_formula_stays_text() -> None:
    rows = {UNIONS.name: [['=HYPERLINK("x")', "市总工会"]]}
    wb = load_workbook(BytesIO(registry_workbook(rows)))
    cell = wb[UNIONS.name]["A3"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("x")'


def test_every_bad_cell_is_named_with_its_reason() -> None:
    rows = {
        UNIONS.name: [["上海市总工会", "不存在的层级"], ["上海市总工会//x", "基层单位工会"]],
        PERSONS.name: [["310", "张三", "男", "1980-02-30"], ["", "李四", "女", date(1980, 1, 1)]],
        WORKSHOPS.name: [["上海市总工会", "某工作室", "某公司", "国有企业", date(2020, 1, 1), ""]],
    }
    _, cells = _parse(rows)
    got = {(c.sheet, c.row, c.column): c.message for c in cells}
    assert got[("工会", 3, "B")].startswith("不在下拉列表中")
    assert "工会路径格式不正确" in got[("工会", 4, "A")]
    assert got[("人员", 3, "D")] == "日期不存在：1980-02-30（格式如 2026-03-01）"
    # A row naming no person says that either column names one [DOMAIN §1].
    assert got[("人员", 4, "A")] == (
        "请填写身份证号，或填写人员编号（未登记身份证号或导出时已脱敏的人员以人员编号识别）"
    )
    assert got[("工作室", 3, "F")].startswith("请填写身份证号，或填写带头人人员编号")


def test_an_empty_file_is_refused_and_a_missing_column_named() -> None:
    _, cells = _parse({})
    assert [c.message for c in cells] == ["文件中没有任何记录"]
    wb = load_workbook(BytesIO(registry_workbook()))
    wb[UNIONS.name]["B2"] = "级别"
    out = BytesIO()
    wb.save(out)
    cells = []
    parse_sheets(read_sheets(out.getvalue(), (UNIONS.name,)), cells)
    assert [(c.sheet, c.row, c.header) for c in cells] == [("工会", 2, "层级")]


def test_the_oversight_sheets_have_their_drop_downs_and_a_line_each_in_the_instructions() -> None:
    wb = load_workbook(BytesIO(registry_workbook()))
    notes = {str(row[0].value) for row in wb[INSTRUCTIONS].iter_rows(min_row=3)}
    for sheet in (INSPECTIONS, NOTICES, FILINGS):
        assert sheet.name in notes
        ws = wb[sheet.name]
        assert [c.value for c in ws[2]] == [c.header for c in sheet.columns]
        choices = [c for c in sheet.columns if c.choices is not None]
        assert len(ws.data_validations.dataValidation) == len(choices) >= 2
    assert [c.header for c in INSPECTIONS.columns if c.choices][1:] == ["检查类别", "检查结果"]
    assert list(NOTICES.column("status").choices or {}) == ["整改中", "已整改", "已撤牌"]


def test_an_oversight_cell_off_its_list_is_named() -> None:
    row = ["杨浦区劳模（先进）、技师创新工作室", "样本-1", "走访", "2025-05-20", None, "现场", "张"]
    _, cells = _parse({INSPECTIONS.name: [[*row, "优秀"]]})
    got = {(c.sheet, c.column, c.header): c.message for c in cells}
    assert got[("检查", "C", "检查类别")].startswith("不在下拉列表中：周期末实地检查、整改复查")
    assert got[("检查", "H", "检查结果")].startswith("不在下拉列表中：合格、不合格")
