"""Funding in Excel: exports read back with openpyxl, the import template, all-or-nothing import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, insert, select

from lifecycle.errors import ValidationFailed
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.excel_export import AMOUNT_FORMAT, ledger_workbook, summary_workbook
from lifecycle.funding.excel_import import (
    COLUMNS,
    ImportRejected,
    expenditure_template,
    import_expenditures,
)
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import Expenditure
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from lifecycle.views.funding import designation_ledger
from lifecycle.views.funding_summary import union_summary
from tests import factories as f

AS_OF = f.AS_OF
FINANCE = f.OFFICER


def _funded(u):
    tree = f.union_tree(u)
    d = f.named_designation(u, tree, naming_date=date(2026, 1, 5))
    record_grant(
        u,
        RecordGrant(
            d.id, GrantKind.ONE_OFF, "杨工〔2026〕8号", date(2026, 1, 10), date(2026, 1, 10)
        ),
        actor=f.finance_of(tree.district.id),  # the district pays its one-off [Y14]
        as_of=AS_OF,
        scope=EVERYTHING,
    )
    return tree, d


def _spend(u, d, amount, category, ref):
    cmd = RecordExpenditure(d.id, date(2026, 3, 1), amount, "某供应商", category, "用途", ref)
    record_expenditure(u, cmd, actor=FINANCE, as_of=AS_OF, scope=EVERYTHING)


def _sheet(content: bytes, index: int = 0):
    return load_workbook(BytesIO(content)).worksheets[index]


def test_ledger_export_has_chinese_headers_and_two_decimal_amounts_without_drift(uow):
    with uow() as u:
        _, d = _funded(u)
        _spend(u, d, "0.10", ExpenditureCategory.BOOKS, "A")
        _spend(u, d, "0.20", ExpenditureCategory.BOOKS, "B")
        _spend(u, d, "1,234.5", ExpenditureCategory.TRAVEL, "C")
        ws = _sheet(ledger_workbook(designation_ledger(u, d.id, scope=EVERYTHING)))
        assert ws.title == "经费台账"
        headers = [c.value for c in ws[2]]
        assert headers[:3] == ["日期", "收支", "项目"]
        assert {"收入（元）", "支出（元）", "结余（元）"} <= set(headers)
        spent_col = headers.index("支出（元）") + 1
        balance_col = headers.index("结余（元）") + 1
        spent = [ws.cell(row=r, column=spent_col) for r in range(4, 7)]
        assert [Decimal(str(c.value)) for c in spent] == [
            Decimal("0.1"),
            Decimal("0.2"),
            Decimal("1234.5"),
        ]
        assert all(c.number_format == AMOUNT_FORMAT for c in spent)
        total = ws.cell(row=ws.max_row, column=spent_col)
        assert total.number_format == AMOUNT_FORMAT
        assert Decimal(str(total.value)) == Decimal("1234.80")  # 0.10 + 0.20 + 1234.50, exact
        balance = ws.cell(row=ws.max_row, column=balance_col)
        assert Decimal(str(balance.value)) == Decimal("8765.20")
        findings = _sheet(ledger_workbook(designation_ledger(u, d.id, scope=EVERYTHING)), 1)
        assert findings.title == "审计发现"
        assert [c.value for c in findings[3]][1] == "支出类别属禁止用途"


def test_text_with_control_characters_exports_without_them(uow):
    """A row stored before the flush guard refused control characters still exports cleanly."""
    with uow() as u:
        _, d = _funded(u)
        cmd = RecordExpenditure(
            d.id, date(2026, 3, 1), "5.00", "某供应商", ExpenditureCategory.BOOKS, "用途", "R1"
        )
        spent = record_expenditure(u, cmd, actor=FINANCE, as_of=AS_OF, scope=EVERYTHING)
        table = Expenditure.__table__
        row = dict(u.session.execute(select(table).where(table.c.id == spent.id)).mappings().one())
        del row["id"]
        # Written past the ORM's guard (which refuses control characters), as an old row was.
        u.session.execute(
            insert(table).values(row | {"payee": "某\x01供应商\x1f", "description": "用\x0b途"})
        )
        ws = _sheet(ledger_workbook(designation_ledger(u, d.id, scope=EVERYTHING)))
        texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        assert not any(ch in t for t in texts for ch in "\x01\x1f\x0b")
        assert any("某供应商" in t for t in texts)


def test_union_summary_export(uow):
    with uow() as u:
        tree, d = _funded(u)
        _spend(u, d, "300", ExpenditureCategory.TRAVEL, "C")
        wb = load_workbook(
            BytesIO(summary_workbook(union_summary(u, tree.district.id, scope=EVERYTHING)))
        )
        schemes, categories, findings = wb.worksheets
        heads = ["命名类别", "到账（元）", "支出（元）", "结余（元）"]
        assert [c.value for c in schemes[2]] == heads
        row = [c.value for c in schemes[3]]
        assert row[0] == "杨浦区劳模（先进）、技师创新工作室"
        assert [Decimal(str(v)) for v in row[1:]] == [
            Decimal(10000),
            Decimal(300),
            Decimal(9700),
        ]
        assert all(c.number_format == AMOUNT_FORMAT for c in schemes[3][1:])
        assert [c.value for c in categories[2]][2] == "审计口径"
        # [Y16] lists 差旅 among the forbidden uses (a city title's reads 列为审计发现, 35a).
        assert [c.value for c in categories[3]][1:3] == ["差旅", "属禁止用途"]
        assert findings.max_row == 3  # title, header, the one 差旅 finding


def _prints(ws, title_part: str) -> None:
    """The sheet prints: a title row naming its subject and date, the header filtered, frozen,
    repeated on every page, landscape and one page wide."""
    title = ws.cell(row=1, column=1).value
    assert title_part in title
    assert "（2026年" in title  # the date as pages write it
    assert "（2026-" not in title
    assert ws.auto_filter.ref.startswith("A2:")
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0


def test_exports_print_with_a_title_row_filter_and_fit_to_width(uow):
    with uow() as u:
        tree, d = _funded(u)
        _spend(u, d, "300", ExpenditureCategory.TRAVEL, "C")
        ledger = designation_ledger(u, d.id, scope=EVERYTHING)
        for ws in load_workbook(BytesIO(ledger_workbook(ledger, as_of=AS_OF))).worksheets:
            _prints(ws, ledger.title)
        summary = union_summary(u, tree.district.id, scope=EVERYTHING)
        for ws in load_workbook(BytesIO(summary_workbook(summary, as_of=AS_OF))).worksheets:
            _prints(ws, summary.union_name)
        # Findings cite the rule in Chinese, never as a bare id.
        findings = load_workbook(BytesIO(ledger_workbook(ledger, as_of=AS_OF)))["审计发现"]
        texts = [c.value for row in findings.iter_rows() for c in row if isinstance(c.value, str)]
        assert any("第十六条" in t for t in texts)
        assert not any("[Y16]" in t for t in texts)


def test_template_has_the_columns_and_the_category_list():
    wb = load_workbook(BytesIO(expenditure_template()))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == [header for _, header in COLUMNS]
    assert ws.cell(row=2, column=2).number_format == "@"
    (validation,) = ws.data_validations.dataValidation
    assert "差旅" in validation.formula1
    assert "书籍" in validation.formula1


def _file(rows: list[list[object]]) -> bytes:
    wb = load_workbook(BytesIO(expenditure_template()))
    ws = wb.worksheets[0]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["2026-03-01", "1,200.00", "上海五金公司", "硬件设备", "数控夹具", "FP001"],
    [date(2026, 3, 2), 88.5, "新华书店", "书籍", "技术书籍", "FP002"],
    ["2026/3/3", "60", "文具店", "学习用品", "笔记本", "FP003"],
    ["2026-03-04", "450.00", "某酒店", "差旅", "外出交流住宿", "FP004"],
]


def _count(u) -> int:
    return u.session.scalar(select(func.count()).select_from(Expenditure)) or 0


def test_one_bad_row_imports_nothing_and_names_row_and_column_then_the_fixed_file_imports_all(uow):
    with uow() as u:
        _, d = _funded(u)
        bad = [list(r) for r in GOOD]
        bad[2][1] = "100.005"  # spreadsheet row 4, column B
        with pytest.raises(ImportRejected) as err:
            import_expenditures(u, d.id, _file(bad), actor=FINANCE, as_of=AS_OF, scope=EVERYTHING)
        (cell,) = err.value.cells
        assert (cell.row, cell.column, cell.header) == (4, "B", "金额（元）")
        assert "两位小数" in cell.message
        assert "第4行「金额（元）」" in err.value.message
        assert _count(u) == 0
        report = import_expenditures(
            u, d.id, _file(GOOD), actor=FINANCE, as_of=AS_OF, scope=EVERYTHING
        )
        assert report.imported == 4
        assert _count(u) == 4
        ledger = designation_ledger(u, d.id, scope=EVERYTHING)
        assert ledger.spent_fen == 120_000 + 8_850 + 6_000 + 45_000
        assert [x.kind for x in ledger.findings] == ["forbidden_category"]


def test_every_bad_cell_is_listed(uow):
    with uow() as u:
        _, d = _funded(u)
        rows = [
            ["2026-13-01", "-3", "", "咖啡", "", "FP1"],
            ["2026-03-01", "1e3", "某", "书籍", "书", "FP2"],
            ["2026-03-01", 100.005, "某", "书籍", "书", "FP3"],  # a number cell, 3 decimals
            [None, "", "某", "书籍", "书", "FP4"],
        ]
        with pytest.raises(ImportRejected) as err:
            import_expenditures(u, d.id, _file(rows), actor=FINANCE, as_of=AS_OF, scope=EVERYTHING)
        found = {(c.row, c.column) for c in err.value.cells}
        assert found == {
            (2, "A"),
            (2, "B"),
            (2, "C"),
            (2, "D"),
            (2, "E"),
            (3, "B"),
            (4, "B"),
            (5, "A"),
            (5, "B"),
        }
        assert err.value.to_dict()["cells"][0]["row"] == 2
        assert _count(u) == 0


def test_a_file_without_the_template_columns_or_not_excel_is_refused(uow):
    with uow() as u:
        _, d = _funded(u)
        wb = Workbook()
        ws = wb.active
        ws.append(["日期", "金额"])
        out = BytesIO()
        wb.save(out)
        with pytest.raises(ImportRejected) as err:
            import_expenditures(
                u, d.id, out.getvalue(), actor=FINANCE, as_of=AS_OF, scope=EVERYTHING
            )
        assert {c.header for c in err.value.cells} == {header for _, header in COLUMNS}
        with pytest.raises(ValidationFailed) as err2:
            import_expenditures(
                u, d.id, b"not a spreadsheet", actor=FINANCE, as_of=AS_OF, scope=EVERYTHING
            )
        assert err2.value.code == "invalid_file"
        assert _count(u) == 0
