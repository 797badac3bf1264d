"""Excel import of expenditures: a template, the whole file checked first, then one write [Y16]."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lifecycle.actors import Actor
from lifecycle.adoption.errors import CELLS_KEPT, SHOWN_IN_MESSAGE, blank_cell, more_cells
from lifecycle.errors import FieldProblem, Problems, ValidationFailed
from lifecycle.funding.categories import CATEGORY_LABELS, EARMARK_READING, is_forbidden
from lifecycle.funding.expenditures import CleanExpenditure, check_expenditure, store_expenditures
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.workbook_reader import (
    UncomputedFormula,
    WorkbookLimits,
    cell_date,
    formula_refused,
    read_first_sheet,
)
from lifecycle.workbooks import append_row

# (field, header) in template order; the header names the column in every error.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("spent_on", "支出日期"),
    ("amount_yuan", "金额（元）"),
    ("payee", "收款方"),
    ("category", "支出类别"),
    ("description", "用途说明"),
    ("receipt_ref", "票据号"),
)
MAX_ROWS = 5000
TEMPLATE_ROWS = 500


@dataclass(frozen=True)
class CellProblem:
    """One bad cell: spreadsheet row number, column letter and header, and why."""

    row: int
    column: str
    header: str
    message: str


class ImportRejected(ValidationFailed):
    """A file with bad cells: nothing was imported; ``cells`` lists the first ``CELLS_KEPT`` and
    ``more`` counts the rest, as the registry import does (``lifecycle.adoption.errors``)."""

    code = "import_rejected"

    def __init__(self, cells: list[CellProblem]) -> None:
        self.total = len(cells)
        self.cells = cells[:CELLS_KEPT]
        self.more = self.total - len(self.cells)
        rest = self.total - SHOWN_IN_MESSAGE
        problems = [
            FieldProblem(f"rows[{c.row}].{c.column}", self.code, c.message) for c in self.cells
        ]
        if self.more:
            problems.append(FieldProblem("file", self.code, more_cells(self.more)))
        super().__init__(
            f"文件中有{self.total}处错误，未导入任何记录："
            + "；".join(
                f"第{c.row}行「{c.header}」（{c.column}列）：{c.message}"
                for c in cells[:SHOWN_IN_MESSAGE]
            )
            + (f"；{more_cells(rest)}" if rest > 0 else ""),
            problems=problems,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            **super().to_dict(),
            "cells": [c.__dict__ for c in self.cells],
            "total_cells": self.total,
            "more_cells": self.more,
        }


@dataclass(frozen=True)
class ImportReport:
    """A file imported whole: how many expenditures were stored."""

    designation_id: int
    imported: int


def expenditure_template(
    article: str | None = None, *, rule: str = "", lists_uses: bool = False
) -> bytes:
    """The downloadable .xlsx template: headers, category list, text-formatted amounts; the
    notes cite ``article``, the 专款专用 article of the title's own scheme, with what it asks
    (``rule``), and mark the four uses as it does (``lists_uses``: [Y16]; none: any title)."""
    wb = template_workbook(article=article, rule=rule, lists_uses=lists_uses)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def template_workbook(
    first: tuple[str, int] | None = None,
    *,
    article: str | None = None,
    rule: str = "",
    lists_uses: bool = False,
) -> Workbook:
    """The template's sheets; ``first`` (header, width) adds a leading column (union import);
    ``article`` is the scheme's 专款专用 article the notes cite with what it asks (``rule``) (a
    file for titles of several schemes, or of any, cites none: each scheme's own article is
    cited by its findings); only an article listing the uses (``lists_uses``, [Y16]) has the
    four called 禁止, elsewhere they are findings by reading 35a."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "支出明细"
    lead = [first] if first else []
    append_row(ws, [h for h, _ in lead] + [header for _, header in COLUMNS])
    widths = [w for _, w in lead] + [14, 14, 24, 14, 40, 18]
    for col, width in enumerate(widths, start=1):
        ws.cell(row=1, column=col).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    shift = len(lead)
    labels = ",".join(CATEGORY_LABELS.values())
    validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    ws.add_data_validation(validation)
    category = get_column_letter(4 + shift)
    validation.add(f"{category}2:{category}{TEMPLATE_ROWS + 1}")
    for row in range(2, TEMPLATE_ROWS + 2):
        ws.cell(row=row, column=1 + shift).number_format = "yyyy-mm-dd"
        # Text cells keep the amount exactly as typed: no binary float on the way in.
        ws.cell(row=row, column=2 + shift).number_format = "@"
    notes = wb.create_sheet("填写说明")
    append_row(notes, ["说明"])
    how = "每行一笔支出；金额以元为单位，最多两位小数，不能为负数；日期格式 2026-03-01。"
    append_row(notes, [how])
    if article is not None and lists_uses:
        append_row(notes, [f"{rule}（{article}）。"])
        append_row(notes, [f"支出类别（{article}）", "是否禁止用途"])
        for category, label in CATEGORY_LABELS.items():
            append_row(notes, [label, "禁止" if is_forbidden(category) else "允许"])
        append_row(notes, ["禁止用途的支出仍会登记，并作为审计发现提交财务人员处理。"])
        return wb
    if article is not None:
        append_row(notes, [f"{rule}（{article}）。{EARMARK_READING}。"])
    append_row(notes, ["支出类别", "是否列为审计发现"])
    for category, label in CATEGORY_LABELS.items():
        append_row(notes, [label, "是" if is_forbidden(category) else "否"])
    append_row(notes, ["列为审计发现的支出仍会登记，由财务人员核实处理。"])
    return wb


def import_expenditures(
    uow: UnitOfWork,
    designation_id: int,
    content: bytes | SheetRows,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> ImportReport:
    """Check every row first: any bad cell → nothing imported; else all rows, in one go.

    The edges pass ``read_expenditure_sheet``'s result: the file is parsed off the event loop and
    before the transaction opens (on SQLite an open write transaction holds the lock).
    """
    designation = uow.designations.require(designation_id, scope)
    rows = parse_expenditure_file(content, as_of=as_of, founded_on=designation.workshop.founded_on)
    stored = store_expenditures(uow, designation.id, rows, actor=actor, as_of=as_of)
    return ImportReport(designation.id, len(stored))


def parse_expenditure_file(
    content: bytes | SheetRows, *, as_of: date, founded_on: date | None = None
) -> list[CleanExpenditure]:
    """The clean rows of a template file, or ``ImportRejected`` naming every bad cell
    (``founded_on``: the workshop's founding, before which nothing was spent)."""
    sheet = read_expenditure_sheet(content) if isinstance(content, bytes) else content
    lines, position = sheet.lines, sheet.position
    cells: list[CellProblem] = []
    clean: list[CleanExpenditure] = []
    for number, values in data_rows(lines, cells):
        row = check_row(values, position, number, as_of, cells, founded_on=founded_on)
        if row is not None:
            clean.append(row)
    if not cells and not clean:
        cells.append(CellProblem(2, "A", COLUMNS[0][1], "文件中没有支出记录"))
    if cells:
        raise ImportRejected(cells)
    return clean


@dataclass(frozen=True)
class SheetRows:
    """An upload's first sheet as read (off the request's transaction): rows and header map."""

    lines: list[tuple[object, ...]]
    position: dict[str, int]


# Checked before openpyxl loads anything (lifecycle.workbook_reader).
LIMITS = WorkbookLimits(rows=MAX_ROWS + 2)
UPLOAD_NAME = "上传的文件"


def read_sheet(
    content: bytes, columns: tuple[tuple[str, str], ...], filename: str = UPLOAD_NAME
) -> SheetRows:
    """The first sheet's rows and each column's position by header; a missing header refused.

    A file that is not a small, plain .xlsx is refused naming it (``UnreadableWorkbook``).
    """
    lines = read_first_sheet(content, filename or UPLOAD_NAME, LIMITS)
    header = [str(v).strip() if v is not None else "" for v in (lines[0] if lines else ())]
    position: dict[str, int] = {}
    cells: list[CellProblem] = []
    for index, (field, title) in enumerate(columns):
        if title in header:
            position[field] = header.index(title)
        else:
            letter = get_column_letter(index + 1)
            cells.append(CellProblem(1, letter, title, f"缺少「{title}」列，请使用下载的模板"))
    if cells:
        raise ImportRejected(cells)
    return SheetRows(lines, position)


def read_expenditure_sheet(content: bytes, filename: str = UPLOAD_NAME) -> SheetRows:
    """The per-designation template's sheet, read before any transaction opens."""
    return read_sheet(content, COLUMNS, filename)


def data_rows(
    lines: list[tuple[object, ...]], cells: list[CellProblem]
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(spreadsheet row number, values) of the non-blank rows, at most ``MAX_ROWS``."""
    for number, values in enumerate(lines[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if number > MAX_ROWS + 1:
            cells.append(CellProblem(number, "A", "", f"一次最多导入{MAX_ROWS}行"))
            return
        yield number, values


def check_row(
    values: tuple[object, ...],
    position: dict[str, int],
    number: int,
    as_of: date,
    cells: list[CellProblem],
    *,
    founded_on: date | None = None,
) -> CleanExpenditure | None:
    """One expenditure row checked; each bad cell added to ``cells``."""

    def cell(field: str) -> object:
        at = position[field]
        return values[at] if at < len(values) else None

    problems = Problems()
    spent_on: date | None = None
    if cell("spent_on") not in (None, ""):
        day = cell_date(cell("spent_on"))
        if isinstance(day, date):
            spent_on = day
        else:
            problems.add("spent_on", "invalid_date", day)
    amount = cell("amount_yuan")
    if isinstance(amount, str) and amount.strip().startswith("="):  # typed into a text cell
        amount = UncomputedFormula(amount.strip())
    if isinstance(amount, UncomputedFormula):
        problems.add("amount_yuan", "formula", formula_refused(amount, "数值"))
        amount = None
    for field, _ in COLUMNS[2:]:
        value = cell(field)
        if isinstance(value, UncomputedFormula):
            problems.add(field, "formula", formula_refused(value))
    clean = check_expenditure(
        problems,
        spent_on=spent_on,
        amount_yuan=amount,
        payee=text_of(cell("payee")),
        category=text_of(cell("category")),
        description=text_of(cell("description")),
        receipt_ref=text_of(cell("receipt_ref")),
        as_of=as_of,
        founded_on=founded_on,
    )
    seen: set[str] = set()
    headers = dict(COLUMNS)
    for p in problems.items:
        if p.field in seen:  # an unparsable date is reported once, not also as "required"
            continue
        seen.add(p.field)
        letter = get_column_letter(position[p.field] + 1)
        # A blank cell is asked for in one wording, whichever field's check refused it.
        why = blank_cell(headers[p.field]) if _blank(cell(p.field)) else p.message
        cells.append(CellProblem(number, letter, headers[p.field], why))
    return clean


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
