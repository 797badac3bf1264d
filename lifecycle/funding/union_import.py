"""One spreadsheet of expenditures for all of a union's workshops, each row naming its title [Y16].

A unit union with several workshops sends one file. The template's first column, 命名记录,
offers the union's designations as "编号｜名称｜方案" (a drop-down from the sheet 命名清单);
the id before the first "｜" decides, so the choice is unambiguous. As the per-designation import:
every cell checked first, any bad cell → nothing imported and each one listed; a row naming a
designation outside the union (or the caller's scope) is a bad cell, and so is a date before
the founding of the workshop the row names (as on the form). A good file is stored in
one transaction, each designation audited once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lifecycle.actors import Actor
from lifecycle.adoption.errors import blank_cell
from lifecycle.errors import NotFound
from lifecycle.funding.excel_import import (
    COLUMNS,
    TEMPLATE_ROWS,
    UPLOAD_NAME,
    CellProblem,
    ImportRejected,
    SheetRows,
    check_row,
    data_rows,
    read_sheet,
    template_workbook,
    text_of,
)
from lifecycle.funding.expenditures import CleanExpenditure, store_expenditures
from lifecycle.schemes import get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.workbook_reader import UncomputedFormula, formula_refused
from lifecycle.workbooks import append_row, excel_text

DESIGNATION = ("designation", "命名记录")
UNION_COLUMNS = (DESIGNATION, *COLUMNS)
LIST_SHEET = "命名清单"
_LEADING_ID = re.compile(r"^\s*(\d{1,10})\s*(?:[｜|].*)?$", re.S)


@dataclass(frozen=True)
class UnionImportReport:
    """A file imported whole: expenditures stored per designation."""

    union_id: int
    imported: int
    by_designation: dict[int, int]


def designation_choices(uow: UnitOfWork, union_id: int, *, scope: Scope) -> dict[int, str]:
    """The designations of the union's subtree the caller may write to: id → "编号｜名称｜方案"."""
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在可见范围内", field="union_id")
    rows = uow.funding.designations_under(Scope.subtree(union.path))
    found: dict[int, str] = {}
    for did, title, number, code in rows:
        numbered = f"（{number}）" if number else ""
        found[did] = excel_text(f"{did}｜{title}｜{get_scheme(code).settings.name}{numbered}")
    return found


def union_template(choices: dict[int, str]) -> bytes:
    """The template with a leading 命名记录 column choosing among ``choices``."""
    wb = template_workbook(first=(DESIGNATION[1], 48))
    listed = wb.create_sheet(LIST_SHEET, 1)
    append_row(listed, ["命名记录（请在支出明细第一列选择）"])
    listed.column_dimensions["A"].width = 60
    for label in choices.values():
        append_row(listed, [label])  # workshop names are user input: never a formula
    ws = wb.worksheets[0]
    if choices:
        last = len(choices) + 1
        validation = DataValidation(
            type="list", formula1=f"'{LIST_SHEET}'!$A$2:$A${last}", allow_blank=True
        )
        ws.add_data_validation(validation)
        validation.add(f"A2:A{TEMPLATE_ROWS + 1}")
    notes = wb["填写说明"]
    append_row(
        notes, ["第一列「命名记录」从下拉列表选择（以编号开头，如 12｜……），每行可属于不同工作室。"]
    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def read_union_sheet(content: bytes, filename: str = UPLOAD_NAME) -> SheetRows:
    """The union template's sheet, read before any transaction opens."""
    return read_sheet(content, UNION_COLUMNS, filename)


def parse_union_file(
    content: bytes | SheetRows,
    *,
    as_of: date,
    choices: dict[int, str],
    founded: Mapping[int, date] | None = None,
) -> list[tuple[int, CleanExpenditure]]:
    """(designation id, clean row) for every row, or ``ImportRejected`` naming every bad cell;
    a row's date is not before the founding of the workshop its 命名记录 names (``founded``),
    as on the form and in one title's file."""
    founding = founded or {}
    sheet = read_union_sheet(content) if isinstance(content, bytes) else content
    lines, position = sheet.lines, sheet.position
    cells: list[CellProblem] = []
    clean: list[tuple[int, CleanExpenditure]] = []
    letter = get_column_letter(position[DESIGNATION[0]] + 1)
    for number, values in data_rows(lines, cells):
        at = position[DESIGNATION[0]]
        value = values[at] if at < len(values) else None
        raw = None if isinstance(value, UncomputedFormula) else text_of(value)
        designation_id = _designation(raw, choices)
        if isinstance(value, UncomputedFormula):
            cells.append(CellProblem(number, letter, DESIGNATION[1], formula_refused(value)))
        elif designation_id is None:
            blank = not (raw or "").strip()
            why = blank_cell(DESIGNATION[1]) if blank else "不是本工会可填报的命名记录"
            cells.append(CellProblem(number, letter, DESIGNATION[1], why))
        founded_on = founding.get(designation_id) if designation_id is not None else None
        row = check_row(values, position, number, as_of, cells, founded_on=founded_on)
        if row is not None and designation_id is not None:
            clean.append((designation_id, row))
    if not cells and not clean:
        cells.append(CellProblem(2, "A", DESIGNATION[1], "文件中没有支出记录"))
    if cells:
        raise ImportRejected(cells)
    return clean


def import_union_expenditures(
    uow: UnitOfWork,
    union_id: int,
    content: bytes | SheetRows,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> UnionImportReport:
    """Check every row (scope per row) first; then store all, per designation, in one go."""
    choices = designation_choices(uow, union_id, scope=scope)
    founded = uow.funding.founding_dates(choices)
    rows = parse_union_file(content, as_of=as_of, choices=choices, founded=founded)
    grouped: dict[int, list[CleanExpenditure]] = {}
    for designation_id, row in rows:
        grouped.setdefault(designation_id, []).append(row)
    for designation_id, chunk in sorted(grouped.items()):
        store_expenditures(uow, designation_id, chunk, actor=actor, as_of=as_of)
    counts = {did: len(chunk) for did, chunk in sorted(grouped.items())}
    return UnionImportReport(union_id, len(rows), counts)


def _designation(raw: str | None, choices: dict[int, str]) -> int | None:
    """The id a cell names, if it is one of ``choices`` (a bare id or a whole list label)."""
    match = _LEADING_ID.match(raw or "")
    if match is None:
        return None
    designation_id = int(match[1])
    label = choices.get(designation_id)
    if label is None:
        return None
    # A whole label must be the one listed: an edited name is not silently taken by its id.
    whole = (raw or "").strip()
    return designation_id if whole == str(designation_id) or whole == label else None
