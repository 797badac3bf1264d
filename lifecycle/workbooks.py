"""Every workbook the service writes goes through here: safe text cells and a printable layout."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lifecycle.citations import cite
from lifecycle.clock import chinese_date

# A cell that starts with one of these is read as a formula (or DDE) by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def excel_text(value: str) -> str:
    """Text as a cell can hold it: control characters (which Excel refuses) left out, rule ids
    as Chinese citations."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", cite(value)))


def set_value(cell: Cell, value: object) -> None:
    """Write `value`; a string is always a text cell, quote-prefixed when it could be a formula."""
    if isinstance(value, str):
        text = excel_text(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        return
    cell.value = value


def append_row(ws: Worksheet, values: Sequence[object]) -> int:
    """Append one row through `set_value`; returns its row number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for col, value in enumerate(values, start=1):
        set_value(ws.cell(row=row, column=col), value)
    return row


def print_layout(
    ws: Worksheet, title: str, *, header_row: int, columns: int, as_of: date | None = None
) -> None:
    """Title row (its date as pages write it, 2026年12月7日), frozen header, autofilter,
    landscape fit-to-width, header repeated on pages."""
    cell = ws.cell(row=1, column=1)
    set_value(cell, f"{title}（{chinese_date(as_of)}）" if as_of else title)
    cell.font = _TITLE
    if columns > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    for col in range(1, columns + 1):
        head = ws.cell(row=header_row, column=col)
        head.font = _BOLD
        head.alignment = Alignment(horizontal="center", wrap_text=True)
    last = get_column_letter(columns)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
