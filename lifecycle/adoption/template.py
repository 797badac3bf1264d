"""The registry workbook written out: blank as a template, or filled from the registry (export)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lifecycle.adoption.columns import Sheet
from lifecycle.adoption.sheets import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    INSTRUCTIONS,
    SHEETS,
)
from lifecycle.workbooks import append_row, print_layout, set_value

CHOICES_SHEET = "选项"
# Drop-downs reach this far below the header in a blank template (and past the last filled row).
BLANK_ROWS = 2000


def registry_workbook(
    rows: Mapping[str, Iterable[Sequence[object]]] | None = None,
    *,
    as_of: date | None = None,
    sheets: tuple[Sheet, ...] = SHEETS,
) -> bytes:
    """The workbook: instructions, a sheet per kind (filled with ``rows`` by sheet name);
    ``sheets`` as the user's own tree words them (``guide.workbook_sheets``), else Shanghai's."""
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = INSTRUCTIONS
    _instructions(notes, sheets)
    choices = wb.create_sheet(CHOICES_SHEET)
    ranges = _choice_lists(choices, sheets)
    choices.sheet_state = "hidden"
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        # Row 1 is the title (print_layout), row 2 the header, data from row 3.
        _write_row(ws, HEADER_ROW, [c.header for c in sheet.columns])
        count = 0
        for values in (rows or {}).get(sheet.name, ()):
            _write_row(ws, FIRST_DATA_ROW + count, values)
            count += 1
        last = FIRST_DATA_ROW + max(count, BLANK_ROWS)
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = column.width
            if column.choices is not None:
                validation = DataValidation(
                    type="list", formula1=ranges[(sheet.name, column.key)], allow_blank=True
                )
                validation.error = f"请从下拉列表选择「{column.header}」"
                ws.add_data_validation(validation)
                validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        print_layout(
            ws, f"工作室名册·{sheet.name}", header_row=HEADER_ROW, columns=len(sheet.columns),
            as_of=as_of,
        )  # fmt: skip
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_row(ws: Worksheet, row: int, values: Sequence[object]) -> None:
    for col, value in enumerate(values, start=1):
        set_value(ws.cell(row=row, column=col), value)


def _instructions(ws: Worksheet, sheets: tuple[Sheet, ...]) -> None:
    append_row(ws, ["填写说明"])
    append_row(ws, ["工作表", "说明"])
    lines = [
        (
            "总则",
            "整个文件先全部检查，任何一格有误则不导入任何记录，并列出每一处错误（工作表、行、列、原因）；"
            "无误时在一个事务中全部写入。可先“试导入”查看将新增、修改和不变的记录数。",
        ),
        ("总则", "同一文件可重复导入：已登记且内容相同的记录不变，内容不同的记录按规则修改。"),
        ("总则", "日期格式 2026-03-01；金额以元为单位，最多两位小数。第1行为标题，第2行为表头。"),
        ("总则", "只能导入本人管辖范围（本工会及下级）内的工会和工作室。"),
    ]
    lines += [(sheet.name, sheet.note) for sheet in sheets]
    for line in lines:
        append_row(ws, list(line))
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 110


def _choice_lists(ws: Worksheet, sheets: tuple[Sheet, ...]) -> dict[tuple[str, str], str]:
    """One column of the hidden sheet per closed list; the formula each drop-down refers to."""
    ranges: dict[tuple[str, str], str] = {}
    col = 0
    for sheet in sheets:
        for column in sheet.columns:
            if column.choices is None:
                continue
            col += 1
            letter = get_column_letter(col)
            set_value(ws.cell(row=1, column=col), f"{sheet.name}·{column.header}")
            for row, label in enumerate(column.choices, start=2):
                set_value(ws.cell(row=row, column=col), label)
            end = len(column.choices) + 1
            ranges[(sheet.name, column.key)] = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${end}"
    return ranges


def header_of(sheet: Sheet) -> list[str]:
    return [c.header for c in sheet.columns]
